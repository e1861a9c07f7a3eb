/**
 * Serves discovery and OpenAPI documents built from the registry's kinds.
 * Documents are cached until the set of kinds changes (CRDs add kinds).
 */
import type { KindDefinition } from "../apis/types.js";
import {
  AGGREGATED_DISCOVERY_CONTENT_TYPES,
  aggregatedDiscovery,
  apiGroupList,
  apiResourceList,
  apiVersions,
  wantsAggregatedDiscovery,
} from "./discovery/index.js";
import { openApiV3Document, openApiV3Root } from "./openapi/index.js";
import type { Registry } from "./registry/index.js";
import { jsonResponse } from "./respond.js";

class DocumentCache {
  #kindCount = -1;
  readonly #documents = new Map<string, string>();

  get(kinds: readonly KindDefinition[], key: string, build: () => unknown): string {
    if (kinds.length !== this.#kindCount) {
      this.#documents.clear();
      this.#kindCount = kinds.length;
    }
    let text = this.#documents.get(key);
    if (text === undefined) {
      text = JSON.stringify(build());
      this.#documents.set(key, text);
    }
    return text;
  }
}

const cache = new WeakMap<Registry, DocumentCache>();

function cached(registry: Registry): DocumentCache {
  let documents = cache.get(registry);
  if (!documents) {
    documents = new DocumentCache();
    cache.set(registry, documents);
  }
  return documents;
}

function textResponse(text: string, contentType = "application/json"): Response {
  return new Response(text, { status: 200, headers: { "Content-Type": contentType } });
}

/** Answers a discovery or OpenAPI path, or returns null when the path is not one. */
export function serveDiscovery(registry: Registry, path: string, accept: string | undefined, serverAddress: string): Response | null {
  const kinds = registry.kinds();
  const documents = cached(registry);
  if (path === "/api" || path === "/apis") {
    const aggregated = wantsAggregatedDiscovery(accept);
    if (aggregated) {
      const scope = path === "/api" ? "core" : "groups";
      const text = documents.get(kinds, `${path}:${aggregated}`, () => aggregatedDiscovery(kinds, scope, { version: aggregated }));
      return textResponse(text, AGGREGATED_DISCOVERY_CONTENT_TYPES[aggregated]);
    }
    return path === "/api" ? jsonResponse(200, apiVersions(serverAddress)) : textResponse(documents.get(kinds, "/apis", () => apiGroupList(kinds)));
  }
  if (path === "/openapi/v3") return textResponse(documents.get(kinds, path, () => openApiV3Root(kinds)));
  const openapi = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (openapi) {
    const group = openapi[2] ?? "";
    const version = openapi[1] ?? openapi[3] ?? "";
    const document = documents.get(kinds, path, () => openApiV3Document(kinds, group, version) ?? null);
    return document === "null" ? null : textResponse(document);
  }
  const legacy = /^\/(?:api\/(v1)|apis\/([^/]+)(?:\/([^/]+))?)$/.exec(path);
  if (!legacy) return null;
  const group = legacy[2] ?? "";
  const version = legacy[1] ?? legacy[3];
  if (version === undefined) {
    const entry = apiGroupList(kinds).groups.find((g) => g.name === group);
    return entry ? jsonResponse(200, { kind: "APIGroup", apiVersion: "v1", ...entry }) : null;
  }
  const text = documents.get(kinds, path, () => apiResourceList(kinds, group, version) ?? null);
  return text === "null" ? null : textResponse(text);
}

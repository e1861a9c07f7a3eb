/**
 * Serves discovery and OpenAPI documents built from the registry's kinds.
 * Documents are cached until the set of kinds changes (CRDs add kinds).
 */
import {
  AGGREGATED_DISCOVERY_CONTENT_TYPES,
  aggregatedDiscovery,
  apiGroupList,
  apiResourceList,
  apiVersions,
  wantsAggregatedDiscovery,
} from "./discovery/index.js";
import { openApiV3Documents, type HashedDocument } from "./openapi/index.js";
import { openApiV2ContentType, serveOpenApiV2, type ServedOpenApiV2 } from "./openapi/v2/index.js";
import type { Registry } from "./registry/index.js";
import { jsonResponse } from "./respond.js";

class DocumentCache {
  #generation = -1;
  readonly #documents = new Map<string, string>();
  /** `/openapi/v2` by content type: protobuf bytes or JSON text. */
  readonly #openApiV2 = new Map<string, ServedOpenApiV2>();
  #openApi: ReadonlyMap<string, HashedDocument> | undefined;

  /** Every OpenAPI v3 document, built together once per set of kinds. */
  openApi(registry: Registry): ReadonlyMap<string, HashedDocument> {
    this.#refresh(registry);
    this.#openApi ??= openApiV3Documents(registry.kinds());
    return this.#openApi;
  }

  openApiV2(registry: Registry, accept: string | undefined): ServedOpenApiV2 {
    this.#refresh(registry);
    const contentType = openApiV2ContentType(accept);
    let served = this.#openApiV2.get(contentType);
    if (served === undefined) {
      served = serveOpenApiV2(registry.kinds(), accept);
      this.#openApiV2.set(contentType, served);
    }
    return served;
  }

  #refresh(registry: Registry): void {
    if (registry.generation === this.#generation) return;
    this.#documents.clear();
    this.#openApiV2.clear();
    this.#openApi = undefined;
    this.#generation = registry.generation;
  }

  get(registry: Registry, key: string, build: () => unknown): string {
    this.#refresh(registry);
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
      const text = documents.get(registry, `${path}:${aggregated}`, () => aggregatedDiscovery(kinds, scope, { version: aggregated }));
      return textResponse(text, AGGREGATED_DISCOVERY_CONTENT_TYPES[aggregated]);
    }
    return path === "/api" ? jsonResponse(200, apiVersions(serverAddress)) : textResponse(documents.get(registry, "/apis", () => apiGroupList(kinds)));
  }
  if (path === "/openapi/v2") {
    const { contentType, body } = documents.openApiV2(registry, accept);
    return new Response(body, { status: 200, headers: { "Content-Type": contentType } });
  }
  if (path === "/openapi/v3") {
    const root = () => ({ paths: Object.fromEntries([...documents.openApi(registry)].map(([p, { hash }]) => [p, { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` }])) });
    return textResponse(documents.get(registry, path, root));
  }
  if (path.startsWith("/openapi/v3/")) {
    const text = documents.get(registry, path, () => documents.openApi(registry).get(path.slice("/openapi/v3/".length))?.document ?? null);
    return text === "null" ? null : textResponse(text);
  }
  const legacy = /^\/(?:api\/(v1)|apis\/([^/]+)(?:\/([^/]+))?)$/.exec(path);
  if (!legacy) return null;
  const group = legacy[2] ?? "";
  const version = legacy[1] ?? legacy[3];
  if (version === undefined) {
    const entry = apiGroupList(kinds).groups.find((g) => g.name === group);
    return entry ? jsonResponse(200, { kind: "APIGroup", apiVersion: "v1", ...entry }) : null;
  }
  const text = documents.get(registry, path, () => apiResourceList(kinds, group, version) ?? null);
  return text === "null" ? null : textResponse(text);
}

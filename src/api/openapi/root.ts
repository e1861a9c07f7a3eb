/**
 * `/openapi/v3`: the index of every OpenAPI v3 document, each URL carrying a
 * hash of the document's content. Clients (kubectl among them) cache a
 * document by that URL, so the hash must change exactly when the content
 * does; upstream uses the uppercase hex SHA-512 of the JSON, and so do we.
 */
import { createHash } from "node:crypto";
import type { KindDefinition } from "../../apis/types.js";
import { servedGroups } from "../discovery/index.js";
import { coreDiscoveryDocument, groupDiscoveryDocument, groupsDiscoveryDocument } from "./discovery-documents.js";
import { openApiV3Document } from "./document.js";
import type { OpenApiDocument, OpenApiV3Root } from "./types.js";

export interface HashedDocument {
  readonly document: OpenApiDocument;
  /** Uppercase hex SHA-512 of `JSON.stringify(document)`; also a good ETag. */
  readonly hash: string;
}

function hashed(document: OpenApiDocument): HashedDocument {
  return { document, hash: createHash("sha512").update(JSON.stringify(document)).digest("hex").toUpperCase() };
}

/**
 * Every document the root lists, keyed by its path below `/openapi/v3/`:
 * `api`, `api/v1`, `apis`, `apis/{group}` and `apis/{group}/{version}`.
 */
export function openApiV3Documents(kinds: readonly KindDefinition[]): ReadonlyMap<string, HashedDocument> {
  const documents = new Map<string, HashedDocument>([
    ["api", hashed(coreDiscoveryDocument())],
    ["apis", hashed(groupsDiscoveryDocument())],
  ]);
  for (const { name, versions } of servedGroups(kinds)) {
    if (name !== "") documents.set(`apis/${name}`, hashed(groupDiscoveryDocument(name)));
    for (const version of versions) {
      const document = openApiV3Document(kinds, name, version);
      if (document) documents.set(name === "" ? `api/${version}` : `apis/${name}/${version}`, hashed(document));
    }
  }
  return documents;
}

export function openApiV3Root(kinds: readonly KindDefinition[]): OpenApiV3Root {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [path, { hash }] of openApiV3Documents(kinds)) {
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths };
}

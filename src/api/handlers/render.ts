/**
 * Renders objects and lists in the form the client negotiated: plain JSON
 * (spliced from stored text when nothing needs parsing), a Table, or
 * partial metadata.
 */
import type { KubeObject } from "../../apis/types.js";
import type { ResourceStore, StoredObject } from "../registry/index.js";
import type { Rendering } from "../negotiation.js";
import { buildTable, parseIncludeObject, partialObjectMetadata } from "../table.js";
import { jsonResponse, jsonTextResponse } from "../respond.js";

/** An object to answer with, and its JSON text when the store already has it (a read or a write that stored it). */
export interface Answer {
  readonly object: KubeObject;
  readonly raw?: string | undefined;
}

export function renderObject(store: ResourceStore, answer: Answer, rendering: Rendering, query: URLSearchParams, status = 200, warnings: readonly string[] = []): Response {
  if (rendering.as === "object") {
    // The stored text as is: parsing it only to serialise it again would be wasted.
    return answer.raw === undefined ? jsonResponse(status, answer.object, warnings) : jsonTextResponse(status, answer.raw, warnings);
  }
  const object = answer.object;
  switch (rendering.as) {
    case "Table":
      return jsonResponse(
        status,
        buildTable(store.kind, [object], {
          version: rendering.version,
          includeObject: parseIncludeObject(query.get("includeObject") ?? undefined),
          listMeta: { resourceVersion: object.metadata.resourceVersion ?? "" },
          now: new Date(),
        }),
        warnings,
      );
    case "PartialObjectMetadata":
      return jsonResponse(status, partialObjectMetadata(object, rendering.version), warnings);
    default: {
      const never: never = rendering;
      throw new Error(`Unknown rendering ${JSON.stringify(never)}`);
    }
  }
}

export type ListMeta = {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
};

export function renderList(store: ResourceStore, items: readonly StoredObject[], listMeta: ListMeta, rendering: Rendering, query: URLSearchParams): Response {
  switch (rendering.as) {
    case "object": {
      // Splice the stored JSON texts: a list of thousands never parses or re-serialises its items.
      const head = JSON.stringify({ kind: store.kind.listKind, apiVersion: store.apiVersion, metadata: listMeta });
      return jsonTextResponse(200, `${head.slice(0, -1)},"items":[${items.map((i) => i.raw).join(",")}]}`);
    }
    case "Table":
      return jsonResponse(
        200,
        buildTable(
          store.kind,
          items.map((i) => i.object),
          { version: rendering.version, includeObject: parseIncludeObject(query.get("includeObject") ?? undefined), listMeta, now: new Date() },
        ),
      );
    case "PartialObjectMetadata":
      return jsonResponse(200, {
        kind: "PartialObjectMetadataList",
        apiVersion: `meta.k8s.io/${rendering.version}`,
        metadata: listMeta,
        items: items.map((i) => partialObjectMetadata(i.object, rendering.version)),
      });
    default: {
      const never: never = rendering;
      throw new Error(`Unknown rendering ${JSON.stringify(never)}`);
    }
  }
}

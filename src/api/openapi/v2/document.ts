/**
 * The one Swagger 2.0 document of `/openapi/v2`: every v3 document's paths
 * and schemas merged, the way upstream serves all group-versions in one
 * swagger.json. Schemas shared by several group-versions are identical
 * except DeleteOptions, which each group-version registers under its own
 * apiVersion; the merged definition lists them all.
 */
import type { KindDefinition } from "../../../apis/types.js";
import { compareStrings } from "../../discovery/index.js";
import type { GroupVersionKind } from "../../discovery/index.js";
import { openApiV3Documents } from "../index.js";
import { swaggerPathItem } from "./paths.js";
import { mapValues, swaggerSchema } from "./schema.js";
import type { SwaggerDocument, SwaggerPathItem, SwaggerSchema } from "./types.js";

const gvkKey = ({ group, version, kind }: GroupVersionKind): string => `${group}/${version}/${kind}`;

function merged(previous: SwaggerSchema | undefined, next: SwaggerSchema): SwaggerSchema {
  const kinds = [...(previous?.["x-kubernetes-group-version-kind"] ?? []), ...(next["x-kubernetes-group-version-kind"] ?? [])];
  if (kinds.length === 0) return next;
  const unique = new Map(kinds.map((gvk) => [gvkKey(gvk), gvk]));
  return { ...next, "x-kubernetes-group-version-kind": [...unique.values()].sort((a, b) => compareStrings(gvkKey(a), gvkKey(b))) };
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareStrings(a, b)));
}

export function openApiV2Document(kinds: readonly KindDefinition[]): SwaggerDocument {
  const paths: Record<string, SwaggerPathItem> = {};
  const definitions: Record<string, SwaggerSchema> = {};
  for (const { document } of openApiV3Documents(kinds).values()) {
    Object.assign(paths, mapValues(document.paths, swaggerPathItem));
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      definitions[name] = merged(definitions[name], swaggerSchema(schema));
    }
  }
  return {
    swagger: "2.0",
    info: { title: "Kubernetes", version: "unversioned" },
    paths: sortedByKey(paths),
    definitions: sortedByKey(definitions),
  };
}

/**
 * `components.schemas` of a group-version document: each kind under its
 * upstream name, tagged with `x-kubernetes-group-version-kind` (how kubectl
 * explain and kubectl's validation find it), its list kind, and the shared
 * schemas the paths refer to.
 *
 * Nested schemas stay inline as the kind files write them; only
 * `metadata` becomes a reference to ObjectMeta, as upstream serves every
 * kind, CRDs included.
 */
import type { KindDefinition } from "../../apis/types.js";
import { compareStrings, gvkOf } from "../discovery/index.js";
import { LIST_META, OBJECT_META, SCALE, TYPE_META_PROPERTIES, metaSchemas, refWith, scaleSchema } from "./meta-schemas.js";
import { ref, schemaName } from "./names.js";
import type { OpenApiSchema } from "./types.js";

function kindSchema(kind: KindDefinition): OpenApiSchema {
  const { properties = {}, ...rest } = kind.schema;
  const metadataDescription = properties["metadata"]?.description ?? "Metadata of the object.";
  return {
    ...rest,
    properties: { ...properties, metadata: refWith(OBJECT_META, metadataDescription, { default: {} }) },
    "x-kubernetes-group-version-kind": [gvkOf(kind)],
  };
}

function listSchema(kind: KindDefinition): OpenApiSchema {
  return {
    type: "object",
    description: `A list of ${kind.kind} objects.`,
    required: ["items"],
    properties: {
      ...TYPE_META_PROPERTIES,
      items: {
        type: "array",
        description: `The ${kind.plural}.`,
        items: { allOf: [ref(schemaName(gvkOf(kind)))], default: {} },
      },
      metadata: refWith(LIST_META, "Metadata of the list.", { default: {} }),
    },
    "x-kubernetes-group-version-kind": [{ group: kind.group, version: kind.version, kind: kind.listKind }],
  };
}

/** The schemas of one group-version's kinds (all of the same group and version), sorted by name as upstream. */
export function componentSchemas(kinds: readonly KindDefinition[], group: string, version: string): Record<string, OpenApiSchema> {
  const schemas: Record<string, OpenApiSchema> = metaSchemas(group, version);
  for (const kind of kinds) {
    schemas[schemaName(gvkOf(kind))] = kindSchema(kind);
    schemas[schemaName({ group, version, kind: kind.listKind })] = listSchema(kind);
  }
  if (kinds.some((kind) => kind.subresources.scale !== undefined)) schemas[SCALE] = scaleSchema;
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => compareStrings(a, b)));
}

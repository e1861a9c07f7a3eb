/**
 * A custom resource's schema: the `openAPIV3Schema` of one CRD version
 * (upstream's JSONSchemaProps, the parts we act on), and the full object
 * schema built from it for the registry, OpenAPI and pruning: the user's
 * fields plus apiVersion, kind and ObjectMeta at the root and in every
 * embedded resource, as upstream's structural schema treats them.
 */
import { objectMetaSchema } from "../../apis/common/meta.js";
import type { Schema } from "../../apis/types.js";

export interface CrdSchema extends Schema {
  properties?: Record<string, CrdSchema>;
  additionalProperties?: CrdSchema | boolean;
  items?: CrdSchema;
  minLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  allOf?: readonly CrdSchema[];
  anyOf?: readonly CrdSchema[];
  oneOf?: readonly CrdSchema[];
  not?: CrdSchema;
  /** CEL rules: accepted and published, not evaluated (no CEL interpreter here). */
  "x-kubernetes-validations"?: readonly unknown[];
}

const typeMeta: Record<string, CrdSchema> = {
  apiVersion: { type: "string", description: "Versioned schema of this representation." },
  kind: { type: "string", description: "The REST resource this object represents." },
};

/** Adds apiVersion, kind and ObjectMeta to every embedded resource below `schema`. */
function withEmbeddedMeta(schema: CrdSchema): CrdSchema {
  const out: CrdSchema = { ...schema };
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, child]) => [key, withEmbeddedMeta(child)]));
  if (typeof schema.additionalProperties === "object") out.additionalProperties = withEmbeddedMeta(schema.additionalProperties);
  if (schema.items) out.items = withEmbeddedMeta(schema.items);
  if (schema["x-kubernetes-embedded-resource"]) out.properties = { ...typeMeta, ...out.properties, metadata: objectMetaSchema };
  return out;
}

/** The schema of whole objects of the kind, from the version's `openAPIV3Schema` (absent: anything goes). */
export function objectSchemaOf(openApi: CrdSchema | undefined, kind: string): CrdSchema {
  const user = withEmbeddedMeta(openApi ?? { type: "object", "x-kubernetes-preserve-unknown-fields": true });
  return {
    ...user,
    type: "object",
    description: user.description ?? `${kind} is a custom resource.`,
    properties: { ...user.properties, ...typeMeta, metadata: objectMetaSchema },
  };
}

/** Whether any `default` appears in the schema: reads only need defaulting then. */
export function hasDefaults(schema: CrdSchema): boolean {
  if (schema.default !== undefined) return true;
  const children = [...Object.values(schema.properties ?? {}), ...(typeof schema.additionalProperties === "object" ? [schema.additionalProperties] : []), ...(schema.items ? [schema.items] : [])];
  return children.some(hasDefaults);
}

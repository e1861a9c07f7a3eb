/**
 * An OpenAPI v3 component schema (as the v3 builder serves it) in Swagger
 * 2.0 form. kubectl builds its validation and explain models from these
 * with kube-openapi's proto parser, which is stricter than 2.0 itself: it
 * follows `$ref` only into `#/definitions/`, never through `allOf`, and
 * rejects a reference that also carries a type or properties.
 */
import type { OpenApiSchema } from "../index.js";
import type { SwaggerSchema } from "./types.js";

const V3_PREFIX = "#/components/schemas/";
const V2_PREFIX = "#/definitions/";

function definitionRef(ref: string): string {
  return ref.startsWith(V3_PREFIX) ? V2_PREFIX + ref.slice(V3_PREFIX.length) : ref;
}

export function mapValues<T, U>(record: Readonly<Record<string, T>>, convert: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, convert(value)]));
}

export function swaggerSchema(schema: OpenApiSchema): SwaggerSchema {
  const {
    $ref,
    allOf,
    properties,
    items,
    additionalProperties,
    nullable: _nullable,
    "x-kubernetes-int-or-string": intOrString,
    ...rest
  } = schema;
  // The v3 builder wraps a reference with siblings (a field's own description) in a one-element
  // allOf to keep 3.0 valid; 2.0 readers, kubectl's included, take the siblings beside `$ref`.
  const [only, ...more] = allOf ?? [];
  if (only?.$ref !== undefined && more.length === 0 && Object.keys(only).length === 1) {
    return { ...rest, $ref: definitionRef(only.$ref) };
  }
  return {
    ...rest,
    // IntOrString keeps its `int-or-string` format and Quantity has none, as in upstream's v2.
    ...(intOrString ? { type: "string" as const } : {}),
    ...($ref === undefined ? {} : { $ref: definitionRef($ref) }),
    ...(allOf === undefined ? {} : { allOf: allOf.map(swaggerSchema) }),
    ...(properties === undefined ? {} : { properties: mapValues(properties, swaggerSchema) }),
    ...(items === undefined ? {} : { items: swaggerSchema(items) }),
    ...(additionalProperties === undefined
      ? {}
      : { additionalProperties: typeof additionalProperties === "boolean" ? additionalProperties : swaggerSchema(additionalProperties) }),
  };
}

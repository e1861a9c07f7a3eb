/**
 * gnostic's `openapi.v2.Schema` and the `Any`/`NamedAny` values it carries.
 * Field numbers are those of github.com/google/gnostic-models
 * openapiv2/OpenAPIv2.proto. Free-form values (enum members, defaults,
 * vendor extensions) travel as `Any.yaml`; JSON is YAML, and kube-openapi
 * parses that text with a YAML decoder, so JSON text is what we write.
 */
import type { ProtoWriter } from "./proto-writer.js";
import type { SwaggerSchema } from "./types.js";

const ANY = { yaml: 2 } as const;
/** NamedAny, NamedSchema, NamedPathItem and NamedResponseValue alike. */
export const NAMED = { name: 1, value: 2 } as const;
/** Definitions and Properties: a map as a repeated NamedSchema. */
const NAMED_SCHEMAS = { additionalProperties: 1 } as const;
const ADDITIONAL_PROPERTIES_ITEM = { schema: 1, boolean: 2 } as const;
const TYPE_ITEM = { value: 1 } as const;
const ITEMS_ITEM = { schema: 1 } as const;

export const SCHEMA = {
  ref: 1,
  format: 2,
  description: 4,
  default: 5,
  maximum: 7,
  minimum: 9,
  maxLength: 11,
  pattern: 13,
  required: 19,
  enum: 20,
  additionalProperties: 21,
  type: 22,
  items: 23,
  allOf: 24,
  properties: 25,
  vendorExtension: 31,
} as const;

export function writeAny(writer: ProtoWriter, field: number, value: unknown): void {
  writer.message(field, (any) => any.string(ANY.yaml, JSON.stringify(value)));
}

/** Every `x-` key of an object, in order, as repeated NamedAny. */
export function writeVendorExtensions(writer: ProtoWriter, field: number, object: object): void {
  for (const [name, value] of Object.entries(object)) {
    if (!name.startsWith("x-") || value === undefined) continue;
    writer.message(field, (named) => {
      named.string(NAMED.name, name);
      writeAny(named, NAMED.value, value);
    });
  }
}

/** A `map<string, Schema>` as gnostic spells it: a message of repeated NamedSchema. */
export function writeNamedSchemas(writer: ProtoWriter, field: number, schemas: Readonly<Record<string, SwaggerSchema>>): void {
  writer.message(field, (map) => {
    for (const [name, schema] of Object.entries(schemas)) {
      map.message(NAMED_SCHEMAS.additionalProperties, (named) => {
        named.string(NAMED.name, name);
        named.message(NAMED.value, (value) => writeSchema(value, schema));
      });
    }
  });
}

export function writeSchema(writer: ProtoWriter, schema: SwaggerSchema): void {
  writer.string(SCHEMA.ref, schema.$ref);
  writer.string(SCHEMA.format, schema.format);
  writer.string(SCHEMA.description, schema.description);
  if (schema.default !== undefined) writeAny(writer, SCHEMA.default, schema.default);
  writer.double(SCHEMA.maximum, schema.maximum);
  writer.double(SCHEMA.minimum, schema.minimum);
  writer.uint(SCHEMA.maxLength, schema.maxLength);
  writer.string(SCHEMA.pattern, schema.pattern);
  writer.strings(SCHEMA.required, schema.required);
  for (const member of schema.enum ?? []) writeAny(writer, SCHEMA.enum, member);
  const { additionalProperties, type, items } = schema;
  if (additionalProperties !== undefined) {
    writer.message(SCHEMA.additionalProperties, (item) =>
      typeof additionalProperties === "boolean"
        ? item.oneofBool(ADDITIONAL_PROPERTIES_ITEM.boolean, additionalProperties)
        : item.message(ADDITIONAL_PROPERTIES_ITEM.schema, (value) => writeSchema(value, additionalProperties)),
    );
  }
  if (type !== undefined) writer.message(SCHEMA.type, (item) => item.strings(TYPE_ITEM.value, [type]));
  if (items !== undefined) writer.message(SCHEMA.items, (item) => item.message(ITEMS_ITEM.schema, (value) => writeSchema(value, items)));
  for (const part of schema.allOf ?? []) writer.message(SCHEMA.allOf, (value) => writeSchema(value, part));
  if (schema.properties !== undefined) writeNamedSchemas(writer, SCHEMA.properties, schema.properties);
  writeVendorExtensions(writer, SCHEMA.vendorExtension, schema);
}

/**
 * gnostic's `openapi.v2.Schema` and the `Any`/`NamedAny` values it carries.
 * Field numbers are those of github.com/google/gnostic-models
 * openapiv2/OpenAPIv2.proto. Free-form values (enum members, defaults,
 * vendor extensions) travel as `Any.yaml`; JSON is YAML, and kube-openapi
 * parses that text with a YAML decoder, so JSON text is what we write.
 *
 * Each function returns the body of one message, for `ProtoWriter.message`.
 */
import type { ProtoWriter } from "./proto-writer.js";
import type { SwaggerSchema } from "./types.js";

export type MessageBody = (writer: ProtoWriter) => void;

const ANY = { yaml: 2 } as const;
/** NamedAny, NamedSchema, NamedPathItem and NamedResponseValue alike. */
export const NAMED = { name: 1, value: 2 } as const;
/** Definitions and Properties: a map as a repeated NamedSchema. */
const NAMED_SCHEMAS = { additionalProperties: 1 } as const;
const ADDITIONAL_PROPERTIES_ITEM = { schema: 1, boolean: 2 } as const;
const TYPE_ITEM = { value: 1 } as const;
const ITEMS_ITEM = { schema: 1 } as const;

const SCHEMA = {
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

export function anyMessage(value: unknown): MessageBody {
  return (writer) => writer.string(ANY.yaml, JSON.stringify(value));
}

/** Each `x-` key of an object, in order, as the body of a NamedAny. */
export function vendorExtensions(object: object): MessageBody[] {
  return Object.entries(object)
    .filter(([name, value]) => name.startsWith("x-") && value !== undefined)
    .map(([name, value]) => (writer) => {
      writer.string(NAMED.name, name);
      writer.message(NAMED.value, anyMessage(value));
    });
}

/** A `map<string, Schema>` as gnostic spells it: a message of repeated NamedSchema. */
export function namedSchemasMessage(schemas: Readonly<Record<string, SwaggerSchema>>): MessageBody {
  return (writer) => {
    for (const [name, schema] of Object.entries(schemas)) {
      writer.message(NAMED_SCHEMAS.additionalProperties, (named) => {
        named.string(NAMED.name, name);
        named.message(NAMED.value, schemaMessage(schema));
      });
    }
  };
}

function additionalPropertiesMessage(value: SwaggerSchema | boolean): MessageBody {
  return typeof value === "boolean"
    ? (writer) => writer.oneofBool(ADDITIONAL_PROPERTIES_ITEM.boolean, value)
    : (writer) => writer.message(ADDITIONAL_PROPERTIES_ITEM.schema, schemaMessage(value));
}

export function schemaMessage(schema: SwaggerSchema): MessageBody {
  return (writer) => {
    writer.string(SCHEMA.ref, schema.$ref);
    writer.string(SCHEMA.format, schema.format);
    writer.string(SCHEMA.description, schema.description);
    if (schema.default !== undefined) writer.message(SCHEMA.default, anyMessage(schema.default));
    writer.double(SCHEMA.maximum, schema.maximum);
    writer.double(SCHEMA.minimum, schema.minimum);
    writer.uint(SCHEMA.maxLength, schema.maxLength);
    writer.string(SCHEMA.pattern, schema.pattern);
    writer.strings(SCHEMA.required, schema.required);
    for (const member of schema.enum ?? []) writer.message(SCHEMA.enum, anyMessage(member));
    const { additionalProperties, type, items } = schema;
    if (additionalProperties !== undefined) writer.message(SCHEMA.additionalProperties, additionalPropertiesMessage(additionalProperties));
    if (type !== undefined) writer.message(SCHEMA.type, (item) => item.strings(TYPE_ITEM.value, [type]));
    if (items !== undefined) writer.message(SCHEMA.items, (item) => item.message(ITEMS_ITEM.schema, schemaMessage(items)));
    for (const part of schema.allOf ?? []) writer.message(SCHEMA.allOf, schemaMessage(part));
    if (schema.properties !== undefined) writer.message(SCHEMA.properties, namedSchemasMessage(schema.properties));
    for (const extension of vendorExtensions(schema)) writer.message(SCHEMA.vendorExtension, extension);
  };
}

/**
 * Checks a decoded object against its structural schema: fields the schema
 * does not know (reported for `fieldValidation=Strict|Warn`, pruned
 * otherwise) and values of the wrong JSON type (always a 400, as a Go
 * decoder would refuse them).
 */
import type { Schema } from "../apis/types.js";

export interface SchemaCheck {
  /** Dotted paths of unknown fields, e.g. `spec.template.spec.containers[0].imagee`. */
  readonly unknownFields: string[];
  /** One message per value of the wrong type. */
  readonly typeErrors: string[];
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(schema: Schema, actual: string): boolean {
  if (actual === "null") return true; // Kubernetes decoders read null as the zero value.
  if (schema["x-kubernetes-int-or-string"]) return actual === "integer" || actual === "string" || actual === "number";
  if (!schema.type) return true;
  if (schema.type === "number") return actual === "integer" || actual === "number";
  return schema.type === actual;
}

function walk(value: unknown, schema: Schema, path: string, out: SchemaCheck, prune: boolean): void {
  const actual = jsonType(value);
  if (!typeMatches(schema, actual)) {
    out.typeErrors.push(`${path || "<root>"}: expected ${schema.type ?? "int-or-string"}, got ${actual}`);
    return;
  }
  if (schema["x-kubernetes-preserve-unknown-fields"] && !schema.properties) return;
  if (actual === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = schema.properties?.[key];
      const childPath = join(path, key);
      if (child) walk(record[key], child, childPath, out, prune);
      else if (typeof schema.additionalProperties === "object") walk(record[key], schema.additionalProperties, childPath, out, prune);
      else if (schema.additionalProperties === true || schema["x-kubernetes-preserve-unknown-fields"]) continue;
      else if (schema.properties) {
        out.unknownFields.push(childPath);
        if (prune) delete record[key];
      }
    }
  } else if (actual === "array" && schema.items) {
    const items = value as unknown[];
    items.forEach((item, index) => walk(item, schema.items as Schema, `${path}[${index}]`, out, prune));
  }
}

/** Checks `value` against `schema`; with `prune`, removes the unknown fields in place. */
export function checkSchema(value: unknown, schema: Schema, options: { prune: boolean }): SchemaCheck {
  const out: SchemaCheck = { unknownFields: [], typeErrors: [] };
  walk(value, schema, "", out, options.prune);
  return out;
}

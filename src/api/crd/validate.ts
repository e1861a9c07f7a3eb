/**
 * Validation of custom objects against their structural schema, with the
 * messages upstream's OpenAPI validator gives (kubectl prints them as
 * `spec.size: Invalid value: "big": spec.size in body must be of type
 * integer: "string"`). Runs after pruning and defaulting, so it only sees
 * fields the schema declares or preserves.
 */
import { duplicate, invalid, notSupported, required, tooLong, typeInvalid, type FieldError } from "../../machinery/field-errors.js";
import { matchesFormat } from "./formats.js";
import type { CrdSchema } from "./schema.js";
import { canonicalJson } from "../../machinery/canonical-json.js";

type JsonType = "null" | "array" | "object" | "integer" | "number" | "string" | "boolean";

function jsonType(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as JsonType;
}

function typeAccepts(schema: CrdSchema, actual: JsonType): boolean {
  if (schema["x-kubernetes-int-or-string"]) return actual === "integer" || actual === "string";
  if (!schema.type) return true;
  if (schema.type === "number") return actual === "integer" || actual === "number";
  return schema.type === actual;
}

const patterns = new Map<string, RegExp | null>();
/**
 * The pattern as a JavaScript RegExp, or null for Go (RE2) syntax JavaScript
 * lacks, such as inline `(?i)` flags: such a pattern is not enforced, rather
 * than failing every write of the kind.
 */
function compiled(pattern: string): RegExp | null {
  let regexp = patterns.get(pattern);
  if (regexp === undefined) {
    try {
      regexp = new RegExp(pattern, "u");
    } catch (error: unknown) {
      if (!(error instanceof SyntaxError)) throw error;
      regexp = null;
    }
    patterns.set(pattern, regexp);
  }
  return regexp;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

class Validator {
  readonly errors: FieldError[] = [];

  value(value: unknown, schema: CrdSchema, path: string): void {
    const actual = jsonType(value);
    if (actual === "null") {
      if (!schema.nullable && (schema.type || schema["x-kubernetes-int-or-string"])) this.#wrongType(value, schema, path, actual);
      return;
    }
    if (!typeAccepts(schema, actual)) {
      this.#wrongType(value, schema, path, actual);
      return;
    }
    if (schema.enum && !schema.enum.some((allowed) => canonicalJson(allowed) === canonicalJson(value))) {
      this.errors.push(notSupported(path, value, schema.enum.map((allowed) => (typeof allowed === "string" ? allowed : JSON.stringify(allowed)))));
    }
    if (typeof value === "string") this.#string(value, schema, path);
    else if (typeof value === "number") this.#number(value, schema, path);
    else if (Array.isArray(value)) this.#array(value, schema, path);
    else if (actual === "object") this.#object(value as Record<string, unknown>, schema, path);
    this.#combinators(value, schema, path);
  }

  #wrongType(value: unknown, schema: CrdSchema, path: string, actual: JsonType): void {
    const expected = schema["x-kubernetes-int-or-string"] ? "integer,string" : schema.type;
    this.errors.push(typeInvalid(path, value, `${path} in body must be of type ${expected}: "${actual}"`));
  }

  #string(value: string, schema: CrdSchema, path: string): void {
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) this.errors.push(tooLong(path, schema.maxLength));
    if (schema.minLength !== undefined && [...value].length < schema.minLength) {
      this.errors.push(invalid(path, value, `${path} in body should be at least ${schema.minLength} chars long`));
    }
    if (schema.pattern !== undefined && compiled(schema.pattern)?.test(value) === false) {
      this.errors.push(invalid(path, value, `${path} in body should match '${schema.pattern}'`));
    }
    if (schema.format && !matchesFormat(schema.format, value)) {
      this.errors.push(invalid(path, value, `${path} in body must be of type ${schema.format}: ${JSON.stringify(value)}`));
    }
  }

  #number(value: number, schema: CrdSchema, path: string): void {
    if (schema.minimum !== undefined) {
      if (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum) {
        this.errors.push(invalid(path, value, `${path} in body should be greater than ${schema.exclusiveMinimum ? "" : "or equal to "}${schema.minimum}`));
      }
    }
    if (schema.maximum !== undefined) {
      if (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum) {
        this.errors.push(invalid(path, value, `${path} in body should be less than ${schema.exclusiveMaximum ? "" : "or equal to "}${schema.maximum}`));
      }
    }
    if (schema.multipleOf !== undefined && schema.multipleOf > 0 && !Number.isInteger(value / schema.multipleOf)) {
      this.errors.push(invalid(path, value, `${path} in body should be a multiple of ${schema.multipleOf}`));
    }
  }

  #array(value: readonly unknown[], schema: CrdSchema, path: string): void {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      this.errors.push({ reason: "FieldValueTooMany", field: path, message: `Too many: ${value.length}: must have at most ${schema.maxItems} items` });
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      this.errors.push(invalid(path, value, `${path} in body should have at least ${schema.minItems} items`));
    }
    const listType = schema["x-kubernetes-list-type"];
    if (listType === "set" || schema.uniqueItems) this.#unique(value, path, (item) => item);
    if (listType === "map") {
      const keys = schema["x-kubernetes-list-map-keys"] ?? [];
      this.#unique(value, path, (item) => Object.fromEntries(keys.map((key) => [key, (item as Record<string, unknown> | null)?.[key] ?? null])));
    }
    if (schema.items) value.forEach((item, index) => this.value(item, schema.items as CrdSchema, `${path}[${index}]`));
  }

  #unique(value: readonly unknown[], path: string, identity: (item: unknown) => unknown): void {
    const seen = new Set<string>();
    value.forEach((item, index) => {
      const id = identity(item);
      const text = canonicalJson(id);
      if (seen.has(text)) this.errors.push(duplicate(`${path}[${index}]`, id));
      seen.add(text);
    });
  }

  #object(value: Record<string, unknown>, schema: CrdSchema, path: string): void {
    for (const key of schema.required ?? []) {
      if (value[key] === undefined) this.errors.push(required(join(path, key)));
    }
    const count = Object.keys(value).length;
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      this.errors.push({ reason: "FieldValueTooMany", field: path, message: `Too many: ${count}: must have at most ${schema.maxProperties} items` });
    }
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      this.errors.push(invalid(path, value, `${path} in body should have at least ${schema.minProperties} properties`));
    }
    if (schema["x-kubernetes-embedded-resource"]) {
      for (const key of ["apiVersion", "kind"]) if (!value[key]) this.errors.push(required(join(path, key), "must not be empty"));
    }
    const values = schema.additionalProperties;
    for (const [key, child] of Object.entries(value)) {
      const childSchema = schema.properties?.[key] ?? (typeof values === "object" ? values : undefined);
      if (childSchema && child !== undefined) this.value(child, childSchema, join(path, key));
    }
  }

  #combinators(value: unknown, schema: CrdSchema, path: string): void {
    for (const part of schema.allOf ?? []) this.value(value, part, path);
    const passes = (part: CrdSchema) => validateValue(value, part, path).length === 0;
    if (schema.anyOf && !schema.anyOf.some(passes)) this.errors.push(invalid(path, value, `${path} in body must validate at least one schema (anyOf)`));
    if (schema.oneOf && schema.oneOf.filter(passes).length !== 1) this.errors.push(invalid(path, value, `${path} in body must validate one and only one schema (oneOf)`));
    if (schema.not && passes(schema.not)) this.errors.push(invalid(path, value, `${path} in body must not validate the schema (not)`));
  }
}

/** Every problem with `value` under `schema`; `path` names the value in messages (`spec`). */
export function validateValue(value: unknown, schema: CrdSchema, path: string): FieldError[] {
  const validator = new Validator();
  validator.value(value, schema, path);
  return validator.errors;
}

/**
 * Validates a whole custom object. Root apiVersion, kind and metadata are
 * checked by the generic registry (type meta, ObjectMeta rules), not here.
 */
export function validateCustomObject(object: Record<string, unknown>, schema: CrdSchema): FieldError[] {
  const { apiVersion: _a, kind: _k, metadata: _m, ...fields } = object;
  const { apiVersion: _as, kind: _ks, metadata: _ms, ...properties } = schema.properties ?? {};
  return validateValue(fields, { ...schema, properties, required: (schema.required ?? []).filter((key) => key !== "metadata" && key !== "apiVersion" && key !== "kind") }, "");
}

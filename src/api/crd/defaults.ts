/**
 * Structural defaulting, as upstream applies it to custom resources on
 * every write and on every read from storage: an absent field with a
 * `default` gets a copy of it, and a null in a field that is not nullable
 * becomes the default, or is dropped when there is none. Defaults are then
 * defaulted themselves, so nested defaults fill a defaulted object.
 */
import type { CrdSchema } from "./schema.js";
import { cloneJson } from "../../machinery/clone.js";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function defaultField(record: Record<string, unknown>, key: string, schema: CrdSchema): void {
  const value = record[key];
  if (value === undefined || (value === null && !schema.nullable)) {
    if (schema.default !== undefined) record[key] = cloneJson(schema.default);
    else if (value === null) delete record[key];
  }
  if (record[key] !== undefined) applyDefaults(record[key], schema);
}

/** Fills defaults into `value` in place. */
export function applyDefaults(value: unknown, schema: CrdSchema): void {
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) applyDefaults(item, schema.items);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(schema.properties ?? {})) defaultField(value, key, child);
  const values = schema.additionalProperties;
  if (typeof values === "object") {
    for (const key of Object.keys(value)) if (!schema.properties?.[key]) defaultField(value, key, values);
  }
}

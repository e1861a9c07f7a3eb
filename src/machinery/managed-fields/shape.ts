/**
 * How server-side apply sees a value, read from the kind's schema (upstream
 * builds the same from the OpenAPI document):
 *
 * - `leaf`: scalars, int-or-string, atomic lists and maps (`x-kubernetes-
 *   list-type: atomic`, `x-kubernetes-map-type: atomic`), null, and lists the
 *   schema says nothing about;
 * - `fields`: objects merged field by field (structs, free-form maps);
 * - `map-list`: lists whose items are identified by key fields
 *   (`x-kubernetes-list-map-keys`, or the strategic merge key for a list
 *   with `x-kubernetes-patch-strategy: merge` and no list type);
 * - `set-list`: lists of unique scalars (`set`, or merge strategy without key).
 */
import type { Schema } from "../../apis/types.js";
import { isJsonMap } from "../merge-patch.js";
import { fieldSchema, itemSchema, patchMergeKey, patchStrategy } from "../schema-walk.js";
import { fieldElement, keyElement, valueElement, type PathElement } from "./path.js";

export type Shape =
  | { readonly kind: "leaf" }
  | { readonly kind: "fields" }
  | { readonly kind: "map-list"; readonly keys: readonly string[] }
  | { readonly kind: "set-list" };

const LEAF: Shape = { kind: "leaf" };
const FIELDS: Shape = { kind: "fields" };
const SET_LIST: Shape = { kind: "set-list" };

/** A value the walk cannot place (a map-list item without its key): an exception inside this folder. */
export class FieldPathError extends Error {
  override readonly name = "FieldPathError";
}

export function shapeOf(schema: Schema | undefined, value: unknown): Shape {
  if (Array.isArray(value)) return listShape(schema);
  if (!isJsonMap(value)) return LEAF;
  if (schema?.["x-kubernetes-map-type"] === "atomic" || schema?.["x-kubernetes-int-or-string"]) return LEAF;
  return FIELDS;
}

function listShape(schema: Schema | undefined): Shape {
  switch (schema?.["x-kubernetes-list-type"]) {
    case "atomic":
      return LEAF;
    case "set":
      return SET_LIST;
    case "map": {
      const keys = schema["x-kubernetes-list-map-keys"] ?? mergeKeys(schema);
      return keys.length ? { kind: "map-list", keys } : LEAF;
    }
    case undefined:
      // Upstream's OpenAPI gives lists with a merge strategy the same meaning for apply.
      if (patchStrategy(schema) !== "merge") return LEAF;
      return mergeKeys(schema).length ? { kind: "map-list", keys: mergeKeys(schema) } : SET_LIST;
  }
}

function mergeKeys(schema: Schema | undefined): string[] {
  const key = patchMergeKey(schema);
  return key ? [key] : [];
}

/** The element naming `key` of an object with this schema, and the schema of its value. */
export function fieldOf(schema: Schema | undefined, key: string): { element: PathElement; schema: Schema | undefined; declared: boolean } {
  const declared = schema?.properties !== undefined && Object.hasOwn(schema.properties, key);
  return { element: fieldElement(key), schema: fieldSchema(schema, key), declared };
}

/** The element naming one item of a map-list or set-list. */
export function itemElement(shape: Shape, listSchema: Schema | undefined, item: unknown): PathElement {
  if (shape.kind === "set-list") return valueElement(item);
  if (shape.kind !== "map-list") throw new FieldPathError("Items of atomic lists have no path");
  return keyElement(itemKeys(shape, listSchema, item));
}

/** The key fields of a map-list item, defaults filled in; throws when the item cannot have a path. */
export function itemKeys(shape: Extract<Shape, { kind: "map-list" }>, listSchema: Schema | undefined, item: unknown): Record<string, unknown> {
  if (!isJsonMap(item)) throw new FieldPathError(`associative list with keys has an element that is not a map: ${JSON.stringify(item)}`);
  const keys: Record<string, unknown> = {};
  for (const name of shape.keys) {
    if (Object.hasOwn(item, name) && item[name] !== null) keys[name] = item[name];
    else {
      // A key field the item leaves out counts with its schema default (ports: protocol TCP).
      const fallback = fieldSchema(itemSchema(listSchema), name)?.default;
      if (fallback === undefined) throw new FieldPathError(`associative list with keys has an element that omits key field "${name}" (and doesn't have default value)`);
      keys[name] = fallback;
    }
  }
  return keys;
}

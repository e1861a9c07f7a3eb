/**
 * The two value operations of apply (upstream's Merge and RemoveItems):
 * merging a configuration onto the live object, and taking paths out of an
 * object. Both walk the value with the kind's schema and return new values;
 * inputs are never modified.
 */
import type { Schema } from "../../apis/types.js";
import { getMember, isJsonMap, type JsonMap } from "../merge-patch.js";
import { itemSchema } from "../schema-walk.js";
import { FieldSet } from "./field-set.js";
import { fieldOf, itemElement, shapeOf, type Shape } from "./shape.js";
import { cloneJson, setMember } from "../clone.js";

/**
 * The configuration wins at leaves; objects merge key by key; map-lists
 * merge items with the same keys and set-lists take the union, keeping the
 * live order and appending what is new (upstream's order). A null in the
 * configuration removes the field.
 */
export function mergeValues(live: unknown, config: unknown, schema: Schema | undefined): unknown {
  if (config === undefined) return live;
  if (live === undefined || live === null || config === null) return cloneJson(config);
  const shape = shapeOf(schema, config);
  if (shape.kind === "leaf" || shapeOf(schema, live).kind !== shape.kind) return cloneJson(config);
  if (shape.kind === "fields") return mergeFields(live as JsonMap, config as JsonMap, schema);
  return mergeItems(live as unknown[], config as unknown[], shape, schema);
}

function mergeFields(live: JsonMap, config: JsonMap, schema: Schema | undefined): JsonMap {
  const out: JsonMap = {};
  for (const [key, value] of Object.entries(live)) setMember(out, key, value);
  for (const [key, value] of Object.entries(config)) {
    if (value === null) {
      delete out[key];
      continue;
    }
    setMember(out, key, mergeValues(getMember(live, key), value, fieldOf(schema, key).schema));
  }
  return out;
}

function mergeItems(live: unknown[], config: unknown[], shape: Shape, schema: Schema | undefined): unknown[] {
  const childSchema = itemSchema(schema);
  const wanted = new Map<string, unknown>();
  for (const item of config) wanted.set(itemElement(shape, schema, item), item);
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (const item of live) {
    const element = itemElement(shape, schema, item);
    seen.add(element);
    out.push(wanted.has(element) ? mergeValues(item, wanted.get(element), childSchema) : item);
  }
  for (const [element, item] of wanted) if (!seen.has(element)) out.push(cloneJson(item));
  return out;
}

/**
 * `value` without the members of `paths`: a member goes with everything
 * below it, unless `kept` holds a path below it (a map someone still owns a
 * key of stays, without the keys nobody owns). An object or list emptied by
 * the removal goes too, as upstream drops the empty values its removal leaves.
 */
export function removePaths(value: unknown, paths: FieldSet, schema: Schema | undefined, kept: FieldSet = new FieldSet()): unknown {
  if (paths.isEmpty()) return value;
  const shape = shapeOf(schema, value);
  if (shape.kind === "leaf") return value;
  if (shape.kind === "fields") {
    const out: JsonMap = {};
    for (const [key, child] of Object.entries(value as JsonMap)) {
      const field = fieldOf(schema, key);
      const below = paths.child(field.element);
      const keptBelow = kept.child(field.element);
      if (below.member && keptBelow.isEmpty()) continue;
      const rest = removePaths(child, below, field.schema, keptBelow);
      if (rest !== undefined) setMember(out, key, rest);
    }
    return emptied(value, out);
  }
  const childSchema = itemSchema(schema);
  const out: unknown[] = [];
  for (const item of value as unknown[]) {
    const element = itemElement(shape, schema, item);
    const below = paths.child(element);
    const keptBelow = kept.child(element);
    if (below.member && keptBelow.isEmpty()) continue;
    const rest = removePaths(item, below, childSchema, keptBelow);
    if (rest !== undefined) out.push(rest);
  }
  return emptied(value, out);
}

/** undefined when removal emptied a container that was not empty before. */
function emptied(before: unknown, after: JsonMap | unknown[]): unknown {
  const size = (v: unknown) => (Array.isArray(v) ? v.length : isJsonMap(v) ? Object.keys(v).length : 0);
  return size(after) === 0 && size(before) > 0 ? undefined : after;
}

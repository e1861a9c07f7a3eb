/**
 * Field sets of objects, and the comparison of two versions of an object,
 * walked with the kind's schema (upstream's ToFieldSet and Compare). Both
 * build their sets bottom-up, node by node, since they run on every write.
 *
 * Which paths are members follows upstream: every leaf (scalars, atomic
 * lists and maps, nulls); every item of a map-list or set-list; every key of
 * a free-form map (labels, data) whatever it holds; and an empty object.
 * A struct field holding a non-empty object is not a member itself: its own
 * fields are.
 */
import { isDeepStrictEqual } from "node:util";
import type { Schema } from "../../apis/types.js";
import { isJsonMap } from "../merge-patch.js";
import { fieldSchema, itemSchema } from "../schema-walk.js";
import { FieldSet } from "./field-set.js";
import { fieldOf, itemElement, itemKeys, shapeOf, type Shape } from "./shape.js";
import type { PathElement } from "./path.js";

interface Child {
  readonly value: unknown;
  readonly schema: Schema | undefined;
  /** Whether its path is a member whatever it holds (map keys, list items). */
  readonly member: boolean;
}

function children(value: unknown, shape: Shape, schema: Schema | undefined): Map<PathElement, Child> {
  const out = new Map<PathElement, Child>();
  if (shape.kind === "fields") {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const field = fieldOf(schema, key);
      out.set(field.element, { value: child, schema: field.schema, member: !field.declared });
    }
  } else if (shape.kind !== "leaf") {
    const childSchema = itemSchema(schema);
    // A repeated item counts once, as upstream ignores repeats.
    for (const item of value as unknown[]) out.set(itemElement(shape, schema, item), { value: item, schema: childSchema, member: true });
  }
  return out;
}

interface NodeKind {
  readonly member: boolean;
  /** No paths below it: its value is compared whole. */
  readonly leaf: boolean;
  /**
   * A free-form map (labels, data): its appearing or disappearing counts as
   * a change of its own path, as upstream sees a map that was absent from
   * the old version. Structs and lists are not counted so, as upstream's
   * typed objects always hold them.
   */
  readonly map: boolean;
}

function nodeKind(value: unknown, shape: Shape, schema: Schema | undefined, member: boolean): NodeKind {
  if (shape.kind === "leaf") return { member: true, leaf: true, map: false };
  if (shape.kind !== "fields") return { member, leaf: false, map: false };
  const empty = Object.keys(value as object).length === 0;
  return { member: member || empty, leaf: empty, map: schema?.properties === undefined };
}

/** The set of a value's paths relative to it; `appeared` also counts free-form maps (for added and removed). */
function subtree(value: unknown, schema: Schema | undefined, member: boolean, options: { root: boolean; appeared: boolean }): FieldSet {
  const shape = shapeOf(schema, value);
  const kind = nodeKind(value, shape, schema, member);
  const own = !options.root && (kind.member || (options.appeared && kind.map));
  const below: [PathElement, FieldSet][] = [];
  for (const [element, child] of children(value, shape, schema)) {
    below.push([element, subtree(child.value, child.schema, child.member, { root: false, appeared: options.appeared })]);
  }
  return FieldSet.node(own, below);
}

export function toFieldSet(value: unknown, schema: Schema | undefined): FieldSet {
  return subtree(value, schema, false, { root: true, appeared: false });
}

export interface Comparison {
  /** Member paths (and free-form maps) of the new version that the old one does not have at all. */
  readonly added: FieldSet;
  /** Member paths (and free-form maps) of the old version that the new one does not have at all. */
  readonly removed: FieldSet;
  /** Members of both, a leaf on either side, whose values differ. */
  readonly modified: FieldSet;
}

export function isSame(comparison: Comparison): boolean {
  return comparison.added.isEmpty() && comparison.removed.isEmpty() && comparison.modified.isEmpty();
}

/** What changed between two versions of an object (either may be absent: `undefined`). */
export function compareObjects(before: unknown, after: unknown, schema: Schema | undefined): Comparison {
  return compareNodes({ value: isJsonMap(before) ? before : {}, schema, member: false }, { value: isJsonMap(after) ? after : {}, schema, member: false }, true);
}

function compareNodes(before: Child, after: Child, root: boolean): Comparison {
  const beforeShape = shapeOf(before.schema, before.value);
  const afterShape = shapeOf(after.schema, after.value);
  const was = nodeKind(before.value, beforeShape, before.schema, before.member);
  const is = nodeKind(after.value, afterShape, after.schema, after.member);
  const changed = !root && was.member && is.member && (was.leaf || is.leaf) && !isDeepStrictEqual(before.value, after.value);
  const added: [PathElement, FieldSet][] = [];
  const removed: [PathElement, FieldSet][] = [];
  const modified: [PathElement, FieldSet][] = [];
  const old = children(before.value, beforeShape, before.schema);
  const appeared = { root: false, appeared: true };
  for (const [element, child] of children(after.value, afterShape, after.schema)) {
    const previous = old.get(element);
    if (!previous) {
      added.push([element, subtree(child.value, child.schema, child.member, appeared)]);
      continue;
    }
    old.delete(element);
    // Most of an object is the same on both sides of a write (a status write by the
    // same manager, a lease renewal): equal children change nothing, so they are not walked.
    if (sameValue(previous.value, child.value, child.schema)) continue;
    const below = compareNodes(previous, child, false);
    added.push([element, below.added]);
    removed.push([element, below.removed]);
    modified.push([element, below.modified]);
  }
  for (const [element, child] of old) removed.push([element, subtree(child.value, child.schema, child.member, appeared)]);
  return { added: FieldSet.node(false, added), removed: FieldSet.node(false, removed), modified: FieldSet.node(changed, modified) };
}

/**
 * Whether two values are equal (as isDeepStrictEqual sees JSON values). The
 * items of map-lists still have their keys checked, so a value the walk
 * cannot place fails the same way whether or not it changed; one value on
 * both sides (a write that kept a stored part as it was) was placed when it
 * was written, and is not walked again.
 */
function sameValue(a: unknown, b: unknown, schema: Schema | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return Object.is(a, b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    const shape = shapeOf(schema, a);
    const items = itemSchema(schema);
    for (let i = 0; i < a.length; i++) {
      if (shape.kind === "map-list") itemKeys(shape, schema, a[i]);
      if (!sameValue(a[i], b[i], items)) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(right, key) || !sameValue(left[key], right[key], fieldSchema(schema, key))) return false;
  }
  return true;
}

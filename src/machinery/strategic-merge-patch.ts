/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), what
 * `kubectl apply`, `edit`, `patch` and `set image` send. It is JSON merge
 * patch plus two things: the kind's schema says how each list merges
 * (`x-kubernetes-patch-strategy: merge` with a `x-kubernetes-patch-merge-key`:
 * containers by name, ports by containerPort), and directives in the patch
 * say what plain JSON cannot:
 *
 * - `{"$patch": "delete"}` removes a map, or with the merge key a list item;
 *   `{"$patch": "replace"}` replaces a map, or as a list item the whole list;
 * - `$retainKeys: [...]` clears every key of the map not listed (a
 *   Deployment strategy switching to Recreate drops rollingUpdate);
 * - `$setElementOrder/<list>: [...]` gives the order of the merged list;
 * - `$deleteFromPrimitiveList/<list>: [...]` removes values from a list of
 *   primitives (finalizers).
 *
 * Semantics and messages follow k8s.io/apimachinery/pkg/util/strategicpatch,
 * applied as the API server applies them. Directives are read at every level,
 * with or without a schema, and never reach the result. Where the schema is
 * silent, maps merge and lists are replaced.
 */
import type { Schema } from "../apis/types.js";
import { getMember, isJsonMap, type JsonMap, type PatchResult } from "./merge-patch.js";
import { declaresAllFields, fieldSchema, itemSchema, patchMergeKey, patchStrategy } from "./schema-walk.js";
import { cloneJson, setMember } from "./clone.js";

const PATCH = "$patch";
const RETAIN_KEYS = "$retainKeys";
const SET_ELEMENT_ORDER = "$setElementOrder";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";

/** Thrown inside this module only; applyStrategicMergePatch turns it into an error value. */
class PatchError extends Error {}

/**
 * What `{"$patch": "delete"}` merges to: the key holding it goes away.
 * Upstream leaves an empty map there, which its typed decoding then drops
 * for maps and zeroes for structs; without typed decoding, removing the key
 * is the faithful equivalent.
 */
const DELETED = Symbol("deleted");

/**
 * Applies `patch` to `original` (absent: an empty object); neither is
 * modified. A top-level `{"$patch": "delete"}` gives `{}`, as upstream.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: Schema | undefined): PatchResult {
  if (!isJsonMap(patch)) return { ok: false, error: "a strategic merge patch must be a JSON object" };
  if (original !== undefined && original !== null && !isJsonMap(original)) {
    return { ok: false, error: "a strategic merge patch applies only to a JSON object" };
  }
  try {
    const merged = mergeMap(isJsonMap(original) ? cloneJson(original) : undefined, cloneJson(patch), schema);
    return { ok: true, value: merged === DELETED ? {} : merged };
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    return { ok: false, error: error.message };
  }
}

// The merge works on private copies: it edits `original` and consumes `patch`.

/** A map patch, which may carry `$patch` for the map as a whole. */
function mergeMap(original: JsonMap | undefined, patch: JsonMap, schema: Schema | undefined): JsonMap | typeof DELETED {
  if (!Object.hasOwn(patch, PATCH)) return mergeFields(original ?? {}, patch, schema);
  const directive = patch[PATCH];
  if (directive !== "delete" && directive !== "replace") throw unknownPatchType(directive, patch);
  delete patch[PATCH];
  return directive === "delete" ? DELETED : mergeFields({}, patch, schema);
}

/** What a patch asks of one field: a new value, an order, values to remove, or several of these. */
interface FieldPatch {
  set?: { readonly value: unknown };
  order?: unknown;
  remove?: unknown;
}

/** Merges a patch without `$patch` into `result`, field by field. */
function mergeFields(result: JsonMap, patch: JsonMap, schema: Schema | undefined): JsonMap {
  retainKeys(result, patch);
  for (const [field, fieldPatch] of planFields(patch, schema)) {
    const before = getMember(result, field);
    const schemaOfField = fieldSchema(schema, field);
    if (fieldPatch.set) {
      const { value } = fieldPatch.set;
      const merged = value === null ? DELETED : mergeValue(before, value, schemaOfField, field);
      if (merged === DELETED) delete result[field];
      else setMember(result, field, merged);
    }
    if (fieldPatch.order !== undefined) {
      setElementOrder(result, field, { order: fieldPatch.order, patch: fieldPatch.set?.value, before, schema: schemaOfField });
    }
    if (fieldPatch.remove !== undefined) deleteFromPrimitiveList(result, field, fieldPatch.remove);
  }
  return result;
}

/** Groups the patch's keys by the field they concern, so each field is handled once, in order. */
function planFields(patch: JsonMap, schema: Schema | undefined): Map<string, FieldPatch> {
  const plans = new Map<string, FieldPatch>();
  const planOf = (field: string): FieldPatch => {
    const existing = plans.get(field);
    if (existing) return existing;
    const created: FieldPatch = {};
    plans.set(field, created);
    return created;
  };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(SET_ELEMENT_ORDER)) planOf(directiveField(key, SET_ELEMENT_ORDER)).order = value;
    else if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) planOf(directiveField(key, DELETE_FROM_PRIMITIVE_LIST)).remove = value;
    else if (key.startsWith("$") && declaresAllFields(schema) && !Object.hasOwn(schema.properties, key)) {
      // Free-form maps may hold "$" keys as data; an object whose fields are all known cannot.
      throw new PatchError(`unknown strategic merge patch directive: ${key}`);
    } else planOf(key).set = { value };
  }
  return plans;
}

/** `$setElementOrder/containers` → `containers`. */
function directiveField(key: string, prefix: string): string {
  const field = key.startsWith(`${prefix}/`) ? key.slice(prefix.length + 1) : "";
  if (field !== "") return field;
  throw new PatchError(
    prefix === SET_ELEMENT_ORDER ? "invalid patch format of setElementOrder list" : "invalid patch format of primitive list",
  );
}

function mergeValue(original: unknown, patch: unknown, schema: Schema | undefined, field: string): unknown {
  if (isJsonMap(patch)) {
    const merges = isJsonMap(original) && patchStrategy(schema) !== "replace";
    return mergeMap(merges ? original : undefined, patch, schema);
  }
  if (Array.isArray(patch)) {
    if (Array.isArray(original) && patchStrategy(schema) === "merge") return mergeList(original, patch, schema, field);
    return newList(patch, itemSchema(schema));
  }
  return patch;
}

/** A list that replaces the original (or had none): directive items go, map items are cleaned of directives. */
function newList(patch: unknown[], schema: Schema | undefined): unknown[] {
  return patch
    .filter((item) => listItemDirective(item) === undefined)
    .map((item) => (isJsonMap(item) ? mergeFields({}, item, schema) : item));
}

/**
 * A list with strategy `merge`. Primitives merge as a set. Maps merge by
 * their merge key: a patch item updates the item with the same key or is
 * added; `{"$patch": "delete", key}` removes it; `{"$patch": "replace"}`
 * makes the other patch items the whole list.
 */
function mergeList(original: unknown[], patch: unknown[], schema: Schema | undefined, field: string): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  if (elementKind(original, patch) === "primitive") {
    return orderLikePatch([...new Set([...original, ...patch])], patch, original, (item) => item);
  }
  const key = patchMergeKey(schema);
  if (key === undefined) throw new PatchError(`cannot merge lists without merge key for ${field}`);
  const items = itemSchema(schema);
  const keyOf = (item: unknown): unknown => mergeKeyValue(item, key);
  let merged = [...original];
  const updates: JsonMap[] = [];
  let replace = false;
  for (const item of patch) {
    const directive = listItemDirective(item);
    if (directive === "delete") {
      const doomed = keyOf(item);
      merged = merged.filter((existing) => !isJsonMap(existing) || getMember(existing, key) !== doomed);
    } else if (directive === "replace") replace = true;
    else if (isJsonMap(item)) updates.push(item);
  }
  if (replace) return updates.map((item) => mergeFields({}, item, items));
  for (const update of updates) {
    const value = keyOf(update);
    const index = merged.findIndex((existing) => isJsonMap(existing) && getMember(existing, key) === value);
    const existing = merged[index];
    if (isJsonMap(existing)) merged[index] = mergeFields(existing, update, items);
    else merged.push(mergeFields({}, update, items));
  }
  return orderLikePatch(merged, updates, original, keyOf);
}

/** `$patch` on a list item: `delete` and `replace` are understood; anything else is refused. */
function listItemDirective(item: unknown): "delete" | "replace" | undefined {
  if (!isJsonMap(item) || !Object.hasOwn(item, PATCH)) return undefined;
  const directive = item[PATCH];
  if (directive === "delete" || directive === "replace") return directive;
  if (directive === "merge") throw new PatchError("merging lists cannot yet be specified in the patch");
  throw unknownPatchType(directive, item);
}

/** A merging list holds maps or primitives of one type; lists of lists cannot merge. */
function elementKind(...lists: unknown[][]): "map" | "primitive" {
  let kind: string | undefined;
  for (const item of lists.flat()) {
    if (Array.isArray(item)) throw new PatchError("lists of lists are not supported");
    const itemKind = item === null ? "null" : isJsonMap(item) ? "map" : typeof item;
    if (kind !== undefined && kind !== itemKind) {
      throw new PatchError(`list element types are not identical: ${JSON.stringify(lists)}`);
    }
    kind = itemKind;
  }
  return kind === "map" ? "map" : "primitive";
}

function mergeKeyValue(item: unknown, key: string): unknown {
  if (isJsonMap(item) && Object.hasOwn(item, key)) return item[key];
  throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
}

/**
 * Orders a merged list as upstream does: items the patch names come in the
 * patch's order; the others (server-only: defaulted, or added by another
 * client) keep their order and are slotted in before the first patch item
 * that followed them in the original. A patch item new to the list goes
 * before any server-only item still waiting, so without `$setElementOrder`
 * a new container lands ahead of the existing ones, as upstream places it.
 */
function orderLikePatch(merged: unknown[], patchOrder: unknown[], original: unknown[], identity: (item: unknown) => unknown): unknown[] {
  const rank = firstIndexes(patchOrder.map(identity));
  const originalRank = firstIndexes(original.map(identity));
  const fromPatch = merged
    .filter((item) => rank.has(identity(item)))
    .sort((a, b) => (rank.get(identity(a)) ?? 0) - (rank.get(identity(b)) ?? 0));
  // Already in original order: merging keeps positions and only appends items the patch names.
  const serverOnly = merged.filter((item) => !rank.has(identity(item)));
  const ordered: unknown[] = [];
  let s = 0;
  let p = 0;
  while (s < serverOnly.length && p < fromPatch.length) {
    const serverRank = originalRank.get(identity(serverOnly[s]));
    const patchRank = originalRank.get(identity(fromPatch[p]));
    const serverFirst = serverRank !== undefined && patchRank !== undefined && serverRank < patchRank;
    ordered.push(serverFirst ? serverOnly[s++] : fromPatch[p++]);
  }
  return [...ordered, ...serverOnly.slice(s), ...fromPatch.slice(p)];
}

function firstIndexes(values: unknown[]): Map<unknown, number> {
  const indexes = new Map<unknown, number>();
  values.forEach((value, i) => {
    if (!indexes.has(value)) indexes.set(value, i);
  });
  return indexes;
}

interface ElementOrder {
  readonly order: unknown;
  /** The field's value in the patch, if any: its items must appear in the order given. */
  readonly patch: unknown;
  /** The field's value before this patch. */
  readonly before: unknown;
  readonly schema: Schema | undefined;
}

/** `$setElementOrder/<field>`: reorders the merged list; items it does not name stay among them as orderLikePatch places them. */
function setElementOrder(result: JsonMap, field: string, { order, patch, before, schema }: ElementOrder): void {
  if (!Array.isArray(order)) throw new PatchError("invalid patch format of setElementOrder list");
  const merged = getMember(result, field);
  if (merged === undefined) return;
  if (!Array.isArray(merged)) throw new PatchError(`invalid patch format of setElementOrder list: ${field} is not a list`);
  const key = patchMergeKey(schema);
  const identity = key === undefined ? (item: unknown) => item : (item: unknown) => mergeKeyValue(item, key);
  if (Array.isArray(patch)) checkOrder(patch, order, identity);
  setMember(result, field, orderLikePatch(merged, order, Array.isArray(before) ? before : [], identity));
}

/** The patch list (directive items aside) must follow the order list and name nothing outside it. */
function checkOrder(patch: unknown[], order: unknown[], identity: (item: unknown) => unknown): void {
  if (order.length === 0) return;
  const named = patch.filter((item) => listItemDirective(item) === undefined);
  let matched = 0;
  for (const wanted of order) {
    const next = named[matched];
    if (matched < named.length && identity(next) === identity(wanted)) matched++;
  }
  if (matched < named.length) {
    throw new PatchError(
      `The order in patch list:\n${JSON.stringify(patch)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${JSON.stringify(order)}\n`,
    );
  }
}

/** `$deleteFromPrimitiveList/<field>`: removes every occurrence of the listed values; whatever the field's strategy. */
function deleteFromPrimitiveList(result: JsonMap, field: string, values: unknown): void {
  if (!Array.isArray(values)) throw new PatchError("invalid patch format of primitive list");
  const current = getMember(result, field);
  if (Array.isArray(current)) setMember(result, field, current.filter((item) => !values.includes(item)));
}

/**
 * `$retainKeys`: keys of the original map not listed are cleared before the
 * merge. Every key the patch sets must be listed (null values and the list
 * directives aside).
 */
function retainKeys(result: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const listed = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(listed)) throw new PatchError("invalid patch format of retainKeys");
  const kept = new Set(listed);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) continue;
    if (!kept.has(key)) throw new PatchError(`invalid patch format of retainKeys: ${key} is not listed in ${RETAIN_KEYS}`);
  }
  for (const key of Object.keys(result)) {
    if (!kept.has(key)) delete result[key];
  }
}

function unknownPatchType(directive: unknown, map: JsonMap): PatchError {
  return new PatchError(`unknown patch type: ${String(directive)} in map: ${JSON.stringify(map)}`);
}

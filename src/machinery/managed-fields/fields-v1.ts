/**
 * FieldsV1, the wire form of a field set in managedFields: a JSON object
 * whose keys are path elements (`f:spec`, `k:{"name":"app"}`, `v:"x"`,
 * `i:0`). A key mapping to `{}` is a member with no children; `".": {}`
 * inside a node marks the node itself as a member when it has children too.
 *
 *   {"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{}}}}}
 */
import { isJsonMap } from "../merge-patch.js";
import { FieldSet } from "./field-set.js";
import { compareElements, isPathElement, type Path, type PathElement } from "./path.js";

const SELF = ".";

export type FieldsV1 = { [element: string]: FieldsV1 };

/**
 * Wire forms known for sets decoded from the store, whose text this module
 * wrote, so it is already canonical: an entry a write leaves alone (the
 * creator's, on a status update) is not encoded again. The wire objects may
 * be shared with a cached object; like it, they are only read.
 */
const storedForms = new WeakMap<FieldSet, FieldsV1>();

/** Encodes with children in upstream's order, so equal sets encode to equal text. */
export function encodeFieldsV1(set: FieldSet): FieldsV1 {
  const stored = storedForms.get(set);
  if (stored) return stored;
  const out: FieldsV1 = {};
  const children = [...set.children()].sort(([a], [b]) => compareElements(a, b));
  if (set.member && children.length > 0) out[SELF] = {};
  for (const [element, child] of children) out[element] = encodeFieldsV1(child);
  return out;
}

export type DecodeResult = { readonly ok: true; readonly set: FieldSet } | { readonly ok: false; readonly error: string };

/**
 * Decodes a FieldsV1 value. `stored`: it comes from an object in the store,
 * which only this module encoded, so encoding the set again may reuse it.
 */
export function decodeFieldsV1(value: unknown, options: { readonly stored?: boolean } = {}): DecodeResult {
  const stored = options.stored ?? false;
  const known = stored && isJsonMap(value) ? storedSets.get(value as FieldsV1) : undefined;
  if (known) return { ok: true, set: known };
  const set = decodeNode(value, [], stored);
  if (typeof set === "string") return { ok: false, error: set };
  if (stored) {
    storedForms.set(set, value as FieldsV1);
    storedSets.set(value as FieldsV1, set);
  }
  return { ok: true, set };
}

/**
 * The sets of stored wire forms already decoded. An entry a write leaves alone keeps its wire
 * object in the next version of the object (see storedForms), so the next write finds its set
 * here instead of decoding the creator's whole spec again. Sets are values: sharing them is safe.
 */
const storedSets = new WeakMap<FieldsV1, FieldSet>();

/**
 * The set a FieldsV1 node holds, built bottom-up (it is decoded on every
 * write), or what is wrong with it. Element spellings are checked only for
 * values from outside: stored text was encoded by this module.
 */
function decodeNode(value: unknown, prefix: Path, stored: boolean): FieldSet | string {
  if (!isJsonMap(value)) return `expected an object at ${prefix.join(" ") || "the top level"}`;
  let member = false;
  const children: [PathElement, FieldSet][] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key === SELF) {
      member = prefix.length > 0;
      continue;
    }
    if (!stored && !isPathElement(key)) return `invalid path element ${JSON.stringify(key)}`;
    if (!isJsonMap(child)) return `expected an object at ${[...prefix, key].join(" ")}`;
    // A node with no children is a member; one with children is a member only if it says so.
    const node = Object.keys(child).length === 0 ? FieldSet.node(true, []) : decodeNode(child, [...prefix, key], stored);
    if (typeof node === "string") return node;
    children.push([key, node]);
  }
  return FieldSet.node(member, children);
}

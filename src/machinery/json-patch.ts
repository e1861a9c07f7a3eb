/**
 * JSON patch (RFC 6902), `application/json-patch+json`: a list of add,
 * remove, replace, move, copy and test operations addressed by JSON pointers
 * (RFC 6901). Operations apply in order to a private copy; the first one
 * that fails stops the patch, and the message names its index, op and path.
 */
import { getMember, isJsonMap, type PatchResult } from "./merge-patch.js";
import { cloneJson, setMember } from "./clone.js";

const OPS = ["add", "remove", "replace", "move", "copy", "test"] as const;
type Op = (typeof OPS)[number];

interface Operation {
  readonly op: Op;
  readonly path: readonly string[];
  readonly from: readonly string[];
  readonly value: unknown;
}

/** Thrown inside this module only; applyJsonPatch turns it into an error value. */
class JsonPatchError extends Error {}

export function applyJsonPatch(document: unknown, patch: unknown): PatchResult {
  if (!Array.isArray(patch)) return { ok: false, error: "invalid JSON patch: expected an array of operations" };
  let doc = cloneJson(document);
  for (const [index, raw] of patch.entries()) {
    try {
      doc = apply(doc, parseOperation(raw));
    } catch (error) {
      if (!(error instanceof JsonPatchError)) throw error;
      return { ok: false, error: `${describe(raw, index)}: ${error.message}` };
    }
  }
  return { ok: true, value: doc };
}

/** `replace operation 2 on "/spec/replicas"`, as far as the operation is readable. */
function describe(raw: unknown, index: number): string {
  const op = isJsonMap(raw) ? getMember(raw, "op") : undefined;
  const path = isJsonMap(raw) ? getMember(raw, "path") : undefined;
  return `json patch ${typeof op === "string" ? `${op} ` : ""}operation ${index}${typeof path === "string" ? ` on ${JSON.stringify(path)}` : ""}`;
}

function parseOperation(raw: unknown): Operation {
  if (!isJsonMap(raw)) throw new JsonPatchError("not an object");
  const op = getMember(raw, "op");
  if (op === undefined) throw new JsonPatchError(`missing "op"`);
  if (!OPS.includes(op as Op)) throw new JsonPatchError(`unsupported op ${JSON.stringify(op)}`);
  const needsValue = op === "add" || op === "replace" || op === "test";
  if (needsValue && !Object.hasOwn(raw, "value")) throw new JsonPatchError(`missing "value"`);
  const needsFrom = op === "move" || op === "copy";
  return {
    op: op as Op,
    path: parsePointer(getMember(raw, "path"), "path"),
    from: needsFrom ? parsePointer(getMember(raw, "from"), "from") : [],
    value: getMember(raw, "value"),
  };
}

/** RFC 6901: "" is the whole document; otherwise "/"-separated tokens with ~1 for "/" and ~0 for "~". */
function parsePointer(pointer: unknown, member: "path" | "from"): string[] {
  if (typeof pointer !== "string") throw new JsonPatchError(`missing "${member}"`);
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}: must start with "/"`);
  if (/~(?![01])/.test(pointer)) {
    throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}: "~" must be followed by 0 or 1`);
  }
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function apply(doc: unknown, operation: Operation): unknown {
  const { op, path, from, value } = operation;
  switch (op) {
    case "add":
      return add(doc, path, cloneJson(value));
    case "remove":
      return remove(doc, path);
    case "replace":
      return replace(doc, path, cloneJson(value));
    case "move": {
      const moved = get(doc, from, "from");
      if (!startsWith(path, from)) return add(remove(doc, from), path, moved);
      if (path.length === from.length) return doc;
      throw new JsonPatchError(`"from" ${formatPointer(from)} is a parent of "path": a value cannot move into itself`);
    }
    case "copy":
      return add(doc, path, cloneJson(get(doc, from, "from")));
    case "test":
      if (!deepEqual(get(doc, path, "path"), value)) throw new JsonPatchError("test failed: the value differs");
      return doc;
    default:
      return op satisfies never;
  }
}

/** Inserts into an array (shifting later items) or sets an object member; "" replaces the document. */
function add(doc: unknown, path: readonly string[], value: unknown): unknown {
  const last = path.at(-1);
  if (last === undefined) return value;
  const parent = get(doc, path.slice(0, -1), "path");
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, path, "add"), 0, value);
  else if (isJsonMap(parent)) setMember(parent, last, value);
  else throw new JsonPatchError(`the parent of ${formatPointer(path)} is not an object or array`);
  return doc;
}

function remove(doc: unknown, path: readonly string[]): unknown {
  const last = path.at(-1);
  if (last === undefined) throw new JsonPatchError("the document root cannot be removed");
  const parent = get(doc, path.slice(0, -1), "path");
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, path, "existing"), 1);
  else if (isJsonMap(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else throw new JsonPatchError(`the document has no value at ${formatPointer(path)}`);
  return doc;
}

/** Like remove then add, but the value must exist, and "" replaces the whole document. */
function replace(doc: unknown, path: readonly string[], value: unknown): unknown {
  const last = path.at(-1);
  if (last === undefined) return value;
  const parent = get(doc, path.slice(0, -1), "path");
  if (Array.isArray(parent)) parent[arrayIndex(parent, last, path, "existing")] = value;
  else if (isJsonMap(parent) && Object.hasOwn(parent, last)) setMember(parent, last, value);
  else throw new JsonPatchError(`the document has no value at ${formatPointer(path)}`);
  return doc;
}

function get(doc: unknown, path: readonly string[], member: "path" | "from"): unknown {
  let current = doc;
  for (const [depth, token] of path.entries()) {
    const here = path.slice(0, depth + 1);
    if (Array.isArray(current)) current = current[arrayIndex(current, token, here, "existing")];
    else if (isJsonMap(current) && Object.hasOwn(current, token)) current = current[token];
    else throw new JsonPatchError(`the document has no value at ${formatPointer(here)}${member === "from" ? ' (in "from")' : ""}`);
  }
  return current;
}

/**
 * An array index token: digits without leading zeros, or "-" (one past the
 * end) where an item is being added. `add` may also address the end itself.
 */
function arrayIndex(array: readonly unknown[], token: string, path: readonly string[], use: "add" | "existing"): number {
  const limit = use === "add" ? array.length : array.length - 1;
  if (token === "-" && use === "add") return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) {
    throw new JsonPatchError(`${JSON.stringify(token)} in ${formatPointer(path)} is not an array index`);
  }
  const index = Number(token);
  if (index > limit) {
    throw new JsonPatchError(`index ${index} in ${formatPointer(path)} is out of range for an array of length ${array.length}`);
  }
  return index;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((token, i) => token === path[i]);
}

function formatPointer(path: readonly string[]): string {
  return JSON.stringify(path.map((token) => `/${token.replaceAll("~", "~0").replaceAll("/", "~1")}`).join(""));
}

/** JSON equality: member order does not matter, array order does. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isJsonMap(a)) {
    if (!isJsonMap(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return a === b;
}

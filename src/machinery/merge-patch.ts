/**
 * JSON merge patch (RFC 7386), `application/merge-patch+json`: objects merge
 * recursively, `null` removes a member, anything else (arrays included)
 * replaces the target's value whole.
 *
 * This file also holds the few JSON-document primitives the other patch
 * formats (json-patch.ts, strategic-merge-patch.ts) build on.
 */
import { cloneJson, setMember } from "./clone.js";

export type JsonMap = { [key: string]: unknown };

/** What applying a JSON patch or a strategic merge patch gives: the new document or the reason it failed. */
export type PatchResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** A JSON object: not null, not an array. */
export function isJsonMap(value: unknown): value is JsonMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads an own member only. Request bodies are untrusted: `obj["__proto__"]`
 * or `obj["constructor"]` would otherwise reach Object.prototype.
 */
export function getMember(obj: JsonMap, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * Applies `patch` to `target`; neither input is modified. RFC 7386 defines a
 * result for every pair of JSON values, so this always succeeds: it returns
 * a PatchResult only so that the PATCH handler treats all formats alike.
 */
export function applyMergePatch(target: unknown, patch: unknown): PatchResult {
  return { ok: true, value: mergeInPlace(cloneJson(target), cloneJson(patch)) };
}

/** The RFC's MergePatch function over private copies, which it may reuse and edit. */
function mergeInPlace(target: unknown, patch: unknown): unknown {
  if (!isJsonMap(patch)) return patch;
  const result = isJsonMap(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else setMember(result, key, mergeInPlace(getMember(result, key), value));
  }
  return result;
}

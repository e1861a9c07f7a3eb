/**
 * Typed views of an object's spec and status. Reading never creates the
 * field, because table cells and selectable fields see shared cached objects;
 * defaulting creates it with `ensureSpec`.
 */
import type { KubeObject } from "../types.js";

export function specOf<T>(object: KubeObject): T {
  return (object.spec ?? {}) as T;
}

export function statusOf<T>(object: KubeObject): T {
  return (object.status ?? {}) as T;
}

/** The spec, created empty when missing, for the hooks that fill it in. */
export function ensureSpec<T>(object: KubeObject): T {
  object.spec ??= {};
  return object.spec as T;
}

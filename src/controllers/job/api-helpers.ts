/**
 * Small readings of API answers and objects that several controllers
 * share: which error a failed call was, an object's controller reference,
 * a work-queue key's parts, and metav1.Time's wire form.
 */
import type { KubeObject, OwnerReference } from "../../apis/types.js";
import { ApiError } from "../../machinery/status.js";

const reasonOf = (error: unknown): string | undefined => (error instanceof ApiError ? error.status.reason : undefined);

export const isNotFound = (error: unknown): boolean => reasonOf(error) === "NotFound";
export const isAlreadyExists = (error: unknown): boolean => reasonOf(error) === "AlreadyExists";
export const isConflict = (error: unknown): boolean => reasonOf(error) === "Conflict";

/** A create refused because the namespace is being deleted: expected while it empties, not worth an event. */
export function isNamespaceTerminating(error: unknown): boolean {
  return error instanceof ApiError && (error.status.details?.causes ?? []).some((cause) => cause.reason === "NamespaceTerminating");
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((reference) => reference.controller === true);
}

/** A `namespace/name` work-queue key's parts. */
export function splitKey(key: string): [namespace: string, name: string] {
  const slash = key.indexOf("/");
  return slash < 0 ? ["", key] : [key.slice(0, slash), key.slice(slash + 1)];
}


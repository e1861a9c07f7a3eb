/**
 * Read-modify-write with optimistic concurrency: what a controller uses
 * where upstream sends a patch. The object is read fresh, `mutate` edits
 * the copy, and the write is conditional on the version read, so a
 * concurrent writer makes us re-read and try again rather than be
 * overwritten.
 */
import type { KubeObject } from "../../apis/types.js";
import type { ResourceClient } from "../../client/index.js";
import { ApiError, isApiError } from "../../machinery/status.js";

/** Conflicts tolerated before giving up; the caller's sync is retried with back-off after that. */
const MAX_ATTEMPTS = 5;

export interface UpdateTarget {
  readonly namespace: string;
  readonly name: string;
  /** The object we mean: a different uid under the same name is treated as gone. */
  readonly uid?: string;
}

export function isAlreadyExists(error: unknown): boolean {
  return error instanceof ApiError && error.status.reason === "AlreadyExists";
}

/** A create refused because its namespace is being deleted: every further create will fail too. */
export function isNamespaceTerminating(error: unknown): boolean {
  return error instanceof ApiError && (error.status.details?.causes ?? []).some((cause) => cause.reason === "NamespaceTerminating");
}

/**
 * Applies `mutate` (which returns false when nothing needs changing) and
 * writes the result. Resolves to the written object, the unchanged one, or
 * undefined when the object is gone.
 */
export async function updateWithRetry(
  resource: ResourceClient,
  target: UpdateTarget,
  mutate: (object: KubeObject) => boolean,
): Promise<KubeObject | undefined> {
  for (let attempt = 1; ; attempt++) {
    let current: KubeObject;
    try {
      current = await resource.get(target.namespace, target.name);
    } catch (error: unknown) {
      if (isApiError(error, 404)) return undefined;
      throw error;
    }
    if (target.uid && current.metadata.uid !== target.uid) return undefined;
    if (!mutate(current)) return current;
    try {
      return await resource.update(current);
    } catch (error: unknown) {
      if (isApiError(error, 404)) return undefined;
      if (!isApiError(error, 409) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * A controller's memory of its own latest writes. Right after a write the
 * informer cache still holds the older version for a moment; a sync that
 * ran on it would compute from stale state and lose a conflict. The watch
 * event of the write will enqueue the object again anyway, so a sync that
 * finds its cache behind its own write can simply stop.
 *
 * resourceVersions are compared as numbers: in mini they are the store's
 * revisions, which only grow.
 */
import type { KubeObject } from "../../apis/types.js";

export class OwnWrites {
  /** uid → resourceVersion of our latest write. */
  readonly #versions = new Map<string, number>();

  record(written: KubeObject): void {
    const { uid, resourceVersion } = written.metadata;
    if (uid && resourceVersion) this.#versions.set(uid, Number(resourceVersion));
  }

  /** True while `cached` is older than our latest write of it. */
  isStale(cached: KubeObject): boolean {
    const uid = cached.metadata.uid ?? "";
    const written = this.#versions.get(uid);
    if (written === undefined) return false;
    if (Number(cached.metadata.resourceVersion) < written) return true;
    this.#versions.delete(uid);
    return false;
  }

  /** Drops the record of a deleted object. */
  forget(object: KubeObject): void {
    this.#versions.delete(object.metadata.uid ?? "");
  }
}

/**
 * Writes a controller made that its informer cache has not shown yet
 * (upstream's ControllerExpectations, keyed by object instead of counted).
 * A controller that creates objects with generateName must not act on a
 * cache that lacks its last creates, or it would create them twice; it
 * checks `satisfied(owner)` first and waits for the informer otherwise.
 */
import type { KubeObject } from "../../apis/types.js";
import { objectKey } from "../../client/index.js";

/** Expectations older than this are dropped: an event can be missed (created and deleted before the cache saw it). */
const EXPIRY_MS = 30_000;

interface Expectation {
  readonly owner: string;
  /** Created or updated: satisfied by any event at or after this resourceVersion. Absent: a delete. */
  readonly resourceVersion?: number;
  readonly at: number;
}

function revisionOf(object: KubeObject): number {
  return Number(object.metadata.resourceVersion ?? 0);
}

export class WriteExpectations {
  readonly #lookup: (key: string) => KubeObject | undefined;
  readonly #byObject = new Map<string, Expectation>();

  /** `lookup` reads the informer cache by `namespace/name`, to skip expectations it already meets. */
  constructor(lookup: (key: string) => KubeObject | undefined) {
    this.#lookup = lookup;
  }

  /** Records an object the controller just created or updated, as the API returned it. */
  expectWritten(owner: string, written: KubeObject): void {
    const key = objectKey(written);
    const cached = this.#lookup(key);
    if (cached && revisionOf(cached) >= revisionOf(written)) return;
    this.#byObject.set(key, { owner, resourceVersion: revisionOf(written), at: Date.now() });
  }

  /** Records an object the controller just deleted; a graceful delete is met once the cache shows it terminating. */
  expectDeleted(owner: string, key: string): void {
    const cached = this.#lookup(key);
    if (!cached || cached.metadata.deletionTimestamp) return;
    this.#byObject.set(key, { owner, at: Date.now() });
  }

  /** Feeds an informer event of the written kind. */
  observe(object: KubeObject, deleted: boolean): void {
    const key = objectKey(object);
    const expected = this.#byObject.get(key);
    if (!expected) return;
    const met =
      expected.resourceVersion === undefined
        ? deleted || object.metadata.deletionTimestamp !== undefined
        : revisionOf(object) >= expected.resourceVersion;
    if (met) this.#byObject.delete(key);
  }

  /** True when the cache shows every write made for `owner`. */
  satisfied(owner: string): boolean {
    const now = Date.now();
    let satisfied = true;
    for (const [key, expected] of this.#byObject) {
      if (expected.owner !== owner) continue;
      if (now - expected.at > EXPIRY_MS) this.#byObject.delete(key);
      else satisfied = false;
    }
    return satisfied;
  }

  /** Drops what is expected for an owner that is gone. */
  forget(owner: string): void {
    for (const [key, expected] of this.#byObject) if (expected.owner === owner) this.#byObject.delete(key);
  }
}

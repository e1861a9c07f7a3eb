/**
 * Expectations: writes a controller made that its informer cache has not
 * shown yet. Until the cache shows them, a sync must not act on the cache
 * again, or it would create or delete the same objects twice. Two kinds:
 *
 * - `PodExpectations` (upstream's UIDTrackingControllerExpectations) count
 *   the creates a controller expects and name the deletes, for controllers
 *   that create pods with generateName (ReplicaSet, Job).
 * - `WriteExpectations` remember each object written with its
 *   resourceVersion, for controllers that write objects they can look up
 *   by name (DaemonSet pods, EndpointSlices).
 *
 * Both drop what they expect after a while: an event can be missed (an
 * object created and deleted before the cache saw it), and a lost event
 * must not wedge a controller.
 */
import type { KubeObject } from "../apis/types.js";
import { objectKey } from "../client/index.js";

/** Upstream's ExpectationsTimeout. */
const POD_EXPECTATIONS_TTL_MS = 5 * 60_000;

interface PodExpectation {
  creations: number;
  readonly deletions: Set<string>;
  readonly since: number;
}

export class PodExpectations {
  readonly #byController = new Map<string, PodExpectation>();
  readonly #now: () => number;

  /** @param now the clock, for tests. */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** True when nothing is outstanding for the controller key (or the record expired). */
  satisfied(controller: string): boolean {
    const expectation = this.#byController.get(controller);
    if (!expectation) return true;
    return (expectation.creations <= 0 && expectation.deletions.size === 0) || this.#now() - expectation.since > POD_EXPECTATIONS_TTL_MS;
  }

  expectCreations(controller: string, count: number): void {
    this.#byController.set(controller, { creations: count, deletions: new Set(), since: this.#now() });
  }

  /**
   * Deletions are named (by pod key or uid, as long as `deletionObserved` is given the same), so a
   * pod seen first terminating and then gone counts once.
   */
  expectDeletions(controller: string, pods: readonly string[]): void {
    this.#byController.set(controller, { creations: 0, deletions: new Set(pods), since: this.#now() });
  }

  /** A create was observed, or never will be (it failed or was skipped). */
  creationObserved(controller: string): void {
    const expectation = this.#byController.get(controller);
    if (expectation) expectation.creations--;
  }

  /** A delete of `pod` was observed, or never will be. */
  deletionObserved(controller: string, pod: string): void {
    this.#byController.get(controller)?.deletions.delete(pod);
  }

  /** Forgets the controller key (its object is gone). */
  forget(controller: string): void {
    this.#byController.delete(controller);
  }
}

/** Write expectations older than this are dropped. */
const WRITE_EXPECTATIONS_TTL_MS = 30_000;

interface WriteExpectation {
  readonly owner: string;
  /** Created or updated: met by any event at or after this resourceVersion. Absent: a delete. */
  readonly resourceVersion?: number;
  readonly at: number;
}

function revisionOf(object: KubeObject): number {
  return Number(object.metadata.resourceVersion ?? 0);
}

export class WriteExpectations {
  readonly #lookup: (key: string) => KubeObject | undefined;
  readonly #now: () => number;
  readonly #byObject = new Map<string, WriteExpectation>();

  /**
   * @param lookup reads the informer cache by `namespace/name`, to skip expectations it already meets.
   * @param now the clock, for tests.
   */
  constructor(lookup: (key: string) => KubeObject | undefined, now: () => number = Date.now) {
    this.#lookup = lookup;
    this.#now = now;
  }

  /** Records an object the controller just created or updated, as the API returned it. */
  expectWritten(owner: string, written: KubeObject): void {
    const key = objectKey(written);
    const cached = this.#lookup(key);
    if (cached && revisionOf(cached) >= revisionOf(written)) return;
    this.#byObject.set(key, { owner, resourceVersion: revisionOf(written), at: this.#now() });
  }

  /** Records an object the controller just deleted; a graceful delete is met once the cache shows it terminating. */
  expectDeleted(owner: string, key: string): void {
    const cached = this.#lookup(key);
    if (!cached || cached.metadata.deletionTimestamp) return;
    this.#byObject.set(key, { owner, at: this.#now() });
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
    const now = this.#now();
    let satisfied = true;
    for (const [key, expected] of this.#byObject) {
      if (expected.owner !== owner) continue;
      if (now - expected.at > WRITE_EXPECTATIONS_TTL_MS) this.#byObject.delete(key);
      else satisfied = false;
    }
    return satisfied;
  }

  /** Drops what is expected for an owner that is gone. */
  forget(owner: string): void {
    for (const [key, expected] of this.#byObject) if (expected.owner === owner) this.#byObject.delete(key);
  }
}

/**
 * Expectations (upstream's UIDTrackingControllerExpectations): after a
 * controller creates or deletes pods, its informer needs a moment to see
 * them. Until every expected create and delete has been observed, a sync
 * must not act on the cache again, or it would create or delete twice.
 * Deletions are tracked by pod key, so a pod seen first with a
 * deletionTimestamp and then removed counts once. Expectations older than
 * five minutes are treated as met, so a lost event cannot wedge a controller.
 */

const TTL_MS = 5 * 60 * 1000;

interface Expectation {
  adds: number;
  readonly deletes: Set<string>;
  readonly since: number;
}

export class Expectations {
  readonly #byKey = new Map<string, Expectation>();
  readonly #now: () => number;

  /** @param now the clock, for tests. */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** True when nothing is outstanding for the controller key (or the record expired). */
  satisfied(key: string): boolean {
    const e = this.#byKey.get(key);
    if (!e) return true;
    return (e.adds <= 0 && e.deletes.size === 0) || this.#now() - e.since > TTL_MS;
  }

  expectCreations(key: string, count: number): void {
    this.#byKey.set(key, { adds: count, deletes: new Set(), since: this.#now() });
  }

  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.#byKey.set(key, { adds: 0, deletes: new Set(podKeys), since: this.#now() });
  }

  /** A create was observed, or will never be (it failed or was skipped). */
  creationObserved(key: string): void {
    const e = this.#byKey.get(key);
    if (e) e.adds--;
  }

  /** A delete of `podKey` was observed, or will never be. */
  deletionObserved(key: string, podKey: string): void {
    this.#byKey.get(key)?.deletes.delete(podKey);
  }

  /** Forgets the controller key (its object is gone). */
  delete(key: string): void {
    this.#byKey.delete(key);
  }
}

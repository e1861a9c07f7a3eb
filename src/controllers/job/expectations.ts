/**
 * What the job controller has done but its pod informer has not shown yet.
 * Pod creations and deletions: until they are observed, a sync must not
 * create or delete again (the cache would make it do the same work twice).
 * Tracking finalizers removed: until the informer shows the pods without
 * them, a sync must not count those pods a second time. Records older than
 * five minutes count as met, so a lost event cannot wedge a job.
 */

const TTL_MS = 5 * 60_000;

interface PodExpectation {
  creations: number;
  readonly deletions: Set<string>;
  readonly since: number;
}

export class PodExpectations {
  readonly #byJob = new Map<string, PodExpectation>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  satisfied(job: string): boolean {
    const expectation = this.#byJob.get(job);
    if (!expectation) return true;
    return (expectation.creations <= 0 && expectation.deletions.size === 0) || this.#now() - expectation.since > TTL_MS;
  }

  expectCreations(job: string, count: number): void {
    this.#byJob.set(job, { creations: count, deletions: new Set(), since: this.#now() });
  }

  /** Deletions are tracked by pod uid, so a pod seen terminating and then gone counts once. */
  expectDeletions(job: string, podUids: readonly string[]): void {
    this.#byJob.set(job, { creations: 0, deletions: new Set(podUids), since: this.#now() });
  }

  /** A create was observed, or never will be (it failed or was skipped). */
  creationObserved(job: string): void {
    const expectation = this.#byJob.get(job);
    if (expectation) expectation.creations--;
  }

  deletionObserved(job: string, podUid: string): void {
    this.#byJob.get(job)?.deletions.delete(podUid);
  }

  forget(job: string): void {
    this.#byJob.delete(job);
  }
}

export class FinalizerExpectations {
  readonly #byJob = new Map<string, Set<string>>();

  expectRemovals(job: string, podUids: readonly string[]): void {
    let uids = this.#byJob.get(job);
    if (!uids) this.#byJob.set(job, (uids = new Set()));
    for (const uid of podUids) uids.add(uid);
  }

  removalObserved(job: string, podUid: string): void {
    const uids = this.#byJob.get(job);
    uids?.delete(podUid);
    if (uids?.size === 0) this.#byJob.delete(job);
  }

  expected(job: string): ReadonlySet<string> {
    return new Set(this.#byJob.get(job));
  }

  forget(job: string): void {
    this.#byJob.delete(job);
  }
}

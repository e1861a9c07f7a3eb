/**
 * Tracking finalizers the job controller removed but its pod informer has
 * not shown gone yet: until it does, a sync must not count those pods a
 * second time. (Pod creations and deletions use the shared PodExpectations.)
 */

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

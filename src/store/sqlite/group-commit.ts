/**
 * Group commit: writes issued in the same turn of the event loop share one
 * transaction.
 *
 * Each commit pays one WAL fsync (~0.13 ms on our disks) plus SQLite's fixed
 * per-transaction work; with one write per transaction that caps the store
 * near 5k writes/s, with a hundred it reaches ~27k/s (notes/store-anchors.md).
 * Writes queue until the event loop's check phase (setImmediate), by which
 * time every client woken by the previous batch has issued its next write.
 * A batch that reaches `maxBatch` is closed and the next write opens another,
 * committed by its own setImmediate: that bounds a transaction's size, and
 * because even a full batch waits for the check phase, a client that writes
 * in a tight loop still lets timers, I/O and watchers run between batches
 * (a synchronous flush would chain batch after batch in microtasks).
 *
 * `commit` runs a batch in order inside one transaction and returns one
 * answer per request; promises settle only after it returned, i.e. after
 * COMMIT. If it throws, the transaction rolled back and every request in the
 * batch fails with that error.
 */
export interface GroupCommitOptions {
  /**
   * Most requests in one transaction.
   * @default 500
   */
  readonly maxBatch?: number | undefined;
}

interface Pending<Request, Answer> {
  readonly request: Request;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<Request, Answer> {
  readonly #commit: (requests: readonly Request[]) => readonly Answer[];
  readonly #maxBatch: number;
  /** Batches waiting for their turn, oldest first; the last one may still be filling. */
  readonly #batches: Pending<Request, Answer>[][] = [];
  #closed = false;

  constructor(commit: (requests: readonly Request[]) => readonly Answer[], options: GroupCommitOptions = {}) {
    this.#commit = commit;
    this.#maxBatch = options.maxBatch ?? 500;
  }

  submit(request: Request): Promise<Answer> {
    if (this.#closed) return Promise.reject(new Error("The store is closed"));
    return new Promise<Answer>((resolve, reject) => {
      let batch = this.#batches.at(-1);
      if (batch === undefined || batch.length >= this.#maxBatch) {
        batch = [];
        this.#batches.push(batch);
        // Immediates run in the order they were set, as the batches queue.
        setImmediate(() => this.#commitOldest());
      }
      batch.push({ request, resolve, reject });
    });
  }

  /** Commits what is queued and refuses further writes. */
  close(): void {
    this.#closed = true;
    while (this.#batches.length > 0) this.#commitOldest();
  }

  /** Commits the oldest batch and settles its promises; never throws. */
  #commitOldest(): void {
    const batch = this.#batches.shift();
    if (batch === undefined) return; // close() committed it already
    let answers: readonly Answer[];
    try {
      answers = this.#commit(batch.map((pending) => pending.request));
    } catch (error: unknown) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const answer = answers[index];
      if (answer === undefined) pending.reject(new Error("The commit returned no answer for this write"));
      else pending.resolve(answer);
    });
  }
}

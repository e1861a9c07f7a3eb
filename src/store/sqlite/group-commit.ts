/**
 * Group commit: writes issued in the same turn of the event loop share one
 * transaction.
 *
 * Each commit pays one WAL fsync (~0.2 ms on our disks, several on a busy
 * one) plus SQLite's fixed per-transaction work; with one write per
 * transaction that caps the store near 5k writes/s, with a hundred it reaches
 * ~27k/s (notes/store-anchors.md). Writes queue until the event loop's check
 * phase (setImmediate), by which time every client woken by the previous
 * batch has issued its next write. A batch that reaches `maxBatch` is closed
 * and the next write opens another, committed by its own setImmediate: that
 * bounds a transaction's size, and because even a full batch waits for the
 * check phase, a client that writes in a tight loop still lets timers, I/O
 * and watchers run between batches (a synchronous flush would chain batch
 * after batch in microtasks).
 *
 * `commit` runs a batch in order inside one transaction and returns one
 * answer per request, or a promise of them when the batch still has to reach
 * the disk (the fsync runs off the event loop). Promises settle only once the
 * answers are there, i.e. after COMMIT and its fsync. While a commit's promise
 * is pending the next batch waits and keeps filling: one fsync at a time,
 * each covering everything written while the previous one ran, as a blocking
 * fsync would, but with the event loop free meanwhile. If `commit` throws or
 * its promise rejects, every request in the batch fails with that error.
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

type Answers<Answer> = readonly Answer[] | Promise<readonly Answer[]>;

export class GroupCommit<Request, Answer> {
  readonly #commit: (requests: readonly Request[]) => Answers<Answer>;
  readonly #maxBatch: number;
  /** Batches waiting for their turn, oldest first; the last one may still be filling. */
  readonly #batches: Pending<Request, Answer>[][] = [];
  /** The commit whose answers (its fsync) are still pending; later batches wait for it. */
  #inFlight: Promise<void> | undefined;
  #closed = false;

  constructor(commit: (requests: readonly Request[]) => Answers<Answer>, options: GroupCommitOptions = {}) {
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

  /**
   * Commits what is queued and refuses further writes; resolves once every
   * commit has been answered.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (;;) {
      if (this.#inFlight) await this.#inFlight;
      else if (this.#batches.length > 0) this.#commitOldest();
      else return;
    }
  }

  /** Commits the oldest batch, unless a commit is still pending (its end commits the next); never throws. */
  #commitOldest(): void {
    if (this.#inFlight) return;
    const batch = this.#batches.shift();
    if (batch === undefined) return; // committed already, by close() or after a pending commit
    let answers: Answers<Answer>;
    try {
      answers = this.#commit(batch.map((pending) => pending.request));
    } catch (error: unknown) {
      fail(batch, error);
      return;
    }
    if (!(answers instanceof Promise)) {
      settle(batch, answers);
      return;
    }
    this.#inFlight = answers.then(
      (settled) => settle(batch, settled),
      (error: unknown) => fail(batch, error),
    );
    void this.#inFlight.then(() => {
      this.#inFlight = undefined;
      // On the check phase, after the clients just answered have queued their next writes.
      if (this.#batches.length > 0 && !this.#closed) setImmediate(() => this.#commitOldest());
    });
  }
}

function settle<Request, Answer>(batch: readonly Pending<Request, Answer>[], answers: readonly Answer[]): void {
  batch.forEach((pending, index) => {
    const answer = answers[index];
    if (answer === undefined) pending.reject(new Error("The commit returned no answer for this write"));
    else pending.resolve(answer);
  });
}

function fail<Request, Answer>(batch: readonly Pending<Request, Answer>[], error: unknown): void {
  for (const pending of batch) pending.reject(error);
}

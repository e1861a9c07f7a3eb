/**
 * Keeps the log short: compacts everything but a window of recent revisions,
 * on a timer (kine: every 5 minutes, keeping 1000 revisions).
 *
 * The window is what lets a watcher that was cut off, or a client between a
 * list and its watch, resume from a recent resourceVersion instead of getting
 * 410 Gone and relisting.
 */
import type { Backend, CompactResult } from "./types.js";

export interface CompactorOptions {
  /**
   * Time between compactions, in milliseconds.
   * @default 300_000
   */
  readonly intervalMs?: number;
  /**
   * Recent revisions kept readable.
   * @default 1_000
   */
  readonly keepRevisions?: number;
  /** Aborting stops the compactor, like `stop()`. */
  readonly signal?: AbortSignal;
}

export interface Compactor {
  /** Compacts now, unless the window already covers every uncompacted revision (then null). */
  compactOnce(): Promise<CompactResult | null>;
  stop(): void;
}

/** Starts compacting `backend` every `intervalMs`; the timer never keeps the process alive. */
export function startCompactor(backend: Backend, options: CompactorOptions = {}): Compactor {
  return new IntervalCompactor(backend, options);
}

class IntervalCompactor implements Compactor {
  readonly #backend: Backend;
  readonly #keepRevisions: number;
  readonly #timer: NodeJS.Timeout;
  readonly #signal: AbortSignal | undefined;
  readonly #stop = (): void => this.stop();
  #running = false;

  constructor(backend: Backend, options: CompactorOptions) {
    this.#backend = backend;
    this.#keepRevisions = options.keepRevisions ?? 1_000;
    this.#timer = setInterval(() => void this.#tick(), options.intervalMs ?? 300_000).unref();
    this.#signal = options.signal;
    if (this.#signal?.aborted === true) this.stop();
    else this.#signal?.addEventListener("abort", this.#stop, { once: true });
  }

  async compactOnce(): Promise<CompactResult | null> {
    const target = this.#backend.currentRevision() - this.#keepRevisions;
    if (target <= this.#backend.compactRevision()) return null;
    return this.#backend.compact(target);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#signal?.removeEventListener("abort", this.#stop);
  }

  /** One timed pass; a pass still running (a long compaction) makes the next one skip. */
  async #tick(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      await this.compactOnce();
    } catch (error: unknown) {
      // The next pass retries; a failing compaction only lets the log grow.
      process.emitWarning(error instanceof Error ? error : new Error(String(error)), "CompactionError");
    } finally {
      this.#running = false;
    }
  }
}

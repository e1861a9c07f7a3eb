/**
 * Test support: records one watch's events and lets a test wait for a
 * revision or for the end of the watch.
 */
import type { Backend, Revision, WatchEvent, WatchHandlers, WatchOptions } from "./types.js";

type CloseReason = Parameters<WatchHandlers["onClose"]>[0];

export interface RecorderOptions extends WatchOptions {
  /** Runs before each event is recorded (a slow consumer blocks here). */
  readonly beforeEach?: (event: WatchEvent) => void;
}

export class Recorder {
  readonly events: WatchEvent[] = [];
  /** Settles with the close reason when the watch ends. */
  readonly closed: Promise<CloseReason>;
  #onChange: (() => void) | undefined;
  #ended = false;

  constructor(backend: Backend, prefix: string, options: RecorderOptions) {
    let resolveClosed: (reason: CloseReason) => void = () => {};
    this.closed = new Promise((resolve) => (resolveClosed = resolve));
    backend.watch(prefix, options, {
      onEvent: (event) => {
        options.beforeEach?.(event);
        this.events.push(event);
        this.#onChange?.();
      },
      onClose: (reason) => {
        this.#ended = true;
        resolveClosed(reason);
        this.#onChange?.();
      },
    });
  }

  get revisions(): Revision[] {
    return this.events.map((event) => event.kv.modRevision);
  }

  /** Resolves once an event at or after `revision` arrived; rejects if the watch ends first or time runs out. */
  async until(revision: Revision, timeoutMs = 10_000): Promise<void> {
    const reached = (): boolean => (this.events.at(-1)?.kv.modRevision ?? 0) >= revision;
    if (reached()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`No event at revision ${revision} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        this.#onChange = undefined;
        if (error === undefined) resolve();
        else reject(error);
      };
      this.#onChange = () => {
        if (reached()) finish();
        else if (this.#ended) finish(new Error(`The watch ended before revision ${revision}`));
      };
    });
  }
}

/** Blocks the thread for `ms` without spinning, as a handler doing slow synchronous work would. */
export function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

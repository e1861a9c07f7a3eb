/**
 * The in-process broadcaster: fans committed events out to every watcher.
 *
 * Our process is the store's only writer, so unlike kine (which polls the
 * table because other processes may write) the backend publishes each
 * committed batch here, in commit order. Every watcher queues the same events
 * in the same order, so all watchers see one global order. Publishing only
 * queues: a watcher that cannot keep up is cut off, never waited for.
 */
import { Watcher } from "./watcher.js";
import type { History } from "./watcher.js";
import type { WatchEvent, WatchHandlers, WatchOptions } from "./types.js";

export type { History } from "./watcher.js";

export interface BroadcasterOptions {
  /**
   * Live events a watcher may have waiting before it is closed with `overflow`.
   * @default 10_000
   */
  readonly queueLimit?: number | undefined;
  /**
   * History rows read per query while a watch replays.
   * @default 1_000
   */
  readonly replayPageSize?: number | undefined;
}

export class Broadcaster {
  readonly #history: History;
  readonly #queueLimit: number;
  readonly #replayPageSize: number;
  readonly #watchers = new Set<Watcher>();
  #closed = false;

  constructor(history: History, options: BroadcasterOptions = {}) {
    this.#history = history;
    this.#queueLimit = options.queueLimit ?? 10_000;
    this.#replayPageSize = options.replayPageSize ?? 1_000;
  }

  /** Starts a watch: subscribes it to the live feed first, then lets it replay history. */
  watch(prefix: string, options: WatchOptions, handlers: WatchHandlers): void {
    const watcher: Watcher = new Watcher(prefix, options.afterRevision, handlers, {
      queueLimit: this.#queueLimit,
      replayPageSize: this.#replayPageSize,
      signal: options.signal,
      synchronous: options.synchronous ?? false,
      onEnd: () => this.#watchers.delete(watcher),
    });
    this.#watchers.add(watcher);
    if (this.#closed) watcher.end("closed");
    else void watcher.start(this.#history);
  }

  /** Hands a committed batch to every watcher, in commit order. Never throws. */
  publish(events: readonly WatchEvent[]): void {
    if (events.length === 0) return;
    for (const watcher of this.#watchers) watcher.offer(events);
  }

  /** Ends every watch, and any started later, with `closed` (the store is shutting down). */
  close(): void {
    this.#closed = true;
    for (const watcher of this.#watchers) watcher.end("closed");
  }

  /** Watches currently subscribed. */
  get size(): number {
    return this.#watchers.size;
  }
}

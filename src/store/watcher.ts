/**
 * One watch: replays history, then streams live events, in revision order.
 *
 * The broadcaster subscribes the watcher before `start` reads any history, so
 * a write committed while the replay is read lands in the live queue too; live
 * events at or below the last replayed revision are dropped, which closes the
 * seam with neither a gap nor a duplicate (kine's LogStructured.Watch order).
 *
 * Delivery never runs inside a writer's call stack (except for a synchronous
 * watch, once live and caught up): `offer` only queues, and the queue drains
 * on its own turn of the event loop. A drain hands over
 * events for at most SLICE_MS before yielding, so a slow handler shares the
 * process with writers instead of stalling them; it falls behind, and once
 * its queue holds more than the limit it is cut off with `overflow` (it can
 * resume from the last revision it saw).
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { CompactedError } from "./types.js";
import type { Revision, WatchEvent, WatchHandlers } from "./types.js";

/** Reads committed history for replay. */
export interface History {
  /**
   * Up to `limit` events under `prefix` with revision > `afterRevision`,
   * oldest first. Rejects with CompactedError when `afterRevision` is older
   * than the compaction point, since the rows after it may be gone.
   */
  after(prefix: string, afterRevision: Revision, limit: number): Promise<readonly WatchEvent[]>;
}

export interface WatcherLimits {
  /** Live events a watcher may have waiting before it is cut off. */
  readonly queueLimit: number;
  /** Rows read from history per query during replay. */
  readonly replayPageSize: number;
}

export interface WatcherOptions extends WatcherLimits {
  /** Aborting ends the watch with no reason. */
  readonly signal: AbortSignal | undefined;
  /** Live events are handed over inside `offer` when nothing is queued before them. */
  readonly synchronous: boolean;
  /** Called once when the watch ends, to unsubscribe it. */
  readonly onEnd: () => void;
}

type EndReason = Parameters<WatchHandlers["onClose"]>[0];

/** How long one drain may run handlers before letting the rest of the process in. */
const SLICE_MS = 5;
/** Delivered events are trimmed from the queue's front once this many pile up. */
const TRIM_AFTER = 1024;

export class Watcher {
  readonly #prefix: string;
  readonly #handlers: WatchHandlers;
  readonly #limits: WatcherLimits;
  readonly #signal: AbortSignal | undefined;
  readonly #synchronous: boolean;
  readonly #onEnd: () => void;
  /** Live events not yet delivered; `#head` is the next one, so taking one is O(1). */
  #queue: WatchEvent[] = [];
  #head = 0;
  /** The newest revision handed to the handler (or the starting point). */
  #last: Revision;
  #replaying = true;
  #drainScheduled = false;
  #ended = false;

  readonly #abort = (): void => this.end(undefined);

  constructor(prefix: string, afterRevision: Revision, handlers: WatchHandlers, options: WatcherOptions) {
    this.#prefix = prefix;
    this.#last = afterRevision;
    this.#handlers = handlers;
    this.#limits = options;
    this.#signal = options.signal;
    this.#synchronous = options.synchronous;
    this.#onEnd = options.onEnd;
  }

  /**
   * Queues committed events (called by the writer after commit), or hands
   * them over at once to a synchronous watch that is live with nothing
   * queued; never throws.
   */
  offer(events: readonly WatchEvent[]): void {
    if (this.#ended) return;
    if (this.#synchronous && !this.#replaying && this.#head === this.#queue.length) {
      for (const event of events) {
        if (event.kv.key.startsWith(this.#prefix) && !this.#deliver(event)) return;
      }
      return;
    }
    const before = this.#queue.length;
    for (const event of events) {
      if (event.kv.key.startsWith(this.#prefix)) this.#queue.push(event);
    }
    if (this.#queue.length - this.#head > this.#limits.queueLimit) {
      this.end("overflow");
      return;
    }
    if (this.#queue.length > before && !this.#replaying) this.#scheduleDrain();
  }

  /**
   * Call once the watcher is subscribed: replays history after the starting
   * revision, then switches to the live queue.
   */
  async start(history: History): Promise<void> {
    if (this.#signal?.aborted === true) {
      this.end(undefined);
      return;
    }
    this.#signal?.addEventListener("abort", this.#abort, { once: true });
    try {
      let complete = false;
      while (!complete && !this.#ended) {
        const page = await history.after(this.#prefix, this.#last, this.#limits.replayPageSize);
        complete = page.length < this.#limits.replayPageSize;
        let sliceEnd = performance.now() + SLICE_MS;
        for (const event of page) {
          if (!this.#deliver(event)) return;
          if (performance.now() >= sliceEnd) {
            await nextTurn();
            sliceEnd = performance.now() + SLICE_MS;
          }
        }
        this.#dropReplayed();
      }
    } catch (error: unknown) {
      if (error instanceof CompactedError) {
        this.end("compacted");
        return;
      }
      this.#fail(error, "WatchReplayError");
      return;
    }
    this.#replaying = false;
    this.#scheduleDrain();
  }

  /** Ends the watch once: drops what is queued and reports `reason` on a later turn. */
  end(reason: EndReason): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#queue = [];
    this.#head = 0;
    this.#signal?.removeEventListener("abort", this.#abort);
    this.#onEnd();
    setImmediate(() => this.#guard(() => this.#handlers.onClose(reason)));
  }

  /** Live events the replay already delivered no longer count against the queue limit. */
  #dropReplayed(): void {
    while ((this.#queue[this.#head]?.kv.modRevision ?? Infinity) <= this.#last) this.#head++;
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled || this.#ended) return;
    this.#drainScheduled = true;
    setImmediate(() => this.#drain());
  }

  #drain(): void {
    this.#drainScheduled = false;
    const sliceEnd = performance.now() + SLICE_MS;
    while (this.#head < this.#queue.length && performance.now() < sliceEnd) {
      const event = this.#queue[this.#head++];
      if (event === undefined || !this.#deliver(event)) return;
    }
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
      return;
    }
    if (this.#head > TRIM_AFTER) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    this.#scheduleDrain();
  }

  /** Hands one event over unless it was already replayed; false once the watch has ended. */
  #deliver(event: WatchEvent): boolean {
    if (this.#ended) return false;
    if (event.kv.modRevision <= this.#last) return true;
    this.#last = event.kv.modRevision;
    return this.#guard(() => this.#handlers.onEvent(event));
  }

  /**
   * Runs a handler. A handler that throws has a bug the store cannot fix; it
   * ends its own watch and is reported as a warning, instead of escaping as
   * an uncaught exception that would take every other watch and writer down.
   */
  #guard(call: () => void): boolean {
    try {
      call();
      return true;
    } catch (error: unknown) {
      this.#fail(error, "WatchHandlerError");
      return false;
    }
  }

  #fail(error: unknown, type: string): void {
    process.emitWarning(error instanceof Error ? error : new Error(String(error)), type);
    this.end("closed");
  }
}

/**
 * The scheduling queue (upstream's PriorityQueue). Pending pods wait in
 * one of three places:
 * - active: ready to schedule, highest priority first, then oldest;
 * - backoff: failed recently; each attempt doubles the wait (1 s, 2 s, …
 *   up to 10 s) before the pod goes back to active;
 * - unschedulable: rejected by plugins; retried when a cluster event one of
 *   those plugins registered happens (a node added, a pod deleted…), when
 *   the pod itself changes, or after 5 minutes at the latest.
 * The queue holds keys and scheduling bookkeeping only; the scheduler reads
 * the pod itself from the informer when it pops the key.
 */
import type { ClusterEvent } from "./framework/index.js";
import { KeyedHeap } from "./heap.js";

export interface QueuedPod {
  /** namespace/name */
  readonly key: string;
  readonly priority: number;
  /** When the pod last entered the queue: orders pods of equal priority. */
  timestamp: number;
  /** Scheduling attempts so far, counted when popped. */
  attempts: number;
  /** When the latest attempt failed: back-off and the unschedulable timeout count from here. */
  failedAt: number;
  /** Plugins that rejected the pod in its latest attempt; empty retries on any event. */
  unschedulablePlugins: ReadonlySet<string>;
}

export interface SchedulingQueueOptions {
  /** The events each plugin registered (see Plugin.events). */
  readonly pluginEvents: ReadonlyMap<string, ReadonlySet<ClusterEvent>>;
  /** @default 1000 */
  readonly initialBackoffMs?: number;
  /** @default 10_000 */
  readonly maxBackoffMs?: number;
  /** An unschedulable pod is retried after this long even without an event. @default 300_000 */
  readonly maxUnschedulableMs?: number;
  /** How often unschedulable pods are checked against that limit. @default 30_000 */
  readonly unschedulableFlushMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export class SchedulingQueue {
  readonly #active = new KeyedHeap<QueuedPod>({
    key: (p) => p.key,
    less: (a, b) => a.priority > b.priority || (a.priority === b.priority && a.timestamp < b.timestamp),
  });
  readonly #backoff = new KeyedHeap<QueuedPod>({ key: (p) => p.key, less: (a, b) => this.#backoffExpiry(a) < this.#backoffExpiry(b) });
  readonly #unschedulable = new Map<string, QueuedPod>();
  /** Popped and not yet done or requeued. */
  readonly #inFlight = new Map<string, QueuedPod>();
  readonly #waiters: ((pod: QueuedPod | undefined) => void)[] = [];
  readonly #options: SchedulingQueueOptions;
  readonly #now: () => number;
  readonly #flushTimer: NodeJS.Timeout;
  #backoffTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: SchedulingQueueOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#flushTimer = setInterval(() => this.flushUnschedulable(), options.unschedulableFlushMs ?? 30_000);
    this.#flushTimer.unref();
  }

  /** Sizes of the sub-queues, for logs and tests. */
  get counts(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return { active: this.#active.size, backoff: this.#backoff.size, unschedulable: this.#unschedulable.size, inFlight: this.#inFlight.size };
  }

  /**
   * A pending pod appeared, or changed in a way that may change its
   * outcome: new pods go to active; an unschedulable one is retried.
   */
  add(key: string, priority: number): void {
    if (this.#closed || this.#inFlight.has(key) || this.#active.has(key) || this.#backoff.has(key)) return;
    const waiting = this.#unschedulable.get(key);
    if (waiting) {
      this.#unschedulable.delete(key);
      this.#activateOrBackoff(waiting);
      return;
    }
    this.#pushActive({ key, priority, timestamp: this.#now(), attempts: 0, failedAt: 0, unschedulablePlugins: new Set() });
  }

  /** The pod is gone, bound elsewhere, or no longer ours. */
  delete(key: string): void {
    this.#active.delete(key);
    this.#backoff.delete(key);
    this.#unschedulable.delete(key);
    this.#inFlight.delete(key);
  }

  has(key: string): boolean {
    return this.#active.has(key) || this.#backoff.has(key) || this.#unschedulable.has(key) || this.#inFlight.has(key);
  }

  /** The next pod to schedule; waits while active is empty; undefined once closed. */
  pop(): Promise<QueuedPod | undefined> {
    const next = this.popReady();
    if (next) return Promise.resolve(next);
    if (this.#closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** The next pod to schedule if one is active now, without waiting. */
  popReady(): QueuedPod | undefined {
    const next = this.#active.pop();
    return next && this.#start(next);
  }

  /** The popped pod was scheduled. */
  done(key: string): void {
    this.#inFlight.delete(key);
  }

  /** The popped pod fits nowhere: it waits for an event one of `plugins` registered. */
  requeueUnschedulable(key: string, plugins: ReadonlySet<string>): void {
    const pod = this.#finish(key);
    if (!pod) return;
    pod.unschedulablePlugins = plugins;
    this.#unschedulable.set(key, pod);
  }

  /** The popped pod failed for another reason (an error, a failed binding): retry after back-off. */
  requeueBackoff(key: string): void {
    const pod = this.#finish(key);
    if (pod) this.#pushBackoff(pod);
  }

  /** Moves unschedulable pods that the event may help to active (or backoff, if still backing off). */
  onEvent(event: ClusterEvent): void {
    for (const [key, pod] of this.#unschedulable) {
      if (!this.#helps(pod, event)) continue;
      this.#unschedulable.delete(key);
      this.#activateOrBackoff(pod);
    }
  }

  /** Retries pods that have been unschedulable longer than maxUnschedulableMs. */
  flushUnschedulable(): void {
    const limit = this.#options.maxUnschedulableMs ?? 300_000;
    const now = this.#now();
    for (const [key, pod] of this.#unschedulable) {
      if (now - pod.failedAt < limit) continue;
      this.#unschedulable.delete(key);
      this.#activateOrBackoff(pod);
    }
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#flushTimer);
    if (this.#backoffTimer) clearTimeout(this.#backoffTimer);
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }

  #helps(pod: QueuedPod, event: ClusterEvent): boolean {
    if (pod.unschedulablePlugins.size === 0) return true;
    for (const plugin of pod.unschedulablePlugins) if (this.#options.pluginEvents.get(plugin)?.has(event)) return true;
    return false;
  }

  #start(pod: QueuedPod): QueuedPod {
    pod.attempts++;
    this.#inFlight.set(pod.key, pod);
    return pod;
  }

  #finish(key: string): QueuedPod | undefined {
    const pod = this.#inFlight.get(key);
    if (!pod) return undefined;
    this.#inFlight.delete(key);
    pod.failedAt = this.#now();
    // Re-added pods queue behind those that waited longer, as upstream refreshes the timestamp.
    pod.timestamp = pod.failedAt;
    return pod;
  }

  #backoffExpiry(pod: QueuedPod): number {
    const initial = this.#options.initialBackoffMs ?? 1000;
    const max = this.#options.maxBackoffMs ?? 10_000;
    return pod.failedAt + Math.min(max, initial * 2 ** Math.max(0, pod.attempts - 1));
  }

  #activateOrBackoff(pod: QueuedPod): void {
    if (this.#backoffExpiry(pod) > this.#now()) this.#pushBackoff(pod);
    else this.#pushActive(pod);
  }

  #pushActive(pod: QueuedPod): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(this.#start(pod));
    else this.#active.push(pod);
  }

  #pushBackoff(pod: QueuedPod): void {
    this.#backoff.push(pod);
    this.#armBackoffTimer();
  }

  /** One timer, set for the earliest back-off expiry. */
  #armBackoffTimer(): void {
    if (this.#backoffTimer) clearTimeout(this.#backoffTimer);
    this.#backoffTimer = undefined;
    const first = this.#backoff.peek();
    if (!first || this.#closed) return;
    this.#backoffTimer = setTimeout(() => this.#flushBackoff(), Math.max(0, this.#backoffExpiry(first) - this.#now()));
    this.#backoffTimer.unref();
  }

  #flushBackoff(): void {
    const now = this.#now();
    for (let first = this.#backoff.peek(); first && this.#backoffExpiry(first) <= now; first = this.#backoff.peek()) {
      this.#backoff.pop();
      this.#pushActive(first);
    }
    this.#armBackoffTimer();
  }
}

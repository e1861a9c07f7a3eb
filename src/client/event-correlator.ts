/**
 * What an event recorder writes for each event, with the rules and defaults
 * of upstream's event correlator (client-go tools/record), so that a broken
 * object cannot flood the API with Events and `kubectl describe` reads the
 * same counts and messages as on a real cluster:
 *
 * - Counting: a repeat of the same event (object, type, reason, message)
 *   bumps the count of the Event already written instead of adding one.
 * - Aggregation: once 10 events of one object, type and reason that differ
 *   only by message arrive within 10 minutes, later ones are counted on one
 *   Event whose message says "(combined from similar events): …".
 * - Spam filter: a component writes at most 25 Events about one object at
 *   once, then one every 5 minutes (a token bucket per object). A filtered
 *   event still counts, so the next write carries the full count.
 *
 * Each cache keeps its 4,096 most recently used keys.
 */

export interface EventSubject {
  readonly apiVersion: string | undefined;
  readonly kind: string | undefined;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly uid: string | undefined;
}

export interface EventToCorrelate {
  readonly component: string;
  readonly subject: EventSubject;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
}

/** The Event to write for an event: a new one (`repeat` false) or a higher count on an earlier one. */
export interface CorrelatedEvent {
  /** Events of one key are written in order, each on the Event `name`. */
  readonly key: string;
  readonly name: string;
  readonly message: string;
  readonly count: number;
  readonly firstTimestamp: string;
  readonly repeat: boolean;
}

const CACHE_ENTRIES = 4096;
const AGGREGATE_AFTER = 10;
const AGGREGATE_WINDOW_MS = 600_000;
const COMBINED_PREFIX = "(combined from similar events): ";
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300_000;

/** A Map that forgets its least recently used key beyond `limit` entries. */
class RecentMap<V> {
  readonly #entries = new Map<string, V>();
  constructor(readonly limit: number) {}

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}

interface Similar {
  readonly messages: Set<string>;
  lastMs: number;
}

interface Observed {
  readonly name: string;
  readonly firstTimestamp: string;
  count: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

function subjectKey(component: string, subject: EventSubject): string {
  return [component, subject.kind, subject.namespace, subject.name, subject.uid, subject.apiVersion].join("\u0000");
}

export class EventCorrelator {
  readonly #nowMs: () => number;
  readonly #similar = new RecentMap<Similar>(CACHE_ENTRIES);
  readonly #observed = new RecentMap<Observed>(CACHE_ENTRIES);
  readonly #buckets = new RecentMap<Bucket>(CACHE_ENTRIES);

  constructor(options: { readonly nowMs?: () => number } = {}) {
    this.#nowMs = options.nowMs ?? Date.now;
  }

  /**
   * What to write for `event`, observed at `timestamp`; undefined when the spam filter holds it back.
   * `newName` names the Event when this is the first of its key.
   */
  correlate(event: EventToCorrelate, timestamp: string, newName: () => string): CorrelatedEvent | undefined {
    const nowMs = this.#nowMs();
    const subject = subjectKey(event.component, event.subject);
    const { key, message } = this.#aggregate(`${subject}\u0000${event.type}\u0000${event.reason}`, event.message, nowMs);
    const earlier = this.#observed.get(key);
    const observed = earlier ?? { name: newName(), firstTimestamp: timestamp, count: 0 };
    observed.count++;
    this.#observed.set(key, observed);
    if (!this.#takeToken(subject, nowMs)) return undefined;
    return { key, name: observed.name, message, count: observed.count, firstTimestamp: observed.firstTimestamp, repeat: earlier !== undefined };
  }

  /** The key an event counts on, and its message: its own, or the combined one once similar events abound. */
  #aggregate(similarKey: string, message: string, nowMs: number): { key: string; message: string } {
    let similar = this.#similar.get(similarKey);
    if (!similar || nowMs - similar.lastMs > AGGREGATE_WINDOW_MS) similar = { messages: new Set(), lastMs: nowMs };
    similar.messages.add(message);
    similar.lastMs = nowMs;
    this.#similar.set(similarKey, similar);
    if (similar.messages.size < AGGREGATE_AFTER) return { key: `${similarKey}\u0000${message}`, message };
    // Keep the set at its bound, as upstream drops one message once it aggregates.
    similar.messages.delete(similar.messages.values().next().value as string);
    return { key: similarKey, message: COMBINED_PREFIX + message };
  }

  #takeToken(subject: string, nowMs: number): boolean {
    const bucket = this.#buckets.get(subject) ?? { tokens: SPAM_BURST, atMs: nowMs };
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + (nowMs - bucket.atMs) / SPAM_REFILL_MS);
    bucket.atMs = nowMs;
    this.#buckets.set(subject, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens--;
    return true;
  }
}

/**
 * The watch cache: the newest state of every object, kept in memory by one
 * watch on the whole registry, so that lists are answered without reading
 * or parsing thousands of rows (kube-apiserver serves lists the same way).
 *
 * Consistency: one synchronous watch sees every revision as it is
 * committed, before the commit's writes are acknowledged, so the cache's
 * revision reaches the store's at each commit (a commit's flush aside). A list
 * that must be current waits until the cache has caught up with the
 * revision the store had when the request arrived, then reads it.
 */
import type { Backend, KeyValue, Revision } from "../../store/types.js";
import type { Logger } from "../../log.js";
import { shareStoredObject, storedObjectOf, type StoredObject } from "./stored-object.js";

const REGISTRY_PREFIX = "/registry/";
/** A list waits this long for the cache to catch up before reading the store instead. */
const CATCH_UP_TIMEOUT_MS = 3_000;

/** `/registry/<group>/<resource>/`: the part of a key that names its kind. */
function bucketOf(key: string): string {
  let end = REGISTRY_PREFIX.length;
  for (let slashes = 0; slashes < 2; slashes++) {
    end = key.indexOf("/", end) + 1;
    if (end === 0) return key;
  }
  return key.slice(0, end);
}

class Bucket {
  readonly objects = new Map<string, StoredObject>();
  #sorted: string[] | null = null;

  put(key: string, stored: StoredObject): void {
    if (!this.objects.has(key)) this.#sorted = null;
    this.objects.set(key, stored);
  }

  remove(key: string): void {
    if (this.objects.delete(key)) this.#sorted = null;
  }

  /** Keys with `prefix`, from `startKey` on, in byte order (names are ASCII, so code-unit order is byte order). */
  keys(prefix: string, startKey: string): string[] {
    this.#sorted ??= [...this.objects.keys()].sort();
    const sorted = this.#sorted;
    const from = lowerBound(sorted, startKey > prefix ? startKey : prefix);
    const keys: string[] = [];
    for (let i = from; i < sorted.length; i++) {
      const key = sorted[i] as string;
      if (!key.startsWith(prefix)) break;
      keys.push(key);
    }
    return keys;
  }
}

function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as string) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

interface Waiter {
  readonly revision: Revision;
  readonly resolve: (caughtUp: boolean) => void;
}

export interface CachedList {
  readonly items: StoredObject[];
  readonly revision: Revision;
}

export class ObjectCache {
  readonly #backend: Backend;
  readonly #log: Logger | undefined;
  #buckets = new Map<string, Bucket>();
  #revision: Revision = 0;
  #synced = false;
  #waiters: Waiter[] = [];
  #signal: AbortSignal | undefined;

  constructor(backend: Backend, log?: Logger) {
    this.#backend = backend;
    this.#log = log;
  }

  get revision(): Revision {
    return this.#revision;
  }

  /** Fills the cache from the store and follows it until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    this.#signal = signal;
    const listed = await this.#backend.list(REGISTRY_PREFIX);
    const buckets = new Map<string, Bucket>();
    for (const kv of listed.kvs) this.#bucket(buckets, kv.key).put(kv.key, storedObjectOf(kv));
    this.#buckets = buckets;
    this.#revision = listed.revision;
    this.#synced = true;
    this.#release();
    // Synchronous: the cache has every write by the time it is acknowledged, so a
    // write that follows another (read from here by guaranteedUpdate) starts current.
    this.#backend.watch(REGISTRY_PREFIX, { afterRevision: listed.revision, signal, synchronous: true }, {
      onEvent: (event) => this.#apply(event.type, event.kv, event.prev),
      onClose: (reason) => this.#restart(reason),
    });
  }

  #bucket(buckets: Map<string, Bucket>, key: string): Bucket {
    const name = bucketOf(key);
    let bucket = buckets.get(name);
    if (!bucket) {
      bucket = new Bucket();
      buckets.set(name, bucket);
    }
    return bucket;
  }

  #apply(type: "put" | "delete", kv: KeyValue, prev: KeyValue | null): void {
    const bucket = this.#bucket(this.#buckets, kv.key);
    // The event's previous value is the one cached here: watchers that look at it (selectors) share its parsed form.
    const cached = prev ? bucket.objects.get(kv.key) : undefined;
    if (prev && cached?.revision === prev.modRevision) shareStoredObject(prev, cached);
    if (type === "put") bucket.put(kv.key, storedObjectOf(kv));
    else bucket.remove(kv.key);
    this.#revision = kv.modRevision;
    this.#release();
  }

  /** A cut-off or expired watch: refill from the store; lists read the store meanwhile. */
  #restart(reason: "compacted" | "overflow" | "closed" | undefined): void {
    const signal = this.#signal;
    if (!signal || signal.aborted || reason === undefined || reason === "closed") return;
    this.#synced = false;
    this.#log?.warn("object cache fell behind; refilling", { reason });
    this.start(signal).catch((error: unknown) => this.#log?.error("object cache refill failed", { error: String(error) }));
  }

  #release(): void {
    if (this.#waiters.length === 0) return;
    const pending: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (waiter.revision <= this.#revision) waiter.resolve(true);
      else pending.push(waiter);
    }
    this.#waiters = pending;
  }

  #catchUp(revision: Revision): Promise<boolean> {
    if (this.#synced && revision <= this.#revision) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { revision, resolve };
      this.#waiters.push(waiter);
      setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve(false);
      }, CATCH_UP_TIMEOUT_MS).unref();
    });
  }

  /**
   * The newest object at `key` the cache has seen, or undefined when it has
   * none or is refilling. It may lag the store by the commits whose events
   * are still on their way: good for a compare-and-swap, which the store
   * checks, or for an admission check, which upstream answers from informers.
   */
  get(key: string): StoredObject | undefined {
    if (!this.#synced) return undefined;
    return this.#buckets.get(bucketOf(key))?.objects.get(key);
  }

  /**
   * The objects under `prefix` (from `startKey` on, at most `limit` when
   * given) as of a revision at least `minRevision`, or null when the cache
   * cannot answer in time (the caller then reads the store).
   */
  async list(prefix: string, options: { minRevision: Revision; startKey?: string; limit?: number }): Promise<CachedList | null> {
    if (!(await this.#catchUp(options.minRevision)) || !this.#synced) return null;
    const bucket = this.#buckets.get(bucketOf(prefix));
    if (!bucket) return { items: [], revision: this.#revision };
    const keys = bucket.keys(prefix, options.startKey ?? "");
    const count = options.limit ? Math.min(options.limit, keys.length) : keys.length;
    const items: StoredObject[] = new Array(count);
    for (let i = 0; i < count; i++) items[i] = bucket.objects.get(keys[i] as string) as StoredObject;
    return { items, revision: this.#revision };
  }
}

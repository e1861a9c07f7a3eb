/**
 * One object as read from the store: the raw JSON text with its
 * resourceVersion, parsed only when someone needs the parsed form (a JSON
 * list or watch of unfiltered objects never parses at all).
 */
import type { KubeObject } from "../../apis/types.js";
import type { KeyValue, Revision } from "../../store/types.js";
import { withResourceVersion } from "./codec.js";

/**
 * Set by the test runner (scripts/test.mjs): parsed objects are deep-frozen, so a write into an
 * object the cache, an informer or another version shares fails the test that makes it instead of
 * corrupting what everyone else reads. Off in use: freezing costs a walk of every object.
 */
const FREEZE_SHARED = process.env["MINI_FREEZE_CACHED"] === "1";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

export class StoredObject {
  #object: KubeObject | undefined;
  readonly raw: string;
  readonly key: string;
  /** Frozen in tests: held by the watch cache and handed to every watcher (see storedObjectOf), not made for one reader. */
  readonly #shared: boolean;
  constructor(
    kv: KeyValue,
    readonly revision: Revision,
    options: { readonly shared?: boolean } = {},
  ) {
    this.key = kv.key;
    this.raw = withResourceVersion(kv.value, revision);
    this.#shared = FREEZE_SHARED && (options.shared ?? false);
  }
  /** The parsed object, shared by everyone holding this StoredObject: read it, never edit it. */
  get object(): KubeObject {
    if (!this.#object) {
      const parsed = JSON.parse(this.raw) as KubeObject;
      this.#object = this.#shared ? deepFreeze(parsed) : parsed;
    }
    return this.#object;
  }
  /**
   * Takes `object`, the value its writer encoded into this text and holds no
   * other reference to, as the parsed form (with the resourceVersion set), so
   * that watchers and the cache need not parse what the server just wrote.
   */
  adopt(object: KubeObject): void {
    if (this.#object) return;
    object.metadata.resourceVersion = String(this.revision);
    this.#object = this.#shared ? deepFreeze(object) : object;
  }
}

// A committed write reaches the writer, the watch cache and every watcher as
// the same KeyValue; they share one StoredObject, so its text is spliced and
// parsed at most once.
const shared = new WeakMap<KeyValue, StoredObject>();

/** The StoredObject of a value the store returned, shared with everyone else holding the same KeyValue. */
export function storedObjectOf(kv: KeyValue): StoredObject {
  let stored = shared.get(kv);
  if (!stored) {
    stored = new StoredObject(kv, kv.modRevision, { shared: true });
    shared.set(kv, stored);
  }
  return stored;
}

/** Makes `stored` the StoredObject of `kv`, another KeyValue of the same key and revision (a watch event's `prev`). */
export function shareStoredObject(kv: KeyValue, stored: StoredObject): void {
  if (!shared.has(kv)) shared.set(kv, stored);
}

/** The StoredObject of a value just written, given the object it was encoded from (see `adopt`). */
export function storedObjectWritten(kv: KeyValue, written: KubeObject): StoredObject {
  const stored = storedObjectOf(kv);
  stored.adopt(written);
  return stored;
}

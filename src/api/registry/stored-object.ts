/**
 * One object as read from the store: the raw JSON text with its
 * resourceVersion, parsed only when someone needs the parsed form (a JSON
 * list or watch of unfiltered objects never parses at all).
 */
import type { KubeObject } from "../../apis/types.js";
import type { KeyValue, Revision } from "../../store/types.js";
import { withResourceVersion } from "./codec.js";

export class StoredObject {
  #object: KubeObject | undefined;
  readonly raw: string;
  readonly key: string;
  constructor(
    kv: KeyValue,
    readonly revision: Revision,
  ) {
    this.key = kv.key;
    this.raw = withResourceVersion(kv.value, revision);
  }
  /** The parsed object, shared by everyone holding this StoredObject: read it, never edit it. */
  get object(): KubeObject {
    this.#object ??= JSON.parse(this.raw) as KubeObject;
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
    this.#object = object;
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
    stored = new StoredObject(kv, kv.modRevision);
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

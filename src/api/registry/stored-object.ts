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
  get object(): KubeObject {
    this.#object ??= JSON.parse(this.raw) as KubeObject;
    return this.#object;
  }
}


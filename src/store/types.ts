/**
 * The store contract: a versioned key-value log in kine's model.
 *
 * Every write appends one row whose id is the new global revision. Keys are
 * plain strings such as `/registry/pods/default/web-1`; values are opaque
 * strings (the API server stores JSON). A backend is the only thing that
 * knows about SQL or etcd; everything above it speaks this interface.
 */

/** A store revision: the id of a row in the log. The wire form is `ResourceVersion`. */
export type Revision = number;

export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** Revision of the write that created this incarnation of the key. */
  readonly createRevision: Revision;
  /** Revision of the write that produced this value (for a delete event: the delete's revision). */
  readonly modRevision: Revision;
}

/**
 * The outcome of a write. Conflicts are answers, not exceptions: only I/O
 * failures throw. `current` is the value that made the write fail, so the
 * caller can build a precise error without a second read.
 */
export type WriteResult =
  | { readonly ok: true; readonly kv: KeyValue }
  | { readonly ok: false; readonly reason: "exists"; readonly current: KeyValue }
  | { readonly ok: false; readonly reason: "conflict"; readonly current: KeyValue }
  | { readonly ok: false; readonly reason: "not-found" };

export interface ListOptions {
  /** Read the state as of this revision (must not be compacted); default: the newest. */
  readonly revision?: Revision;
  /** Return at most this many keys (0 or absent: no limit). */
  readonly limit?: number;
  /** Start at this key (inclusive); keys are ordered by byte value. */
  readonly startKey?: string;
}

export interface ListResult {
  readonly kvs: readonly KeyValue[];
  /** The revision the list reflects (the store's revision when read, or `options.revision`). */
  readonly revision: Revision;
  /** True when `limit` cut the list short. */
  readonly more: boolean;
}

export type WatchEvent =
  | { readonly type: "put"; readonly kv: KeyValue; readonly prev: KeyValue | null }
  /** `kv.value` holds the last value before deletion; `kv.modRevision` is the delete's revision. */
  | { readonly type: "delete"; readonly kv: KeyValue; readonly prev: KeyValue };

export interface WatchOptions {
  /** Deliver every event with revision > `afterRevision`. */
  readonly afterRevision: Revision;
  /** Aborting ends the watch (`onClose` is then called with no error). */
  readonly signal?: AbortSignal;
  /**
   * Deliver live events inside the commit that produced them, before its
   * writes are acknowledged, instead of on a later turn of the event loop:
   * for an in-memory copy of the store that must be current once a write is
   * acknowledged (the API server's watch cache). The handler runs in the
   * writer's path, so it must be quick. Replay still comes first, on its own turns.
   * @default false
   */
  readonly synchronous?: boolean;
}

export interface WatchHandlers {
  /** Called for every event in revision order, replayed history first, then live ones. */
  readonly onEvent: (event: WatchEvent) => void;
  /**
   * Called once when the watch ends: `compacted` when `afterRevision` is older
   * than the compaction point, `overflow` when the watcher fell too far behind
   * and was cut off (resume from the last revision seen), `closed` when the
   * store closed or the handler threw, undefined on abort.
   */
  readonly onClose: (reason?: "compacted" | "overflow" | "closed") => void;
}

export interface CompactResult {
  /** Rows removed from the log. */
  readonly removed: number;
  /** The store's compaction point after this call. */
  readonly compactRevision: Revision;
}

export interface Backend {
  /** Newest revision committed (0 for an empty store). */
  currentRevision(): Revision;
  /** Oldest revision still readable; lists and watches before it fail with `Compacted`. */
  compactRevision(): Revision;
  get(key: string): Promise<KeyValue | null>;
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Live keys under `prefix`, at `revision` (default: the newest) and from `startKey` on, as `list` would return them. */
  count(prefix: string, options?: Omit<ListOptions, "limit">): Promise<number>;
  /** Fails with `exists` when the key is live. */
  create(key: string, value: string): Promise<WriteResult>;
  /** Compare-and-swap on `expectedRevision` (the current modRevision); `conflict` when stale. */
  update(key: string, value: string, expectedRevision: Revision): Promise<WriteResult>;
  /** Deletes the key; with `expectedRevision`, only if it still holds that revision. */
  delete(key: string, expectedRevision?: Revision): Promise<WriteResult>;
  /** Watch every key under `prefix`. Returns synchronously; events arrive through the handlers. */
  watch(prefix: string, options: WatchOptions, handlers: WatchHandlers): void;
  /**
   * Removes superseded rows older than `revision` (deleted keys' rows
   * included), keeping the newest row of each live key.
   */
  compact(revision: Revision): Promise<CompactResult>;
  close(): Promise<void>;
}

/** Thrown by `list` when the requested revision is older than the compaction point. */
export class CompactedError extends Error {
  override readonly name = "CompactedError";
  constructor(
    readonly requested: Revision,
    readonly compactRevision: Revision,
  ) {
    super(`Revision ${requested} has been compacted (oldest readable is ${compactRevision})`);
  }
}

/** Thrown by `list` when the requested revision is newer than the store. */
export class FutureRevisionError extends Error {
  override readonly name = "FutureRevisionError";
  constructor(
    readonly requested: Revision,
    readonly currentRevision: Revision,
  ) {
    super(`Revision ${requested} is newer than the current revision ${currentRevision}`);
  }
}

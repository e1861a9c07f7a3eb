/**
 * The embedded store: the log in one SQLite file (better-sqlite3, WAL).
 *
 * better-sqlite3 is synchronous, so every read and every transaction runs to
 * completion on the event loop; nothing interleaves with a commit. Writes go
 * through group commit and are checked one by one, in order, inside the batch's
 * transaction, against the newest row of their key (which includes the rows
 * earlier writes of the same batch appended). A file store then flushes the
 * WAL to the disk off the event loop (wal-sync.ts); only after that are the
 * batch's writes acknowledged and its events published to watchers, so no
 * client and no watcher acts on a write a power loss could take back. Reads
 * see a batch from its COMMIT on, and a watch that starts in between replays
 * it from the log and drops the live copies (watcher.ts), so every commit is
 * either in the history a starting watch reads or in its live feed.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type Database from "better-sqlite3";
import { checkReadRevision, eventOf, listRange, planWrite, prefixRange, valueOf } from "../log.js";
import type { CurrentRow, WriteIntent } from "../log.js";
import { CompactedError } from "../types.js";
import type {
  Backend,
  CompactResult,
  KeyValue,
  ListOptions,
  ListResult,
  Revision,
  WatchEvent,
  WatchHandlers,
  WatchOptions,
  WriteResult,
} from "../types.js";
import { Broadcaster } from "../watch.js";
import { GroupCommit } from "./group-commit.js";
import { WalSync } from "./wal-sync.js";
import { openDatabase } from "./schema.js";
import type { Synchronous } from "./schema.js";
import { bindRange, prepareStatements, toCurrentRow, toLogRow, toSqlRow } from "./statements.js";
import type { Statements } from "./statements.js";

export interface SqliteBackendOptions {
  /** The database file (created if missing), or `:memory:`. */
  readonly path: string;
  /** Passed to better-sqlite3's `nativeBinding`: the single executable supplies the loaded addon. */
  readonly nativeBinding?: unknown;
  /**
   * How durable an acknowledged write is. FULL: it survives power loss as well
   * as `kill -9` (the WAL is flushed to the disk before the batch is
   * acknowledged, off the event loop); NORMAL: it survives `kill -9` only (the
   * WAL reaches the disk at checkpoints). Group commit spreads one flush over
   * a whole batch, which makes FULL cost little (bench/store.ts measures
   * both); NORMAL is for throwaway clusters. SQLite itself always runs with
   * `synchronous = NORMAL`: the flush that FULL needs is ours.
   * @default "FULL"
   */
  readonly synchronous?: Synchronous;
  /**
   * Most writes committed in one transaction.
   * @default 500
   */
  readonly maxBatch?: number;
  /**
   * Live events a watcher may fall behind by before it is closed with `overflow`.
   * @default 10_000
   */
  readonly watchQueueLimit?: number;
}

export async function openSqliteBackend(options: SqliteBackendOptions): Promise<Backend> {
  const db = openDatabase({ path: options.path, synchronous: "NORMAL", nativeBinding: options.nativeBinding });
  const flushed = (options.synchronous ?? "FULL") === "FULL" && options.path !== ":memory:";
  return new SqliteBackend(db, { ...options, walSync: flushed ? new WalSync(options.path) : undefined });
}

/** Revisions compacted per transaction, so a large compaction never holds the event loop for long (kine: 1000). */
const COMPACT_WINDOW = 1_000;

interface Batch {
  readonly answers: readonly WriteResult[];
  readonly events: readonly WatchEvent[];
  readonly revision: Revision;
}

class SqliteBackend implements Backend {
  readonly #db: Database.Database;
  readonly #statements: Statements;
  readonly #appendBatch: (intents: readonly WriteIntent[]) => Batch;
  readonly #compactWindow: (from: Revision, to: Revision) => number;
  readonly #writes: GroupCommit<WriteIntent, WriteResult>;
  readonly #broadcaster: Broadcaster;
  /** Flushes each batch to the disk before it is acknowledged; absent when acknowledging at COMMIT is enough. */
  readonly #walSync: WalSync | undefined;
  #revision: Revision;
  #compactRevision: Revision;
  /** The compaction in progress; compactions run one after another. */
  #compaction: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(db: Database.Database, options: SqliteBackendOptions & { readonly walSync: WalSync | undefined }) {
    this.#db = db;
    this.#walSync = options.walSync;
    this.#statements = prepareStatements(db);
    this.#revision = this.#statements.currentRevision.get() ?? 0;
    this.#compactRevision = this.#statements.compactRevision.get() ?? 0;
    const appendBatch = db.transaction((intents: readonly WriteIntent[]) => this.#append(intents));
    this.#appendBatch = (intents) => appendBatch.immediate(intents);
    const compactWindow = db.transaction((from: Revision, to: Revision) => {
      const removed = this.#statements.compact.run({ from, to }).changes;
      this.#statements.setCompactRevision.run(to);
      return removed;
    });
    this.#compactWindow = (from, to) => compactWindow.immediate(from, to);
    this.#writes = new GroupCommit((intents) => this.#commit(intents), { maxBatch: options.maxBatch });
    this.#broadcaster = new Broadcaster(
      { after: (prefix, afterRevision, limit) => this.#after(prefix, afterRevision, limit) },
      { queueLimit: options.watchQueueLimit },
    );
  }

  currentRevision(): Revision {
    return this.#revision;
  }

  compactRevision(): Revision {
    return this.#compactRevision;
  }

  async get(key: string): Promise<KeyValue | null> {
    const row = this.#newest(key);
    return row === undefined || row.deleted ? null : valueOf(row);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const revision = options.revision ?? this.#revision;
    checkReadRevision(revision, this.#revision, this.#compactRevision);
    const limit = options.limit ?? 0;
    const rows = this.#statements.list.all({
      ...bindRange(listRange(prefix, options.startKey)),
      revision,
      // One row past the limit tells whether there are more.
      limit: limit > 0 ? limit + 1 : -1,
    });
    const more = limit > 0 && rows.length > limit;
    const kvs = (more ? rows.slice(0, limit) : rows).map((row) => valueOf(toCurrentRow(row)));
    return { kvs, revision, more };
  }

  async count(prefix: string, options: Omit<ListOptions, "limit"> = {}): Promise<number> {
    const revision = options.revision ?? this.#revision;
    checkReadRevision(revision, this.#revision, this.#compactRevision);
    return this.#statements.count.get({ ...bindRange(listRange(prefix, options.startKey)), revision }) ?? 0;
  }

  create(key: string, value: string): Promise<WriteResult> {
    return this.#writes.submit({ op: "create", key, value });
  }

  update(key: string, value: string, expectedRevision: Revision): Promise<WriteResult> {
    return this.#writes.submit({ op: "update", key, value, expectedRevision });
  }

  delete(key: string, expectedRevision?: Revision): Promise<WriteResult> {
    return this.#writes.submit(
      expectedRevision === undefined ? { op: "delete", key } : { op: "delete", key, expectedRevision },
    );
  }

  watch(prefix: string, options: WatchOptions, handlers: WatchHandlers): void {
    this.#broadcaster.watch(prefix, options, handlers);
  }

  compact(revision: Revision): Promise<CompactResult> {
    if (this.#closed) return Promise.reject(new Error("The store is closed"));
    const run = this.#compaction.then(() => this.#compactTo(revision));
    this.#compaction = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writes.close();
    await this.#walSync?.close();
    await this.#compaction;
    this.#broadcaster.close();
    this.#db.close();
  }

  /**
   * Commits one group: runs the batch's transaction, then, once it is on the
   * disk, publishes what it appended and answers. A failed flush fails the
   * batch's writes, but they are committed and readable, so their events are
   * published all the same: watchers must not miss what the store holds.
   */
  #commit(intents: readonly WriteIntent[]): readonly WriteResult[] | Promise<readonly WriteResult[]> {
    const batch = this.#appendBatch(intents);
    this.#revision = batch.revision;
    if (this.#walSync === undefined || batch.events.length === 0) {
      this.#broadcaster.publish(batch.events);
      return batch.answers;
    }
    const publish = () => this.#broadcaster.publish(batch.events);
    return this.#walSync.sync().then(
      () => {
        publish();
        return batch.answers;
      },
      (error: unknown) => {
        publish();
        throw error;
      },
    );
  }

  /** Inside the transaction: checks and appends each write in order. */
  #append(intents: readonly WriteIntent[]): Batch {
    let revision = this.#revision;
    const answers: WriteResult[] = [];
    const events: WatchEvent[] = [];
    for (const intent of intents) {
      const plan = planWrite(intent, this.#newest(intent.key), revision + 1);
      if (plan.ok) {
        this.#statements.insert.run(toSqlRow(plan.row));
        revision = plan.row.revision;
        events.push(plan.event);
      }
      answers.push(plan.result);
    }
    return { answers, events, revision };
  }

  /** The key's newest row, tombstone or not. */
  #newest(key: string): CurrentRow | undefined {
    const row = this.#statements.newest.get(key);
    return row === undefined ? undefined : toCurrentRow(row);
  }

  async #after(prefix: string, afterRevision: Revision, limit: number): Promise<readonly WatchEvent[]> {
    if (afterRevision < this.#compactRevision) throw new CompactedError(afterRevision, this.#compactRevision);
    const rows = this.#statements.after.all({ ...bindRange(prefixRange(prefix)), after: afterRevision, limit });
    return rows.map((row) => eventOf(toLogRow(row)));
  }

  /** Compacts window by window, letting writes in between; never past the newest revision. */
  async #compactTo(revision: Revision): Promise<CompactResult> {
    const target = Math.min(revision, this.#revision);
    let removed = 0;
    while (this.#compactRevision < target && !this.#closed) {
      const to = Math.min(target, this.#compactRevision + COMPACT_WINDOW);
      removed += this.#compactWindow(this.#compactRevision, to);
      this.#compactRevision = to;
      if (to < target) await nextTurn();
    }
    return { removed, compactRevision: this.#compactRevision };
  }
}


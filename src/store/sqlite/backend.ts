/**
 * The embedded store: the log in one SQLite file (better-sqlite3, WAL).
 *
 * better-sqlite3 is synchronous, so every read and every transaction runs to
 * completion on the event loop; nothing interleaves with a commit. Writes go
 * through group commit and are checked one by one, in order, inside the batch's
 * transaction, against the newest row of their key (which includes the rows
 * earlier writes of the same batch appended). Their events are published to
 * watchers right after COMMIT, in the same synchronous step, so every commit
 * is either in the history a starting watch reads or in its live feed.
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
   * SQLite's `synchronous` setting. FULL fsyncs the WAL at every COMMIT, so an
   * acknowledged write survives power loss as well as `kill -9`; NORMAL
   * survives `kill -9` only (the WAL reaches the disk at checkpoints). Group
   * commit spreads one fsync over a whole batch, which makes FULL cost little
   * (bench/store.ts measures both); NORMAL is for throwaway clusters.
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
  const db = openDatabase({
    path: options.path,
    synchronous: options.synchronous ?? "FULL",
    nativeBinding: options.nativeBinding,
  });
  return new SqliteBackend(db, options);
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
  #revision: Revision;
  #compactRevision: Revision;
  /** The compaction in progress; compactions run one after another. */
  #compaction: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(db: Database.Database, options: SqliteBackendOptions) {
    this.#db = db;
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
    this.#writes.close();
    await this.#compaction;
    this.#broadcaster.close();
    this.#db.close();
  }

  /** Commits one group: runs the batch's transaction, then publishes what it appended. */
  #commit(intents: readonly WriteIntent[]): readonly WriteResult[] {
    const batch = this.#appendBatch(intents);
    this.#revision = batch.revision;
    this.#broadcaster.publish(batch.events);
    return batch.answers;
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


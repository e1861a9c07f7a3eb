/**
 * Opens the database file and brings its schema up to date.
 *
 * The log table is kine's, minus the lease column (mini has no leases). It has
 * a single secondary index, (name, id), because every index is written on
 * every insert (notes/store-anchors.md: 16–36 KiB of WAL per 1 KiB row). That
 * one index serves every read by key: the newest row of a key (get and the
 * write checks), the newest row per key at a revision (list, count), both
 * from the index alone until the winning rows are fetched. Reads by revision
 * (watch replay, compaction) walk the primary key. kine's other indexes exist
 * because several kine processes may write one table and poll it; here one
 * process writes, so its in-process checks replace the unique index on
 * (name, prev_revision).
 */
import { closeSync, openSync } from "node:fs";
import Database from "better-sqlite3";

export type Synchronous = "FULL" | "NORMAL";

export interface OpenDatabaseOptions {
  /** A file path, or `:memory:`. */
  readonly path: string;
  readonly synchronous: Synchronous;
  /** better-sqlite3's addon: a path, or the loaded module (the single executable loads it itself). */
  readonly nativeBinding?: unknown;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    created INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    create_revision INTEGER NOT NULL,
    prev_revision INTEGER NOT NULL,
    value TEXT,
    -- The superseded value, in rows written before replays read it from the prev_revision row; NULL since.
    old_value TEXT
  );
  CREATE INDEX IF NOT EXISTS log_name_id ON log (name, id);
  CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

export function openDatabase(options: OpenDatabaseOptions): Database.Database {
  if (options.path !== ":memory:") createPrivately(options.path);
  const db = new Database(options.path, {
    // Another process holding the store is a reason to stop, not to wait.
    timeout: 0,
    // @types/better-sqlite3 declares a path only; lib/database.js also takes the loaded addon.
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding as string }),
  });
  try {
    // This process is the store's only writer: its revision counter and watch
    // feed live in memory. An exclusive lock, taken by the first write
    // transaction and held until close, makes a second process fail at open
    // instead of corrupting both. It also lets WAL skip the shared-memory index.
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${options.synchronous}`);
    db.exec("BEGIN IMMEDIATE");
    db.exec(SCHEMA);
    db.exec("COMMIT");
  } catch (error: unknown) {
    db.close();
    if (error instanceof Database.SqliteError && error.code === "SQLITE_BUSY") {
      throw new Error(`The store ${options.path} is in use by another process`, { cause: error });
    }
    throw error;
  }
  return db;
}

/**
 * The store holds Secrets, so its file is created readable by its owner only;
 * SQLite gives the WAL the database file's permissions. An existing file keeps
 * whatever mode it has.
 */
function createPrivately(path: string): void {
  closeSync(openSync(path, "a", 0o600));
}

/**
 * Every SQL statement the SQLite backend runs, prepared once per connection
 * (kine keeps its statements as fields of one struct, generic.go).
 */
import type Database from "better-sqlite3";
import type { CurrentRow, KeyRange, LogRow } from "../log.js";
import type { Revision } from "../types.js";

/** A key range as bound to SQL: `end` null (no upper bound) is already replaced by a sentinel. */
interface Range {
  readonly start: string;
  readonly end: string | Buffer;
}

/** A row as SQLite returns it (booleans are integers), without the superseded value. */
interface SqlCurrentRow {
  readonly revision: number;
  readonly key: string;
  readonly created: number;
  readonly deleted: number;
  readonly createRevision: number;
  readonly prevRevision: number;
  readonly value: string | null;
}

interface SqlRow extends SqlCurrentRow {
  readonly oldValue: string | null;
}

/**
 * Reads of current values leave the superseded value out: it is as large as
 * the value, and turning it into a string costs about a fifth of a large list.
 */
const CURRENT_COLUMNS = `log.id AS revision, log.name AS key, log.created, log.deleted,
  log.create_revision AS createRevision, log.prev_revision AS prevRevision, log.value`;

/**
 * The newest row of every key in the range at or before a revision, joined to
 * its row. The ids come from the (name, id) index alone, already in key order;
 * CROSS JOIN keeps them as the outer loop, so SQLite sees that the outer ORDER
 * BY is satisfied and neither sorts the full rows nor reads past a LIMIT.
 */
const NEWEST_ROWS = `(SELECT name, MAX(id) AS id FROM log
    WHERE name >= @start AND name < @end AND id <= @revision GROUP BY name ORDER BY name) AS newest
  CROSS JOIN log USING (id)`;

/**
 * A BLOB sorts after every TEXT value in SQLite, so it bounds "every key from
 * start on" without a second statement and without giving up the index.
 */
const AFTER_ALL_KEYS = Buffer.alloc(0);

export function prepareStatements(db: Database.Database) {
  return {
    newest: db.prepare<[string], SqlCurrentRow>(
      `SELECT ${CURRENT_COLUMNS} FROM log WHERE name = ? ORDER BY id DESC LIMIT 1`,
    ),

    list: db.prepare<Range & { revision: Revision; limit: number }, SqlCurrentRow>(
      `SELECT ${CURRENT_COLUMNS} FROM ${NEWEST_ROWS} WHERE log.deleted = 0 ORDER BY newest.name LIMIT @limit`,
    ),

    count: db.prepare<Range & { revision: Revision }, number>(
      `SELECT COUNT(*) FROM ${NEWEST_ROWS} WHERE log.deleted = 0`,
    ).pluck(),

    // The unary + keeps SQLite off the name index: a replay reads the recent
    // tail of the log, which the primary key finds directly, whereas the name
    // index would visit every revision of every key under the prefix and sort.
    // A row's superseded value is the value of the row its prev_revision names (compaction keeps
    // that row while a newer one supersedes it after the compaction point); rows written before
    // that rule carry it in old_value.
    after: db.prepare<Range & { after: Revision; limit: number }, SqlRow>(
      `SELECT ${CURRENT_COLUMNS}, COALESCE(log.old_value, prev.value) AS oldValue FROM log
       LEFT JOIN log AS prev ON prev.id = log.prev_revision AND log.created = 0
       WHERE log.id > @after AND +log.name >= @start AND +log.name < @end ORDER BY log.id LIMIT @limit`,
    ),

    // old_value is left NULL: the superseded value is already in the log, in the row prev_revision
    // names, and writing it again doubled the bytes of every update (~15-20 % of a write's cost).
    insert: db.prepare<[SqlInsert]>(
      `INSERT INTO log (id, name, created, deleted, create_revision, prev_revision, value)
       VALUES (@revision, @key, @created, @deleted, @createRevision, @prevRevision, @value)`,
    ),

    /**
     * Removes the rows superseded by a row in (from, to] and the tombstones
     * in (from, to]. Run over consecutive windows from the previous compaction
     * point, this leaves only each live key's newest row at or before `to`:
     * rows up to `from` were already dealt with by earlier windows.
     */
    compact: db.prepare<{ from: Revision; to: Revision }>(
      `DELETE FROM log WHERE id IN (
         SELECT prev_revision FROM log WHERE id > @from AND id <= @to AND prev_revision != 0
         UNION ALL
         SELECT id FROM log WHERE id > @from AND id <= @to AND deleted != 0)`,
    ),

    /** AUTOINCREMENT's high-water mark: the newest revision ever issued, even if its row was compacted away. */
    currentRevision: db.prepare<[], number>(`SELECT seq FROM sqlite_sequence WHERE name = 'log'`).pluck(),

    compactRevision: db.prepare<[], number>(`SELECT value FROM meta WHERE name = 'compact_revision'`).pluck(),

    setCompactRevision: db.prepare<[Revision]>(
      `INSERT INTO meta (name, value) VALUES ('compact_revision', ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

export function toCurrentRow(row: SqlCurrentRow): CurrentRow {
  return { ...row, created: row.created !== 0, deleted: row.deleted !== 0 };
}

export function toLogRow(row: SqlRow): LogRow {
  return { ...toCurrentRow(row), oldValue: row.oldValue };
}

type SqlInsert = SqlCurrentRow;

/** The columns an insert writes: the superseded value is not among them (see `insert`). */
export function toSqlRow(row: LogRow): SqlInsert {
  return {
    revision: row.revision,
    key: row.key,
    created: row.created ? 1 : 0,
    deleted: row.deleted ? 1 : 0,
    createRevision: row.createRevision,
    prevRevision: row.prevRevision,
    value: row.value,
  };
}

/** Binds a prefix's key range, `end` null meaning "to the last key". */
export function bindRange(range: KeyRange): Range {
  return { start: range.start, end: range.end ?? AFTER_ALL_KEYS };
}

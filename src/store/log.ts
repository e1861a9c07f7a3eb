/**
 * The log's rules, written once for every backend that stores kine-shaped rows.
 *
 * A row is one write: its id is the revision, `prevRevision` points at the row
 * it supersedes (0 for none), and `oldValue` is the superseded value, which
 * events report as `prev` (and as the value of a deleted object). A backend
 * need not store it twice: it is the value of the row `prevRevision` names. Deciding whether a write may happen, and what
 * row and event it produces, is pure: the backend supplies the key's newest row
 * and the revision the write would get.
 */
import { CompactedError, FutureRevisionError } from "./types.js";
import type { KeyValue, Revision, WatchEvent, WriteResult } from "./types.js";

/** A row as reads of current values see it: without the superseded value, which only replay needs. */
export type CurrentRow = Omit<LogRow, "oldValue">;

export interface LogRow {
  readonly revision: Revision;
  readonly key: string;
  /** First row of an incarnation of the key. */
  readonly created: boolean;
  /** A tombstone: the key was deleted at this revision. */
  readonly deleted: boolean;
  readonly createRevision: Revision;
  /** The row this one supersedes, 0 for none. */
  readonly prevRevision: Revision;
  /** The value written; null for a tombstone. */
  readonly value: string | null;
  /** The value this row supersedes; null for a create. */
  readonly oldValue: string | null;
}

export type WriteIntent =
  | { readonly op: "create"; readonly key: string; readonly value: string }
  | {
      readonly op: "update";
      readonly key: string;
      readonly value: string;
      readonly expectedRevision: Revision;
    }
  | { readonly op: "delete"; readonly key: string; readonly expectedRevision?: Revision };

/** Either the row to append (with the answer and event it yields) or the refusal. */
export type WritePlan =
  | { readonly ok: true; readonly row: LogRow; readonly event: WatchEvent; readonly result: WriteResult }
  | { readonly ok: false; readonly result: WriteResult };

/**
 * Decides `intent` against `newest`, the key's newest row (tombstones
 * included), as if it were appended at `revision`.
 */
export function planWrite(intent: WriteIntent, newest: CurrentRow | undefined, revision: Revision): WritePlan {
  const live = newest !== undefined && !newest.deleted ? newest : undefined;
  switch (intent.op) {
    case "create": {
      if (live !== undefined) return refuse({ ok: false, reason: "exists", current: valueOf(live) });
      return append({
        revision,
        key: intent.key,
        created: true,
        deleted: false,
        createRevision: revision,
        prevRevision: newest?.revision ?? 0,
        value: intent.value,
        oldValue: null,
      });
    }
    case "update": {
      if (live === undefined) return refuse({ ok: false, reason: "not-found" });
      if (live.revision !== intent.expectedRevision) {
        return refuse({ ok: false, reason: "conflict", current: valueOf(live) });
      }
      return append(successor(live, revision, intent.value));
    }
    case "delete": {
      if (live === undefined) return refuse({ ok: false, reason: "not-found" });
      if (intent.expectedRevision !== undefined && live.revision !== intent.expectedRevision) {
        return refuse({ ok: false, reason: "conflict", current: valueOf(live) });
      }
      return append(successor(live, revision, null));
    }
    default:
      return assertNever(intent);
  }
}

/** The event a row stands for; used for live events and for replay alike, so both agree. */
export function eventOf(row: LogRow): WatchEvent {
  const prev = row.created ? null : previousOf(row);
  if (row.deleted) {
    if (prev === null) throw new Error(`Log row ${row.revision} is a tombstone without a previous value`);
    return { type: "delete", kv: { ...prev, modRevision: row.revision }, prev };
  }
  return { type: "put", kv: valueOf(row), prev };
}

/** The key-value a live (non-tombstone) row holds. */
export function valueOf(row: CurrentRow): KeyValue {
  return {
    key: row.key,
    value: present(row.value, row.revision, "value"),
    createRevision: row.createRevision,
    modRevision: row.revision,
  };
}

/** The keys `k` with `start <= k < end`; `end` null when the range runs to the last key. */
export interface KeyRange {
  readonly start: string;
  readonly end: string | null;
}

/** Rejects reads at revisions the log can no longer (or cannot yet) answer. */
export function checkReadRevision(requested: Revision, current: Revision, compacted: Revision): void {
  if (requested < compacted) throw new CompactedError(requested, compacted);
  if (requested > current) throw new FutureRevisionError(requested, current);
}

/**
 * The key range `[start, end)` holding exactly the keys under `prefix`, in
 * code-point order (which is UTF-8 byte order, the order SQLite's BINARY
 * collation and etcd use).
 */
export function prefixRange(prefix: string): KeyRange {
  const codePoints = Array.from(prefix);
  while (codePoints.length > 0) {
    const last = codePoints.pop()?.codePointAt(0) ?? 0;
    if (last < 0x10ffff) {
      // Surrogate code points never occur in a valid string; step over them.
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return { start: prefix, end: codePoints.join("") + String.fromCodePoint(next) };
    }
  }
  return { start: prefix, end: null };
}

/**
 * The range a list reads: the prefix's range, starting at `startKey` when that
 * lies further on (compared as UTF-8 bytes, the order keys are stored in).
 */
export function listRange(prefix: string, startKey?: string): KeyRange {
  const range = prefixRange(prefix);
  if (startKey === undefined || Buffer.compare(Buffer.from(startKey), Buffer.from(prefix)) <= 0) return range;
  return { start: startKey, end: range.end };
}

function successor(live: CurrentRow, revision: Revision, value: string | null): LogRow {
  return {
    revision,
    key: live.key,
    created: false,
    deleted: value === null,
    createRevision: live.createRevision,
    prevRevision: live.revision,
    value,
    oldValue: live.value,
  };
}

function previousOf(row: LogRow): KeyValue {
  return {
    key: row.key,
    value: present(row.oldValue, row.revision, "old value"),
    createRevision: row.createRevision,
    modRevision: row.prevRevision,
  };
}

function append(row: LogRow): WritePlan {
  const event = eventOf(row);
  return { ok: true, row, event, result: { ok: true, kv: event.kv } };
}

function refuse(result: WriteResult): WritePlan {
  return { ok: false, result };
}

function present(value: string | null, revision: Revision, what: string): string {
  if (value === null) throw new Error(`Log row ${revision} has no ${what}`);
  return value;
}

function assertNever(value: never): never {
  throw new Error(`Unexpected write intent ${JSON.stringify(value)}`);
}

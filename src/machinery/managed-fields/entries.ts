/**
 * `metadata.managedFields` on the wire and in memory. In memory the entries
 * are a map from a manager's identity to what it owns; on the wire they are
 * ManagedFieldsEntry objects sorted as upstream sorts them (Apply before
 * Update, then by time, manager, apiVersion and subresource), so the same
 * ownership always encodes to the same text and a no-op write stays a no-op.
 */
import { isJsonMap } from "../merge-patch.js";
import { FieldSet } from "./field-set.js";
import { decodeFieldsV1, encodeFieldsV1 } from "./fields-v1.js";

export type Operation = "Apply" | "Update";

/** Who wrote: the parts of an entry that tell managers apart. */
export interface ManagerRef {
  readonly manager: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  /** "" for the main resource. */
  readonly subresource: string;
}

export interface ManagerEntry extends ManagerRef {
  /** RFC 3339; absent in entries clients sent without one. */
  readonly time?: string;
  readonly fields: FieldSet;
}

/** Entries by identity. */
export type ManagedFields = ReadonlyMap<string, ManagerEntry>;

/**
 * Upstream's BuildManagerIdentifier: manager, operation and subresource,
 * plus the apiVersion for updates (an applier stays one manager across versions).
 */
export function managerIdentity(ref: ManagerRef): string {
  // Only a map key, never shown: lengths keep the parts apart whatever they hold, the manager last.
  const apiVersion = ref.operation === "Update" ? ref.apiVersion : "";
  return `${ref.operation} ${ref.subresource.length}:${ref.subresource} ${apiVersion.length}:${apiVersion} ${ref.manager}`;
}

export type EntriesResult = { readonly ok: true; readonly managed: ManagedFields } | { readonly ok: false; readonly error: string };

/** `stored`: the entries come from an object in the store (see decodeFieldsV1). */
export function decodeManagedFields(entries: unknown, options: { readonly stored?: boolean } = {}): EntriesResult {
  const managed = new Map<string, ManagerEntry>();
  if (entries === undefined || entries === null) return { ok: true, managed };
  if (!Array.isArray(entries)) return { ok: false, error: "managedFields must be a list" };
  for (const [index, raw] of entries.entries()) {
    const entry = decodeEntry(raw, options.stored ?? false);
    if (typeof entry === "string") return { ok: false, error: `managedFields[${index}]: ${entry}` };
    const identity = managerIdentity(entry);
    const twin = managed.get(identity);
    // Two entries for one manager (clients may send that) own the union.
    managed.set(identity, twin ? { ...entry, fields: twin.fields.union(entry.fields) } : entry);
  }
  return { ok: true, managed };
}

function decodeEntry(raw: unknown, stored: boolean): ManagerEntry | string {
  if (!isJsonMap(raw)) return "must be an object";
  const { manager = "", operation, apiVersion = "", time, fieldsType, fieldsV1 = {}, subresource = "" } = raw;
  if (operation !== "Apply" && operation !== "Update") return `operation must be "Apply" or "Update"`;
  if (typeof manager !== "string" || typeof apiVersion !== "string" || typeof subresource !== "string") return "manager, apiVersion and subresource must be strings";
  if (fieldsType !== undefined && fieldsType !== "FieldsV1") return `fieldsType must be "FieldsV1"`;
  if (time !== undefined && typeof time !== "string") return "time must be a string";
  const decoded = decodeFieldsV1(fieldsV1, { stored });
  if (!decoded.ok) return decoded.error;
  return { manager, operation, apiVersion, subresource, fields: decoded.set, ...(time !== undefined ? { time } : {}) };
}

/** Upstream's reset request: a list holding one empty entry strips managedFields. */
export function isResetRequest(entries: unknown): boolean {
  return Array.isArray(entries) && entries.length === 1 && isJsonMap(entries[0]) && Object.keys(entries[0]).length === 0;
}

function seconds(time: string | undefined): number {
  return time ? Math.floor(Date.parse(time) / 1000) : 0;
}

function byUpstreamOrder(a: ManagerEntry, b: ManagerEntry): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    text(a.operation, b.operation) ||
    seconds(a.time) - seconds(b.time) ||
    text(a.manager, b.manager) ||
    text(a.apiVersion, b.apiVersion) ||
    text(a.subresource, b.subresource)
  );
}

/** The wire entries, or undefined when no manager owns anything. */
export function encodeManagedFields(managed: ManagedFields): Record<string, unknown>[] | undefined {
  const entries = [...managed.values()].filter((entry) => !entry.fields.isEmpty()).sort(byUpstreamOrder);
  if (!entries.length) return undefined;
  return entries.map((entry) => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    ...(entry.time !== undefined ? { time: entry.time } : {}),
    fieldsType: "FieldsV1",
    fieldsV1: encodeFieldsV1(entry.fields),
    ...(entry.subresource ? { subresource: entry.subresource } : {}),
  }));
}

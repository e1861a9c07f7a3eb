/**
 * At most ten Update entries per object, as upstream keeps (its
 * DefaultMaxUpdateManagers): past that, the oldest updates merge into one
 * `ancient-changes` entry, so objects written by many clients do not grow
 * without bound. Apply entries are never merged: appliers need their own.
 */
import { managerIdentity, type ManagedFields, type ManagerEntry } from "./entries.js";

const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = "ancient-changes";

export function capUpdateManagers(managed: ManagedFields): ManagedFields {
  const updates = [...managed].filter(([, entry]) => entry.operation === "Update");
  if (updates.length <= MAX_UPDATE_MANAGERS) return managed;
  const out = new Map(managed);
  // Oldest first; entries without a time count as oldest.
  updates.sort(([, a], [, b]) => (a.time ?? "").localeCompare(b.time ?? ""));
  let count = updates.length;
  for (const [identity, entry] of updates) {
    if (count <= MAX_UPDATE_MANAGERS) break;
    const bucketRef = { manager: ANCIENT_CHANGES, operation: "Update" as const, apiVersion: entry.apiVersion, subresource: "" };
    const bucketIdentity = managerIdentity(bucketRef);
    if (identity === bucketIdentity) continue;
    const bucket = out.get(bucketIdentity);
    out.delete(identity);
    // The bucket takes the time of the newest update merged into it.
    const merged: ManagerEntry = { ...bucketRef, fields: bucket ? bucket.fields.union(entry.fields) : entry.fields, ...(entry.time !== undefined ? { time: entry.time } : {}) };
    out.set(bucketIdentity, merged);
    if (bucket) count--;
  }
  return out;
}

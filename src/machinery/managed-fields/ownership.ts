/**
 * Who owns what after a write (upstream's merge.Updater), on values already
 * walked into field sets. The rules:
 *
 * - An update takes every field it adds or changes from whoever owned it
 *   (updates never conflict) and adds them to the writer's entry; fields
 *   that disappear from the object disappear from every entry.
 * - An apply makes the applier own exactly what its configuration names.
 *   Fields it applied last time and no longer names are removed from the
 *   object unless another manager owns them too. Changing the value of a
 *   field another manager owns is a conflict, unless forced: then the
 *   applier takes it. Applying the value a field already has shares it.
 * - A manager left owning nothing disappears.
 */
import type { Schema } from "../../apis/types.js";
import { isJsonMap } from "../merge-patch.js";
import { FieldSet } from "./field-set.js";
import { managerIdentity, type ManagedFields, type ManagerEntry, type ManagerRef } from "./entries.js";
import { mergeValues, removePaths } from "./merge.js";
import type { Path } from "./path.js";
import { compareObjects, isSame, toFieldSet, type Comparison } from "./walk.js";

/** What ownership covers. */
export interface Scope {
  /** The top-level fields the write may own (only status on the status subresource, …). */
  readonly topLevel: (field: string) => boolean;
  /** Paths never owned: apiVersion, kind and the server's metadata. */
  readonly stripped: FieldSet;
}

function narrow(set: FieldSet, scope: Scope): FieldSet {
  return set.difference(scope.stripped).retainChildren((element) => scope.topLevel(element.slice(2)));
}

/** The object with only the top-level fields in scope: what is out of scope is never walked. */
function visible(object: unknown, scope: Scope): unknown {
  if (!isJsonMap(object)) return object;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (scope.topLevel(key)) out[key] = value;
  return out;
}

function compareInScope(before: unknown, after: unknown, write: OwnershipWrite): Comparison {
  const comparison = compareObjects(visible(before, write.scope), visible(after, write.scope), write.schema);
  return { added: narrow(comparison.added, write.scope), removed: narrow(comparison.removed, write.scope), modified: narrow(comparison.modified, write.scope) };
}

export interface OwnershipWrite {
  readonly writer: ManagerRef;
  readonly schema: Schema | undefined;
  readonly scope: Scope;
  /** RFC 3339, for the writer's entry. */
  readonly now: string;
}

/** Every other entry minus `taken`; empty entries are dropped. */
function withoutFields(managed: ManagedFields, except: string, taken: FieldSet): Map<string, ManagerEntry> {
  const out = new Map<string, ManagerEntry>();
  for (const [identity, entry] of managed) {
    if (identity === except) {
      out.set(identity, entry);
      continue;
    }
    const fields = entry.fields.difference(taken);
    if (!fields.isEmpty()) out.set(identity, fields === entry.fields ? entry : { ...entry, fields });
  }
  return out;
}

export function recordUpdate(managed: ManagedFields, before: unknown, after: unknown, write: OwnershipWrite): ManagedFields {
  const comparison = compareInScope(before, after, write);
  const changed = comparison.modified.union(comparison.added);
  const identity = managerIdentity(write.writer);
  const out = withoutFields(managed, identity, changed.union(comparison.removed));
  // The writer's own earlier entry loses removed fields like everyone's, and keeps the rest. Its
  // changed fields are not taken away and given back: a manager rewriting fields it owns keeps
  // the very set (and so its stored wire form).
  const earlier = out.get(identity);
  const kept = earlier?.fields.difference(comparison.removed) ?? new FieldSet();
  if (changed.isEmpty()) {
    if (kept.isEmpty()) out.delete(identity);
    else if (earlier && kept !== earlier.fields) out.set(identity, { ...earlier, fields: kept });
    return out;
  }
  out.set(identity, { ...write.writer, time: write.now, fields: kept.union(changed) });
  return out;
}

export interface Conflict {
  readonly manager: ManagerEntry;
  readonly path: Path;
}

/** Thrown by applyConfiguration when other managers own fields the apply changes. */
export class ApplyConflicts extends Error {
  override readonly name = "ApplyConflicts";
  constructor(readonly conflicts: readonly Conflict[]) {
    super(`Apply failed with ${conflicts.length} conflict(s)`);
  }
}

export interface ApplyOutcome {
  readonly object: unknown;
  readonly managed: ManagedFields;
}

export function applyConfiguration(
  managed: ManagedFields,
  live: unknown,
  config: unknown,
  options: OwnershipWrite & { readonly force: boolean },
): ApplyOutcome {
  const identity = managerIdentity(options.writer);
  const previous = managed.get(identity);
  const applied = narrow(toFieldSet(config, options.schema), options.scope);
  const owners = new Map(managed);
  owners.set(identity, { ...options.writer, ...(previous?.time ? { time: previous.time } : {}), fields: applied });

  let merged = mergeValues(live, config, options.schema);
  if (previous) {
    let ownedByAnyone = new FieldSet();
    for (const entry of owners.values()) ownedByAnyone = ownedByAnyone.union(entry.fields);
    merged = removePaths(merged, previous.fields.difference(ownedByAnyone), options.schema, ownedByAnyone) ?? {};
  }

  const comparison = compareInScope(live, merged, options);
  const changed = comparison.modified.union(comparison.added);
  const conflicts: Conflict[] = [];
  for (const [other, entry] of owners) {
    if (other === identity) continue;
    for (const path of entry.fields.intersection(changed).paths()) conflicts.push({ manager: entry, path });
  }
  if (conflicts.length && !options.force) throw new ApplyConflicts(conflicts);

  const out = withoutFields(owners, identity, changed.union(comparison.removed));
  // The time moves when the object or what the applier owns changes, so a no-op apply writes nothing.
  if (!isSame(comparison) || !previous || !previous.fields.equals(applied)) {
    out.set(identity, { ...options.writer, time: options.now, fields: applied });
  }
  return { object: merged, managed: out };
}

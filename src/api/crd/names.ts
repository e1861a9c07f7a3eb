/**
 * Which names a definition may use (upstream's naming controller): each
 * requested name is accepted if the definition already holds it or no other
 * definition in the group does. A conflict leaves NamesAccepted False with
 * the reason naming the clashing name; the definition is Established once
 * its names have been accepted.
 */
import type { CrdCondition, CrdNames, CustomResourceDefinition } from "./definition.js";

export interface NamingOutcome {
  readonly accepted: CrdNames;
  readonly namesAccepted: Omit<CrdCondition, "lastTransitionTime">;
}

/** The names a definition asks for, with upstream's defaults for singular and listKind. */
export function requestedNames(crd: CustomResourceDefinition): CrdNames {
  const names = crd.spec.names;
  return {
    plural: names.plural,
    singular: names.singular || names.kind.toLowerCase(),
    kind: names.kind,
    listKind: names.listKind || `${names.kind}List`,
    ...(names.shortNames?.length ? { shortNames: [...names.shortNames] } : {}),
    ...(names.categories?.length ? { categories: [...names.categories] } : {}),
  };
}

/**
 * Decides the names of `crd`, given the names it held before (`held`) and
 * the accepted names of the other definitions in its group.
 */
export function decideNames(crd: CustomResourceDefinition, held: CrdNames | undefined, others: readonly CrdNames[]): NamingOutcome {
  const requested = requestedNames(crd);
  const resources = new Set(others.flatMap((n) => [n.plural, n.singular ?? "", ...(n.shortNames ?? [])]).filter(Boolean));
  const kinds = new Set(others.flatMap((n) => [n.kind, n.listKind ?? ""]).filter(Boolean));
  const free = (name: string, previous: string | undefined, used: Set<string>) => name === previous || !used.has(name);
  const accepted: CrdNames = { plural: held?.plural ?? "", kind: held?.kind ?? "", ...(held ?? {}) };
  let conflict: { reason: string; name: string } | undefined;
  const take = (field: "plural" | "singular" | "kind" | "listKind", used: Set<string>, reason: string) => {
    const name = requested[field] ?? "";
    if (free(name, held?.[field], used)) accepted[field] = name;
    else conflict = { reason, name };
  };
  take("plural", resources, "PluralConflict");
  take("singular", resources, "SingularConflict");
  const clashing = (requested.shortNames ?? []).find((name) => !(held?.shortNames ?? []).includes(name) && resources.has(name));
  if (clashing) conflict = { reason: "ShortNamesConflict", name: clashing };
  else if (requested.shortNames) accepted.shortNames = requested.shortNames;
  else delete accepted.shortNames;
  take("kind", kinds, "KindConflict");
  take("listKind", kinds, "ListKindConflict");
  if (requested.categories) accepted.categories = requested.categories;
  else delete accepted.categories;
  const namesAccepted = conflict
    ? { type: "NamesAccepted", status: "False" as const, reason: conflict.reason, message: `"${conflict.name}" is already in use` }
    : { type: "NamesAccepted", status: "True" as const, reason: "NoConflicts", message: "no conflicts found" };
  return { accepted, namesAccepted };
}

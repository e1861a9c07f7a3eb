/**
 * Which groups and versions the served kinds make up, in the order every
 * discovery and OpenAPI document lists them.
 *
 * Groups keep the order in which their first kind appears in the list of
 * kinds: kubectl resolves an ambiguous resource name (`events` exists in
 * core and in events.k8s.io) to the group discovery lists first, so the
 * caller's list order is the priority. Versions within a group are sorted
 * the way upstream sorts them, preferred version first.
 */
import type { KindDefinition } from "../../apis/types.js";
import { compareStrings } from "./_go-json.js";

export interface ServedGroup {
  /** "" for the core group. */
  readonly name: string;
  /** Preferred version first. */
  readonly versions: readonly string[];
}

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** GA 2, beta 1, alpha 0: the higher, the more preferred. */
function stability(match: RegExpExecArray): number {
  return match[2] === "alpha" ? 0 : match[2] === "beta" ? 1 : 2;
}

/**
 * Orders versions as upstream does: GA before beta before alpha, then higher
 * major and minor numbers first (v2 > v1 > v1beta2 > v1beta1 > v1alpha1).
 * Versions that do not look like Kubernetes versions come last, alphabetically.
 */
export function compareVersionPriority(a: string, b: string): number {
  const ma = KUBE_VERSION.exec(a);
  const mb = KUBE_VERSION.exec(b);
  if (!ma || !mb) {
    if (ma) return -1;
    if (mb) return 1;
    return compareStrings(a, b);
  }
  const byStability = stability(mb) - stability(ma);
  if (byStability !== 0) return byStability;
  const major = Number(mb[1]) - Number(ma[1]);
  if (major !== 0) return major;
  return Number(mb[3] ?? 0) - Number(ma[3] ?? 0);
}

/** Every group with at least one kind, in priority order (see the file comment). */
export function servedGroups(kinds: readonly KindDefinition[]): readonly ServedGroup[] {
  const versionsByGroup = new Map<string, Set<string>>();
  for (const kind of kinds) {
    const versions = versionsByGroup.get(kind.group) ?? new Set<string>();
    versions.add(kind.version);
    versionsByGroup.set(kind.group, versions);
  }
  return [...versionsByGroup].map(([name, versions]) => ({
    name,
    versions: [...versions].sort(compareVersionPriority),
  }));
}

/** The kinds served at one group-version, sorted by resource name as upstream lists them. */
export function kindsAt(kinds: readonly KindDefinition[], group: string, version: string): readonly KindDefinition[] {
  return kinds
    .filter((kind) => kind.group === group && kind.version === version)
    .sort((a, b) => compareStrings(a.plural, b.plural));
}

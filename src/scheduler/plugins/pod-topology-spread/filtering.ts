/**
 * DoNotSchedule constraints: placing the pod on the node must not make the
 * node's domain exceed the least-loaded domain by more than maxSkew
 * (fewer domains than minDomains count the minimum as 0).
 */
import { SUCCESS, unresolvable, unschedulable, type CycleState, type NodeInfo, type Status } from "../../framework/index.js";
import { hasAllKeys, podConstraints, type Constraint } from "./constraints.js";

export const CONSTRAINTS_REASON = "node(s) didn't match pod topology spread constraints";
export const MISSING_LABEL_REASON = `${CONSTRAINTS_REASON} (missing required label)`;

export interface SpreadFilterState {
  readonly constraints: readonly Constraint[];
  /** Per constraint: topology value → matching pods in that domain. */
  readonly counts: readonly Map<string, number>[];
  /** Per constraint: the global minimum the skew is measured against. */
  readonly minimums: readonly number[];
  /** Per constraint: 1 when the pod counts toward its own spread. */
  readonly selfMatches: readonly number[];
}

export function computeSpreadFilterState(state: CycleState): SpreadFilterState | undefined {
  const pod = state.pod;
  const constraints = podConstraints(pod, "DoNotSchedule");
  if (constraints.length === 0) return undefined;
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of state.snapshot.nodes) {
    if (!hasAllKeys(node, constraints)) continue;
    constraints.forEach((constraint, i) => {
      if (!constraint.includes(node)) return;
      const domain = counts[i] as Map<string, number>;
      const value = node.labels[constraint.topologyKey] ?? "";
      domain.set(value, (domain.get(value) ?? 0) + constraint.count(node));
    });
  }
  const minimums = constraints.map((constraint, i) => {
    const domain = counts[i] as Map<string, number>;
    if (domain.size < constraint.minDomains) return 0;
    return domain.size === 0 ? 0 : Math.min(...domain.values());
  });
  return { constraints, counts, minimums, selfMatches: constraints.map((c) => (c.selects(pod) ? 1 : 0)) };
}

export function filterSpread(spread: SpreadFilterState, node: NodeInfo): Status {
  for (const [i, constraint] of spread.constraints.entries()) {
    const value = Object.hasOwn(node.labels, constraint.topologyKey) ? node.labels[constraint.topologyKey] : undefined;
    if (value === undefined) return unresolvable(MISSING_LABEL_REASON);
    const matching = spread.counts[i]?.get(value) ?? 0;
    if (matching + (spread.selfMatches[i] ?? 0) - (spread.minimums[i] ?? 0) > constraint.maxSkew) return unschedulable(CONSTRAINTS_REASON);
  }
  return SUCCESS;
}

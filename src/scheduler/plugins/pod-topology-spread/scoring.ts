/**
 * ScheduleAnyway constraints (and the system defaults): a node scores
 * lower the more matching pods its domains hold, each constraint weighted
 * by log(number of domains + 2) so keys with many domains (hostnames) do
 * not drown keys with few (zones). Normalisation inverts: the emptiest
 * node gets 100. Nodes missing a declared key are ignored (score 0).
 */
import { MAX_NODE_SCORE, type CycleState, type NodeInfo, type NodeScore } from "../../framework/index.js";
import { declaresConstraints, hasAllKeys, HOSTNAME_LABEL, podConstraints, type Constraint } from "./constraints.js";

export interface SpreadScoreState {
  readonly constraints: readonly Constraint[];
  readonly ignored: ReadonlySet<string>;
  /** Per constraint: topology value → matching pods (hostname counts are taken per node instead). */
  readonly counts: readonly Map<string, number>[];
  readonly weights: readonly number[];
}

export function computeSpreadScoreState(state: CycleState, feasible: readonly NodeInfo[]): SpreadScoreState | undefined {
  const pod = state.pod;
  const constraints = podConstraints(pod, "ScheduleAnyway");
  if (constraints.length === 0) return undefined;
  const requireAll = declaresConstraints(pod);
  const ignored = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of feasible) {
    if (requireAll && !hasAllKeys(node, constraints)) {
      ignored.add(node.name);
      continue;
    }
    // Hostname counts are taken per node in Score; other keys get a domain per value ("" for nodes without the key).
    for (let i = 0; i < constraints.length; i++) {
      const key = (constraints[i] as Constraint).topologyKey;
      if (key !== HOSTNAME_LABEL) (counts[i] as Map<string, number>).set(node.labels[key] ?? "", 0);
    }
  }
  const sizes = constraints.map((c, i) => (c.topologyKey === HOSTNAME_LABEL ? feasible.length - ignored.size : (counts[i] as Map<string, number>).size));
  for (const node of state.snapshot.nodes) {
    if (requireAll && !hasAllKeys(node, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const constraint = constraints[i] as Constraint;
      if (constraint.topologyKey === HOSTNAME_LABEL) continue;
      // Nodes without the key score nothing for it, so their pods need no counting.
      const value = node.labels[constraint.topologyKey];
      const domain = counts[i] as Map<string, number>;
      if (typeof value !== "string" || !domain.has(value) || !constraint.includes(node)) continue;
      domain.set(value, (domain.get(value) ?? 0) + constraint.count(node));
    }
  }
  return { constraints, ignored, counts, weights: sizes.map((size) => Math.log(size + 2)) };
}

export function scoreSpread(spread: SpreadScoreState, node: NodeInfo): number {
  if (spread.ignored.has(node.name)) return 0;
  const labels = node.labels;
  let score = 0;
  for (let i = 0; i < spread.constraints.length; i++) {
    const constraint = spread.constraints[i] as Constraint;
    const value = labels[constraint.topologyKey];
    // Label values are strings; anything else came from Object.prototype.
    if (typeof value !== "string") continue;
    const count = constraint.topologyKey === HOSTNAME_LABEL ? constraint.count(node) : (spread.counts[i]?.get(value) ?? 0);
    score += count * (spread.weights[i] ?? 0) + (constraint.maxSkew - 1);
  }
  return Math.round(score);
}

export function normalizeSpread(spread: SpreadScoreState | undefined, scores: NodeScore[]): void {
  if (!spread) return;
  let min = Infinity;
  let max = 0;
  for (const s of scores) {
    if (spread.ignored.has(s.name)) continue;
    min = Math.min(min, s.score);
    max = Math.max(max, s.score);
  }
  for (const s of scores) {
    if (spread.ignored.has(s.name)) s.score = 0;
    else if (max === 0) s.score = MAX_NODE_SCORE;
    else s.score = Math.trunc((MAX_NODE_SCORE * (max + min - s.score)) / max);
  }
}

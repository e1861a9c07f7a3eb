/**
 * Required pod affinity and anti-affinity. PreFilter counts, per topology
 * domain: existing pods whose anti-affinity rejects the incoming pod, pods
 * the incoming pod's affinity terms all select, and pods its anti-affinity
 * terms select. Filter then reads the node's domains from those counts.
 */
import {
  allTermsMatch,
  SKIP,
  SUCCESS,
  termMatches,
  unresolvable,
  unschedulable,
  type CycleState,
  type NodeInfo,
  type PodInfo,
  type Status,
} from "../../framework/index.js";
import { TopologyCounts } from "./topology.js";

export const EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";
export const AFFINITY_REASON = "node(s) didn't match pod affinity rules";
export const ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";

export interface FilterState {
  readonly pod: PodInfo;
  readonly existingAntiAffinity: TopologyCounts;
  readonly affinity: TopologyCounts;
  readonly antiAffinity: TopologyCounts;
}

export function computeFilterState(state: CycleState): FilterState | undefined {
  const pod = state.pod;
  const nodes = state.snapshot.nodes;
  const ownTerms = pod.requiredAffinity.length + pod.requiredAntiAffinity.length > 0;
  if (!ownTerms && state.snapshot.podsWithRequiredAntiAffinity === 0) return undefined;
  const result: FilterState = { pod, existingAntiAffinity: new TopologyCounts(), affinity: new TopologyCounts(), antiAffinity: new TopologyCounts() };
  for (const node of nodes) {
    if (node.podsWithRequiredAntiAffinity === 0 && !ownTerms) continue;
    for (const existing of node.pods.values()) countExisting(result, { pod, existing, labels: node.labels });
  }
  return result;
}

function countExisting(
  result: FilterState,
  { pod, existing, labels }: { pod: PodInfo; existing: PodInfo; labels: Readonly<Record<string, string>> },
): void {
  for (const term of existing.requiredAntiAffinity) if (termMatches(term, pod)) result.existingAntiAffinity.add(term.topologyKey, labels, 1);
  if (allTermsMatch(pod.requiredAffinity, existing)) for (const term of pod.requiredAffinity) result.affinity.add(term.topologyKey, labels, 1);
  for (const term of pod.requiredAntiAffinity) if (termMatches(term, existing)) result.antiAffinity.add(term.topologyKey, labels, 1);
}

function satisfiesAffinity(pod: PodInfo, counts: TopologyCounts, labels: Readonly<Record<string, string>>): boolean {
  let podsExist = true;
  for (const term of pod.requiredAffinity) {
    const value = Object.hasOwn(labels, term.topologyKey) ? labels[term.topologyKey] : undefined;
    if (value === undefined) return false;
    if (counts.get(term.topologyKey, value) <= 0) podsExist = false;
  }
  // The first pod of a group with affinity to itself: nothing matches anywhere yet, so let it start the group.
  return podsExist || (counts.size === 0 && allTermsMatch(pod.requiredAffinity, pod));
}

function satisfiesAntiAffinity(pod: PodInfo, counts: TopologyCounts, labels: Readonly<Record<string, string>>): boolean {
  return !pod.requiredAntiAffinity.some((term) => {
    const value = Object.hasOwn(labels, term.topologyKey) ? labels[term.topologyKey] : undefined;
    return value !== undefined && counts.get(term.topologyKey, value) > 0;
  });
}

export function preFilterStatus(filterState: FilterState | undefined): Status {
  return filterState ? SUCCESS : SKIP;
}

export function filterNode(filterState: FilterState, node: NodeInfo): Status {
  const { pod } = filterState;
  const labels = node.labels;
  if (filterState.existingAntiAffinity.anyPositive(labels)) return unschedulable(EXISTING_ANTI_AFFINITY_REASON);
  if (!satisfiesAffinity(pod, filterState.affinity, labels)) return unresolvable(AFFINITY_REASON);
  if (!satisfiesAntiAffinity(pod, filterState.antiAffinity, labels)) return unschedulable(ANTI_AFFINITY_REASON);
  return SUCCESS;
}

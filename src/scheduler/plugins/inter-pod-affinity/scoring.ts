/**
 * Preferred pod affinity. Each existing pod adds to its domain's score:
 * the incoming pod's preferred affinity terms that select it (+weight) and
 * anti-affinity terms (−weight); and, symmetrically, the existing pod's
 * own terms that select the incoming pod (its required affinity counts
 * with upstream's hardPodAffinityWeight of 1). A node scores the sum over
 * its domains; scores are then spread over 0…100 from min to max.
 */
import { MAX_NODE_SCORE, termMatches, type CycleState, type NodeScore, type PodInfo } from "../../framework/index.js";
import { TopologyCounts } from "./topology.js";

const HARD_POD_AFFINITY_WEIGHT = 1;

/** undefined when neither the pod nor any existing pod has affinity terms. */
export function computeScoreState(state: CycleState): TopologyCounts | undefined {
  const pod = state.pod;
  const ownPreferences = pod.preferredAffinity.length + pod.preferredAntiAffinity.length > 0;
  const nodes = state.snapshot.nodes;
  if (!ownPreferences && state.snapshot.podsWithAffinity === 0) return undefined;
  const scores = new TopologyCounts();
  for (const node of nodes) {
    if (!ownPreferences && node.podsWithAffinity === 0) continue;
    for (const existing of node.pods.values()) {
      if (!ownPreferences && !existing.hasAffinity) continue;
      scoreExisting(scores, { pod, existing, labels: node.labels });
    }
  }
  return scores;
}

function scoreExisting(
  scores: TopologyCounts,
  { pod, existing, labels }: { pod: PodInfo; existing: PodInfo; labels: Readonly<Record<string, string>> },
): void {
  for (const term of pod.preferredAffinity) if (termMatches(term, existing)) scores.add(term.topologyKey, labels, term.weight);
  for (const term of pod.preferredAntiAffinity) if (termMatches(term, existing)) scores.add(term.topologyKey, labels, -term.weight);
  for (const term of existing.requiredAffinity) if (termMatches(term, pod)) scores.add(term.topologyKey, labels, HARD_POD_AFFINITY_WEIGHT);
  for (const term of existing.preferredAffinity) if (termMatches(term, pod)) scores.add(term.topologyKey, labels, term.weight);
  for (const term of existing.preferredAntiAffinity) if (termMatches(term, pod)) scores.add(term.topologyKey, labels, -term.weight);
}

/** Min maps to 0 and max to 100; all equal gives 0 everywhere. */
export function normalizeAffinityScores(scores: NodeScore[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    min = Math.min(min, s.score);
    max = Math.max(max, s.score);
  }
  const spread = max - min;
  for (const s of scores) s.score = spread > 0 ? Math.trunc((MAX_NODE_SCORE * (s.score - min)) / spread) : 0;
}

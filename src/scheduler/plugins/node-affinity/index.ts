/**
 * NodeAffinity: the pod's nodeSelector and required node affinity filter
 * nodes; each preferred term a node matches adds the term's weight to its
 * score, normalised so the best node gets 100.
 */
import {
  defaultNormalizeScore,
  fitsNodeSelectorAndAffinity,
  nodeSelectorTermMatches,
  SKIP,
  SUCCESS,
  unresolvable,
  type FilterPlugin,
  type NormalizeScorePlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from "../../framework/index.js";

export const NODE_AFFINITY = "NodeAffinity";
export const NODE_AFFINITY_REASON = "node(s) didn't match Pod's node affinity/selector";

export function newNodeAffinity() {
  return {
    name: NODE_AFFINITY,
    events: ["NodeAdd", "NodeUpdate"],
    preFilter(state) {
      const spec = state.pod.pod.spec;
      const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      return Object.keys(spec.nodeSelector ?? {}).length === 0 && !required ? SKIP : SUCCESS;
    },
    filter(state, node) {
      return node.node && fitsNodeSelectorAndAffinity(state.pod.pod.spec, node.node) ? SUCCESS : unresolvable(NODE_AFFINITY_REASON);
    },
    preScore(state) {
      const preferred = state.pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
      return preferred.length === 0 ? SKIP : SUCCESS;
    },
    score(state, node) {
      const preferred = state.pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
      let total = 0;
      for (const term of preferred) {
        if (term.weight && term.preference && node.node && nodeSelectorTermMatches(term.preference, node.node)) total += term.weight;
      }
      return total;
    },
    normalizeScore(_state, scores) {
      defaultNormalizeScore(scores, false);
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & NormalizeScorePlugin;
}

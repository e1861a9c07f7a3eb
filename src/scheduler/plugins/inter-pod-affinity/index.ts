/**
 * InterPodAffinity: required pod affinity and anti-affinity filter nodes
 * (the incoming pod's terms, and existing pods' anti-affinity against it);
 * preferred terms on either side score them.
 */
import type { FilterPlugin, NormalizeScorePlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from "../../framework/index.js";
import { SKIP, SUCCESS } from "../../framework/index.js";
import { computeFilterState, filterNode, preFilterStatus, type FilterState } from "./filtering.js";
import { computeScoreState, normalizeAffinityScores } from "./scoring.js";
import type { TopologyCounts } from "./topology.js";

export const INTER_POD_AFFINITY = "InterPodAffinity";
const SCORE_KEY = `PreScore${INTER_POD_AFFINITY}`;

export function newInterPodAffinity() {
  return {
    name: INTER_POD_AFFINITY,
    // New or relabelled pods can satisfy affinity; deleted ones can lift anti-affinity; new nodes add domains.
    events: ["AssignedPodAdd", "AssignedPodUpdate", "AssignedPodDelete", "NodeAdd", "NodeUpdate"],
    preFilter(state) {
      const filterState = computeFilterState(state);
      state.write(INTER_POD_AFFINITY, filterState);
      return preFilterStatus(filterState);
    },
    filter(state, node) {
      const filterState = state.read<FilterState>(INTER_POD_AFFINITY) ?? computeFilterState(state);
      return filterState ? filterNode(filterState, node) : SUCCESS;
    },
    preScore(state) {
      const scores = computeScoreState(state);
      state.write(SCORE_KEY, scores);
      return scores ? SUCCESS : SKIP;
    },
    score(state, node) {
      return state.read<TopologyCounts>(SCORE_KEY)?.sumFor(node.labels) ?? 0;
    },
    normalizeScore(_state, scores) {
      normalizeAffinityScores(scores);
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & NormalizeScorePlugin;
}

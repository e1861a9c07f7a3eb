/**
 * PodTopologySpread: spreads pods over topology domains (nodes, zones).
 * DoNotSchedule constraints filter; ScheduleAnyway constraints, and the
 * system defaults for pods of a controller, score.
 */
import { SKIP, SUCCESS, type FilterPlugin, type NormalizeScorePlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from "../../framework/index.js";
import { computeSpreadFilterState, filterSpread, type SpreadFilterState } from "./filtering.js";
import { computeSpreadScoreState, normalizeSpread, scoreSpread, type SpreadScoreState } from "./scoring.js";

export const POD_TOPOLOGY_SPREAD = "PodTopologySpread";
const SCORE_KEY = `PreScore${POD_TOPOLOGY_SPREAD}`;

export function newPodTopologySpread() {
  return {
    name: POD_TOPOLOGY_SPREAD,
    events: ["AssignedPodAdd", "AssignedPodUpdate", "AssignedPodDelete", "NodeAdd", "NodeUpdate"],
    preFilter(state) {
      const spread = computeSpreadFilterState(state);
      state.write(POD_TOPOLOGY_SPREAD, spread);
      return spread ? SUCCESS : SKIP;
    },
    filter(state, node) {
      const spread = state.read<SpreadFilterState>(POD_TOPOLOGY_SPREAD) ?? computeSpreadFilterState(state);
      return spread ? filterSpread(spread, node) : SUCCESS;
    },
    preScore(state, nodes) {
      const spread = computeSpreadScoreState(state, nodes);
      state.write(SCORE_KEY, spread);
      return spread ? SUCCESS : SKIP;
    },
    score(state, node) {
      const spread = state.read<SpreadScoreState>(SCORE_KEY);
      return spread ? scoreSpread(spread, node) : 0;
    },
    normalizeScore(state, scores) {
      normalizeSpread(state.read<SpreadScoreState>(SCORE_KEY), scores);
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & NormalizeScorePlugin;
}

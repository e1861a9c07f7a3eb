/**
 * TaintToleration: a NoSchedule or NoExecute taint the pod does not
 * tolerate keeps it off the node; each untolerated PreferNoSchedule taint
 * lowers the node's score (fewest such taints scores 100). When no
 * feasible node has a PreferNoSchedule taint every node would score 100, so
 * scoring is skipped: equal scores change no decision.
 */
import {
  defaultNormalizeScore,
  findUntoleratedTaint,
  isDoNotScheduleTaint,
  SKIP,
  SUCCESS,
  tolerationsTolerateTaint,
  unresolvable,
  type FilterPlugin,
  type NormalizeScorePlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from "../../framework/index.js";

export const TAINT_TOLERATION = "TaintToleration";

export function newTaintToleration() {
  return {
    name: TAINT_TOLERATION,
    events: ["NodeAdd", "NodeUpdate"],
    filter(state, node) {
      if (!node.node?.spec?.taints?.length) return SUCCESS;
      const taint = findUntoleratedTaint(node.node?.spec?.taints, { tolerations: state.pod.pod.spec.tolerations, applies: isDoNotScheduleTaint });
      return taint ? unresolvable(`node(s) had untolerated taint {${taint.key ?? ""}: ${taint.value ?? ""}}`) : SUCCESS;
    },
    preScore(_state, nodes) {
      const soft = nodes.some((n) => n.node?.spec?.taints?.some((t) => t.effect === "PreferNoSchedule"));
      return soft ? SUCCESS : SKIP;
    },
    score(state, node) {
      // Tolerations without an effect tolerate every effect, PreferNoSchedule included.
      const tolerations = (state.pod.pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
      let intolerable = 0;
      for (const taint of node.node?.spec?.taints ?? []) {
        if (taint.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(tolerations, taint)) intolerable++;
      }
      return intolerable;
    },
    normalizeScore(_state, scores) {
      defaultNormalizeScore(scores, true);
    },
  } satisfies FilterPlugin & PreScorePlugin & ScorePlugin & NormalizeScorePlugin;
}

/** Score normalisation shared by plugins: upstream's helper.DefaultNormalizeScore. */
import { MAX_NODE_SCORE, type NodeScore } from "./types.js";

/**
 * Scales scores so the highest becomes 100 (integer division, as upstream);
 * with `reverse`, a high raw score becomes a low final one (counts of
 * something bad). All-zero scores stay 0, or all become 100 when reversed.
 */
export function defaultNormalizeScore(scores: NodeScore[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s.score > max) max = s.score;
  if (max === 0) {
    if (reverse) for (const s of scores) s.score = MAX_NODE_SCORE;
    return;
  }
  for (const s of scores) {
    const scaled = Math.trunc((MAX_NODE_SCORE * s.score) / max);
    s.score = reverse ? MAX_NODE_SCORE - scaled : scaled;
  }
}

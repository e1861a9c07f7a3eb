/**
 * The LeastAllocated scoring strategy: the share of each resource left free
 * with the pod placed, weighted and averaged, 0…100 (integer arithmetic as
 * upstream). Favouring free nodes spreads pods.
 */
import { MAX_NODE_SCORE, type NodeInfo } from "../../framework/index.js";
import type { PodAllocation } from "../_allocation.js";

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export function leastAllocatedScore(allocation: PodAllocation, node: NodeInfo): number {
  let score = 0;
  let weights = 0;
  for (let i = 0; i < allocation.resources.length; i++) {
    const allocatable = allocation.allocatable(node, i);
    if (allocatable === 0) continue;
    const weight = allocation.resources[i]?.weight ?? 1;
    score += leastRequested(allocation.requested(node, i), allocatable) * weight;
    weights += weight;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

/**
 * NodeResourcesBalancedAllocation: favours nodes whose CPU and memory would
 * be used in equal shares with the pod placed: 100 × (1 − the standard
 * deviation of the used fractions). Pods requesting nothing are skipped.
 */
import { MAX_NODE_SCORE, SKIP, SUCCESS, type CycleState, type PreScorePlugin, type ScorePlugin } from "../../framework/index.js";
import { DEFAULT_RESOURCES, PodAllocation } from "../_allocation.js";

export const NODE_RESOURCES_BALANCED_ALLOCATION = "NodeResourcesBalancedAllocation";

/** 100 × (1 − std) over the fractions requested/allocatable, each capped at 1. */
export function balancedScore(fractions: readonly number[]): number {
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs(((fractions[0] ?? 0) - (fractions[1] ?? 0)) / 2);
  } else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((sum, f) => sum + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

function balanced(state: CycleState): PodAllocation {
  return new PodAllocation(state.pod, { resources: DEFAULT_RESOURCES, useRequested: true });
}

export function newNodeResourcesBalancedAllocation() {
  return {
    name: NODE_RESOURCES_BALANCED_ALLOCATION,
    events: ["AssignedPodDelete", "NodeAdd", "NodeUpdate"],
    preScore(state) {
      const allocation = balanced(state);
      state.write(NODE_RESOURCES_BALANCED_ALLOCATION, allocation);
      return allocation.requestsNothing ? SKIP : SUCCESS;
    },
    score(state, node) {
      const allocation = state.read<PodAllocation>(NODE_RESOURCES_BALANCED_ALLOCATION) ?? balanced(state);
      const fractions: number[] = [];
      for (let i = 0; i < allocation.resources.length; i++) {
        const allocatable = allocation.allocatable(node, i);
        if (allocatable > 0) fractions.push(Math.min(1, allocation.requested(node, i) / allocatable));
      }
      return balancedScore(fractions);
    },
  } satisfies PreScorePlugin & ScorePlugin;
}

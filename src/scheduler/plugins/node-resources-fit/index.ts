/**
 * NodeResourcesFit: the node must have room for the pod's requests (CPU,
 * memory, ephemeral storage, extended resources) and for one more pod. It
 * reports every resource that is short, in upstream's words ("Insufficient
 * cpu", "Too many pods"). It also scores, with the LeastAllocated strategy.
 */
import { SUCCESS, unschedulable, type CycleState, type FilterPlugin, type NodeInfo, type PodInfo, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from "../../framework/index.js";
import { DEFAULT_RESOURCES, PodAllocation } from "../_allocation.js";
import { leastAllocatedScore } from "./least-allocated.js";

export const NODE_RESOURCES_FIT = "NodeResourcesFit";

/** The reasons the pod does not fit, empty when it does (upstream's fitsRequest). */
export function insufficientResources(pod: PodInfo, node: NodeInfo): string[] {
  const reasons: string[] = [];
  const want = pod.requests;
  const { allocatable, requested } = node;
  if (node.pods.size + 1 > allocatable.pods) reasons.push("Too many pods");
  if (want.milliCPU > 0 && want.milliCPU > allocatable.milliCPU - requested.milliCPU) reasons.push("Insufficient cpu");
  if (want.memory > 0 && want.memory > allocatable.memory - requested.memory) reasons.push("Insufficient memory");
  if (want.ephemeralStorage > 0 && want.ephemeralStorage > allocatable.ephemeralStorage - requested.ephemeralStorage) {
    reasons.push("Insufficient ephemeral-storage");
  }
  for (const name in want.scalar) {
    const quantity = want.scalar[name] ?? 0;
    if (quantity > 0 && quantity > (allocatable.scalar[name] ?? 0) - (requested.scalar[name] ?? 0)) reasons.push(`Insufficient ${name}`);
  }
  return reasons;
}

const SCORE_KEY = `PreScore${NODE_RESOURCES_FIT}`;

/** What PreFilter computes once per cycle: whether the pod asks for extended resources. */
interface FitState {
  readonly extended: boolean;
}

/** The common case, without building a list: room for one more pod, and no extended resources asked. */
function fitsCommonResources(pod: PodInfo, node: NodeInfo): boolean {
  const want = pod.requests;
  const { allocatable, requested } = node;
  return (
    node.pods.size < allocatable.pods &&
    want.milliCPU <= allocatable.milliCPU - requested.milliCPU &&
    want.memory <= allocatable.memory - requested.memory &&
    want.ephemeralStorage <= allocatable.ephemeralStorage - requested.ephemeralStorage
  );
}

function leastAllocated(state: CycleState): PodAllocation {
  return new PodAllocation(state.pod, { resources: DEFAULT_RESOURCES, useRequested: false });
}

export function newNodeResourcesFit() {
  return {
    name: NODE_RESOURCES_FIT,
    // Freed resources (a pod deleted) or a bigger or new node can make a pod fit.
    events: ["AssignedPodDelete", "NodeAdd", "NodeUpdate"],
    preFilter(state) {
      state.write(NODE_RESOURCES_FIT, { extended: Object.keys(state.pod.requests.scalar).length > 0 } satisfies FitState);
      return SUCCESS;
    },
    filter(state, node) {
      const extended = state.read<FitState>(NODE_RESOURCES_FIT)?.extended ?? true;
      if (!extended && fitsCommonResources(state.pod, node)) return SUCCESS;
      const reasons = insufficientResources(state.pod, node);
      return reasons.length === 0 ? SUCCESS : unschedulable(...reasons);
    },
    preScore(state) {
      state.write(SCORE_KEY, leastAllocated(state));
      return SUCCESS;
    },
    score(state, node) {
      return leastAllocatedScore(state.read<PodAllocation>(SCORE_KEY) ?? leastAllocated(state), node);
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
}

/**
 * What the resource-allocation scores (LeastAllocated, BalancedAllocation)
 * share. For each resource: the node's allocatable, and what would be
 * requested with the pod placed. LeastAllocated counts containers without
 * requests at the non-zero defaults (CPU and memory only), so empty pods
 * still spread; BalancedAllocation counts real requests. A resource the
 * node does not offer (allocatable 0) is left out, and so is an extended
 * resource the pod does not ask for.
 *
 * The pod's side is computed once per cycle; per node, nothing is
 * allocated, since scores run for every feasible node of every cycle.
 */
import type { NodeInfo, PodInfo, Resources } from "../framework/index.js";

export interface ResourceWeight {
  readonly name: string;
  readonly weight: number;
}

/** Upstream's default resources for both scores: CPU and memory, weight 1 each. */
export const DEFAULT_RESOURCES: readonly ResourceWeight[] = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
];

function amount(resources: Resources, name: string): number {
  switch (name) {
    case "cpu":
      return resources.milliCPU;
    case "memory":
      return resources.memory;
    case "ephemeral-storage":
      return resources.ephemeralStorage;
    default:
      return resources.scalar[name] ?? 0;
  }
}

export interface AllocationOptions {
  readonly resources: readonly ResourceWeight[];
  /** Real requests (BalancedAllocation) rather than non-zero defaults (LeastAllocated). */
  readonly useRequested: boolean;
}

export class PodAllocation {
  readonly resources: readonly ResourceWeight[];
  readonly #useRequested: boolean;
  readonly #podRequests: readonly number[];
  /** Extended resources the pod does not request are left out. */
  readonly #counted: readonly boolean[];

  constructor(pod: PodInfo, options: AllocationOptions) {
    this.resources = options.resources;
    this.#useRequested = options.useRequested;
    const side = options.useRequested ? pod.requests : pod.nonZeroRequests;
    this.#podRequests = options.resources.map(({ name }) => amount(side, name));
    this.#counted = options.resources.map(({ name }, i) => (this.#podRequests[i] ?? 0) > 0 || name === "cpu" || name === "memory" || name === "ephemeral-storage");
  }

  /** Whether the pod requests none of the resources (BestEffort, as far as these scores go). */
  get requestsNothing(): boolean {
    return this.#podRequests.every((r) => r === 0);
  }

  /** The node's allocatable of the i-th resource; 0 when the resource does not count. */
  allocatable(node: NodeInfo, i: number): number {
    const resource = this.resources[i];
    return resource && this.#counted[i] ? amount(node.allocatable, resource.name) : 0;
  }

  /** What the i-th resource would have requested on the node with the pod placed. */
  requested(node: NodeInfo, i: number): number {
    const name = this.resources[i]?.name ?? "";
    const nonZero = !this.#useRequested && (name === "cpu" || name === "memory");
    return amount(nonZero ? node.nonZeroRequested : node.requested, name) + (this.#podRequests[i] ?? 0);
  }
}

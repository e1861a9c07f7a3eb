/**
 * Resource vectors as the scheduler counts them: CPU in millicores, the
 * rest in whole units; extended resources (`example.com/gpu`), hugepages
 * and anything else by name in `scalar`. A pod's request follows upstream's
 * PodRequests: app containers and sidecars add up, each ordinary init
 * container needs its own request plus the sidecars started before it, the
 * larger of the two wins, and the RuntimeClass overhead comes on top.
 */
import { parseQuantity } from "../../apis/common/quantity.js";
import type { Container, PodSpec, ResourceList } from "../../apis/common/pod-types.js";
import type { Node } from "./types.js";

export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Allocatable only: how many pods the node takes. */
  pods: number;
  scalar: Record<string, number>;
}

/** What scoring assumes for a container that requests no CPU (upstream's DefaultMilliCPURequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** What scoring assumes for a container that requests no memory: 200 MiB. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function emptyResources(): Resources {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, pods: 0, scalar: {} };
}

export function copyResources(r: Resources): Resources {
  return { ...r, scalar: { ...r.scalar } };
}

/** Quantities round up, as resource.Quantity's MilliValue and Value do; the epsilon absorbs float noise. */
function whole(value: number): number {
  return Math.ceil(value - 1e-9);
}

export function resourcesFromList(list: ResourceList | undefined): Resources {
  const result = emptyResources();
  for (const [name, raw] of Object.entries(list ?? {})) {
    const value = parseQuantity(raw);
    if (value === undefined) continue;
    switch (name) {
      case "cpu":
        result.milliCPU = whole(value * 1000);
        break;
      case "memory":
        result.memory = whole(value);
        break;
      case "ephemeral-storage":
        result.ephemeralStorage = whole(value);
        break;
      case "pods":
        result.pods = whole(value);
        break;
      default:
        result.scalar[name] = whole(value);
    }
  }
  return result;
}

function accumulate(target: Resources, delta: Resources, sign: 1 | -1): void {
  target.milliCPU += sign * delta.milliCPU;
  target.memory += sign * delta.memory;
  target.ephemeralStorage += sign * delta.ephemeralStorage;
  target.pods += sign * delta.pods;
  for (const [name, value] of Object.entries(delta.scalar)) target.scalar[name] = (target.scalar[name] ?? 0) + sign * value;
}

/** target += delta, in place. */
export function addResources(target: Resources, delta: Resources): void {
  accumulate(target, delta, 1);
}

/** target -= delta, in place. */
export function subtractResources(target: Resources, delta: Resources): void {
  accumulate(target, delta, -1);
}

/** target = max(target, other) in every dimension, in place. */
function maxResources(target: Resources, other: Resources): void {
  target.milliCPU = Math.max(target.milliCPU, other.milliCPU);
  target.memory = Math.max(target.memory, other.memory);
  target.ephemeralStorage = Math.max(target.ephemeralStorage, other.ephemeralStorage);
  for (const [name, value] of Object.entries(other.scalar)) target.scalar[name] = Math.max(target.scalar[name] ?? 0, value);
}

function containerRequests(container: Container, nonZero: boolean): Resources {
  const requests = container.resources?.requests;
  const result = resourcesFromList(requests);
  if (nonZero) {
    if (requests?.cpu === undefined) result.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (requests?.memory === undefined) result.memory = DEFAULT_MEMORY_REQUEST;
  }
  return result;
}

export interface RequestOptions {
  /**
   * Count a container without a CPU or memory request as requesting the
   * defaults above, as scoring does so that empty pods still spread.
   * @default false
   */
  readonly nonZero?: boolean;
}

export function podRequests(spec: PodSpec, options: RequestOptions = {}): Resources {
  const nonZero = options.nonZero ?? false;
  const total = emptyResources();
  for (const container of spec.containers ?? []) addResources(total, containerRequests(container, nonZero));
  const sidecars = emptyResources();
  const initPeak = emptyResources();
  for (const container of spec.initContainers ?? []) {
    const own = containerRequests(container, nonZero);
    if (container.restartPolicy === "Always") {
      // A sidecar keeps running next to the app containers.
      addResources(total, own);
      addResources(sidecars, own);
      maxResources(initPeak, sidecars);
    } else {
      addResources(own, sidecars);
      maxResources(initPeak, own);
    }
  }
  maxResources(total, initPeak);
  applyPodLevelRequests(total, spec.resources?.requests);
  addResources(total, resourcesFromList(spec.overhead));
  return total;
}

/** Pod-level requests (spec.resources), where set, replace the container sum for CPU and memory. */
function applyPodLevelRequests(total: Resources, requests: ResourceList | undefined): void {
  if (!requests) return;
  const podLevel = resourcesFromList(requests);
  if (requests.cpu !== undefined) total.milliCPU = podLevel.milliCPU;
  if (requests.memory !== undefined) total.memory = podLevel.memory;
}

/** What the node offers pods: status.allocatable, or capacity when allocatable is absent. */
export function nodeAllocatable(node: Node): Resources {
  return resourcesFromList(node.status?.allocatable ?? node.status?.capacity);
}

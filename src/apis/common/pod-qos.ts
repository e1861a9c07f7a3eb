/**
 * The pod's quality-of-service class (upstream's GetPodQOS), recorded in
 * status.qosClass when the pod is created: Guaranteed when every container
 * limits cpu and memory and requests equal limits, BestEffort when nothing is
 * requested or limited, Burstable otherwise.
 */
import type { PodSpec, ResourceList } from "./pod-types.js";
import { parseQuantity } from "./quantity.js";

export type QOSClass = "Guaranteed" | "Burstable" | "BestEffort";

const QOS_RESOURCES = ["cpu", "memory"];

/** Adds the positive cpu and memory amounts of `list` into `totals`; returns the names found. */
function accumulate(list: ResourceList | undefined, totals: Map<string, number>): Set<string> {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(list ?? {})) {
    const amount = parseQuantity(value) ?? 0;
    if (!QOS_RESOURCES.includes(name) || amount <= 0) continue;
    found.add(name);
    totals.set(name, (totals.get(name) ?? 0) + amount);
  }
  return found;
}

export function podQOSClass(spec: PodSpec): QOSClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    accumulate(container.resources?.requests, requests);
    const limited = accumulate(container.resources?.limits, limits);
    if (!QOS_RESOURCES.every((name) => limited.has(name))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  const matches = [...requests].every(([name, amount]) => limits.get(name) === amount);
  return guaranteed && matches && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

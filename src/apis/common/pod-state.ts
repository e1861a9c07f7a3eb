/**
 * A pod's state the way controllers, the scheduler and the eviction
 * subresource read and mark it (upstream's pkg/api/v1/pod helpers):
 * readiness from the Ready condition, availability after minReadySeconds,
 * active, terminating and terminal pods, and a condition set in place.
 */
import { timestamp } from "../../machinery/time.js";
import type { KubeObject } from "../types.js";
import type { PodCondition, PodStatus } from "./pod-types.js";

export type { PodCondition, PodStatus };

export function podStatus(pod: KubeObject): PodStatus {
  return (pod.status ?? {}) as PodStatus;
}

export function podCondition(pod: KubeObject, type: string): PodCondition | undefined {
  return podStatus(pod).conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, "Ready")?.status === "True";
}

/** How availability is judged: ready for `minReadySeconds`, as of `now` (ms). */
export interface Availability {
  readonly minReadySeconds: number;
  readonly now: number;
}

/** Ready for longer than `minReadySeconds` (strictly, as upstream's Before, by the Ready condition's lastTransitionTime). */
export function isPodAvailable(pod: KubeObject, { minReadySeconds, now }: Availability): boolean {
  const ready = podCondition(pod, "Ready");
  if (ready?.status !== "True") return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(ready.lastTransitionTime ?? "");
  return Number.isFinite(since) && since + minReadySeconds * 1000 < now;
}

/** Milliseconds until a ready pod becomes available, or undefined if it is not ready or already available. */
export function msUntilAvailable(pod: KubeObject, { minReadySeconds, now }: Availability): number | undefined {
  const ready = podCondition(pod, "Ready");
  if (ready?.status !== "True" || minReadySeconds <= 0) return undefined;
  const since = Date.parse(ready.lastTransitionTime ?? "");
  if (!Number.isFinite(since)) return undefined;
  const remaining = since + minReadySeconds * 1000 - now;
  return remaining > 0 ? remaining : undefined;
}

/** Not finished and not being deleted: a pod that still fills a replica slot. */
export function isPodActive(pod: KubeObject): boolean {
  return !isPodTerminal(pod) && !isPodTerminating(pod);
}

export function isPodTerminating(pod: KubeObject): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/** Succeeded or Failed: the pod will never run again. */
export function isPodTerminal(pod: KubeObject): boolean {
  const phase = podStatus(pod).phase;
  return phase === "Succeeded" || phase === "Failed";
}

/**
 * upstream's UpdatePodCondition: adds or replaces the condition of its
 * type; lastTransitionTime moves only when the status flips. Returns
 * whether anything changed.
 */
export function setPodCondition(status: PodStatus, condition: Omit<PodCondition, "lastTransitionTime">): boolean {
  const conditions = (status.conditions ??= []);
  const index = conditions.findIndex((c) => c.type === condition.type);
  const old = conditions[index];
  if (!old) {
    conditions.push({ ...condition, lastTransitionTime: timestamp() });
    return true;
  }
  const next: PodCondition = { ...condition, lastTransitionTime: old.status === condition.status && old.lastTransitionTime ? old.lastTransitionTime : timestamp() };
  const same =
    old.status === next.status &&
    old.reason === next.reason &&
    old.message === next.message &&
    (old.lastProbeTime ?? null) === (next.lastProbeTime ?? null) &&
    old.lastTransitionTime === next.lastTransitionTime;
  conditions[index] = next;
  return !same;
}

/**
 * Reading a pod's state the way every workload controller does (upstream's
 * pkg/api/v1/pod helpers): readiness from the Ready condition, availability
 * after minReadySeconds, terminating and terminal pods.
 */
import type { KubeObject } from "../../apis/types.js";

export interface PodCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

export interface PodStatus {
  phase?: string;
  podIP?: string;
  podIPs?: { ip?: string }[];
  conditions?: PodCondition[];
  [field: string]: unknown;
}

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

/** Ready for at least `minReadySeconds` (by the Ready condition's lastTransitionTime). */
export function isPodAvailable(pod: KubeObject, { minReadySeconds, now }: Availability): boolean {
  const ready = podCondition(pod, "Ready");
  if (ready?.status !== "True") return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(ready.lastTransitionTime ?? "");
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now;
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

export function isPodTerminating(pod: KubeObject): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/** Succeeded or Failed: the pod will never run again. */
export function isPodTerminal(pod: KubeObject): boolean {
  const phase = podStatus(pod).phase;
  return phase === "Succeeded" || phase === "Failed";
}

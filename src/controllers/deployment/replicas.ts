/**
 * Replica arithmetic for rollouts: maxSurge and maxUnavailable resolved
 * against the desired count (surge rounds up, unavailability down), how far
 * the new ReplicaSet may grow, and how a scaling event is shared among the
 * active ReplicaSets in proportion to their size.
 */
import type { IntOrString } from "../../apis/common/pod-types.js";
import type { KubeObject } from "../../apis/types.js";
import { desiredReplicasAnnotation, maxReplicasAnnotation } from "./annotations.js";
import { deploymentSpec, desiredReplicas, rsReplicas, rsStatus } from "./types.js";

/** intstr.GetScaledValueFromIntOrPercent: a count, or a percentage of `total` rounded up or down. */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === "number") return value;
  const match = /^(-?\d+)%$/.exec(value);
  if (!match) return 0;
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * Both fenceposts in one step: if both round to zero, one pod may be
 * unavailable, since a surge might be impossible (quota).
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  const unavailable = scaledValue(maxUnavailable, desired, false);
  return { surge, unavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

export function isRollingUpdate(d: KubeObject): boolean {
  return deploymentSpec(d).strategy?.type === "RollingUpdate";
}

function fenceposts(d: KubeObject): { surge: number; unavailable: number } {
  const rolling = deploymentSpec(d).strategy?.rollingUpdate;
  return resolveFenceposts(rolling?.maxSurge, rolling?.maxUnavailable, desiredReplicas(d));
}

export function maxSurge(d: KubeObject): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

export function maxUnavailable(d: KubeObject): number {
  const desired = desiredReplicas(d);
  if (!isRollingUpdate(d) || desired === 0) return 0;
  return Math.min(fenceposts(d).unavailable, desired);
}

export function totalReplicas(replicaSets: readonly KubeObject[]): number {
  return replicaSets.reduce((sum, rs) => sum + rsReplicas(rs), 0);
}

export function totalStatus(replicaSets: readonly KubeObject[], field: "replicas" | "readyReplicas" | "availableReplicas"): number {
  return replicaSets.reduce((sum, rs) => sum + (rsStatus(rs)[field] ?? 0), 0);
}

/** Active ReplicaSets: those asked for at least one pod. */
export function activeReplicaSets(replicaSets: readonly KubeObject[]): KubeObject[] {
  return replicaSets.filter((rs) => rsReplicas(rs) > 0);
}

/** The size the new ReplicaSet may take now: all of it for Recreate, up to the surge limit for a rolling update. */
export function newReplicaSetReplicas(d: KubeObject, all: readonly KubeObject[], newRS: KubeObject): number {
  const desired = desiredReplicas(d);
  if (!isRollingUpdate(d)) return desired;
  const surge = scaledValue(deploymentSpec(d).strategy?.rollingUpdate?.maxSurge, desired, true);
  const current = totalReplicas(all);
  const ceiling = desired + surge;
  if (current >= ceiling) return rsReplicas(newRS);
  return rsReplicas(newRS) + Math.min(ceiling - current, desired - rsReplicas(newRS));
}

/** The new ReplicaSet holds every desired replica, and both sides agree on the count. */
export function isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicas(d);
  return rsReplicas(rs) === desired && desiredReplicasAnnotation(rs) === desired && (rsStatus(rs).availableReplicas ?? 0) === desired;
}

/** Go's integer.RoundToInt32: halves round away from zero. */
function round(value: number): number {
  return value < 0 ? -Math.floor(-value + 0.5) : Math.floor(value + 0.5);
}

/** The share of a scaling event (`toAdd`, of which `added` is handed out) that falls to one ReplicaSet. */
export function proportion(rs: KubeObject, d: KubeObject, toAdd: number, added: number): number {
  if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  // Never hand out more than is left, in either direction.
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: KubeObject, d: KubeObject): number {
  const desired = desiredReplicas(d);
  if (desired === 0) return -rsReplicas(rs);
  const deploymentReplicas = desired + maxSurge(d);
  // Without the annotation, the Deployment's current size is the best guess of what the sizes were relative to.
  const annotated = maxReplicasAnnotation(rs) ?? ((d.status as { replicas?: number } | undefined)?.replicas ?? 0);
  if (annotated === 0) return 0;
  return round((rsReplicas(rs) * deploymentReplicas) / annotated) - rsReplicas(rs);
}

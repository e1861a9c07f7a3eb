/**
 * The Deployment's status and its progress (upstream's calculateStatus
 * and syncRolloutStatus): counts summed over the ReplicaSets, Available
 * from the minimum availability, Progressing from what changed since the
 * last status (or nothing within progressDeadlineSeconds), and a delayed
 * requeue so a stuck rollout is noticed without any event.
 */
import type { KubeObject } from "../../apis/types.js";
import { canonicalJson } from "../../machinery/canonical-json.js";
import { AVAILABLE, PROGRESSING, REASONS, REPLICA_FAILURE, getCondition, newCondition, removeCondition, setCondition } from "./conditions.js";
import { maxUnavailable, totalReplicas, totalStatus } from "./replicas.js";
import { deploymentSpec, deploymentStatus, desiredReplicas, rsStatus, type DeploymentCondition, type DeploymentContext, type DeploymentStatus } from "./types.js";
import { writeDeploymentStatus } from "./write.js";

/** progressDeadlineSeconds at MaxInt32 means "no deadline". */
const NO_DEADLINE = 2 ** 31 - 1;

export function hasProgressDeadline(d: KubeObject): boolean {
  const deadline = deploymentSpec(d).progressDeadlineSeconds;
  return deadline !== undefined && deadline !== NO_DEADLINE;
}

export function calculateStatus(all: readonly KubeObject[], newRS: KubeObject | undefined, d: KubeObject): DeploymentStatus {
  const previous = deploymentStatus(d);
  const available = totalStatus(all, "availableReplicas");
  const counts: [keyof DeploymentStatus, number][] = [
    ["observedGeneration", d.metadata.generation ?? 0],
    ["replicas", totalStatus(all, "replicas")],
    ["updatedReplicas", newRS ? (rsStatus(newRS).replicas ?? 0) : 0],
    ["readyReplicas", totalStatus(all, "readyReplicas")],
    ["availableReplicas", available],
    // More available than asked for (while scaling down) is not negative unavailability.
    ["unavailableReplicas", Math.max(0, totalReplicas(all) - available)],
  ];
  const status: DeploymentStatus = Object.fromEntries(counts.filter(([, n]) => n !== 0));
  if (previous.conditions) status.conditions = previous.conditions.map((c) => ({ ...c }));
  if (previous.collisionCount !== undefined) status.collisionCount = previous.collisionCount;
  if (available >= desiredReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition(AVAILABLE, "True", REASONS.minimumAvailable, "Deployment has minimum availability."));
  } else {
    setCondition(status, newCondition(AVAILABLE, "False", REASONS.minimumUnavailable, "Deployment does not have minimum availability."));
  }
  return status;
}

export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return canonicalJson(a ?? {}) === canonicalJson(b);
}

/** All desired replicas updated and available, no old ones left, and the latest spec observed. */
export function deploymentComplete(d: KubeObject, status: DeploymentStatus): boolean {
  const desired = desiredReplicas(d);
  return (
    (status.updatedReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** New pods scaled up or turned ready or available, or old pods gone, since the last status. */
function deploymentProgressing(d: KubeObject, next: DeploymentStatus): boolean {
  const old = deploymentStatus(d);
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const nextOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    nextOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** The last recorded progress is older than the deadline (or already reported as such). */
function deploymentTimedOut(d: KubeObject, status: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(status, PROGRESSING);
  if (!condition || condition.reason === REASONS.newReplicaSetAvailable) return false;
  if (condition.reason === REASONS.timedOut) return true;
  const from = Date.parse(condition.lastUpdateTime ?? "");
  return Number.isFinite(from) && from + (deploymentSpec(d).progressDeadlineSeconds ?? 0) * 1000 < nowMs;
}

function progressingCondition(d: KubeObject, newRS: KubeObject | undefined, next: DeploymentStatus): DeploymentCondition | undefined {
  const subject = newRS ? `ReplicaSet "${newRS.metadata.name ?? ""}"` : `Deployment "${d.metadata.name ?? ""}"`;
  if (deploymentComplete(d, next)) return newCondition(PROGRESSING, "True", REASONS.newReplicaSetAvailable, `${subject} has successfully progressed.`);
  if (deploymentProgressing(d, next)) {
    const condition = newCondition(PROGRESSING, "True", REASONS.replicaSetUpdated, `${subject} is progressing.`);
    // Unlike other conditions, progress refreshes lastUpdateTime even when status and reason stay the same.
    const current = getCondition(deploymentStatus(d), PROGRESSING);
    if (current?.status === "True" && current.lastTransitionTime) condition.lastTransitionTime = current.lastTransitionTime;
    removeCondition(next, PROGRESSING);
    return condition;
  }
  if (deploymentTimedOut(d, next, Date.now())) return newCondition(PROGRESSING, "False", REASONS.timedOut, `${subject} has timed out progressing.`);
  return undefined;
}

/** ReplicaFailure of the new ReplicaSet, else of any old one. */
function replicaFailure(all: readonly KubeObject[], newRS: KubeObject | undefined): DeploymentCondition | undefined {
  for (const rs of newRS ? [newRS, ...all] : all) {
    const failure = rsStatus(rs).conditions?.find((c) => c.type === REPLICA_FAILURE);
    if (failure) {
      const { type, status, lastTransitionTime, reason, message } = failure;
      return { type, status, lastUpdateTime: lastTransitionTime, lastTransitionTime, reason, message } as DeploymentCondition;
    }
  }
  return undefined;
}

export async function syncRolloutStatus(ctx: DeploymentContext, all: readonly KubeObject[], newRS: KubeObject | undefined, d: KubeObject): Promise<void> {
  const next = calculateStatus(all, newRS, d);
  if (!hasProgressDeadline(d)) removeCondition(next, PROGRESSING);
  const current = getCondition(deploymentStatus(d), PROGRESSING);
  // A finished rollout needs no progress estimate until the next one starts.
  const complete = next.replicas === next.updatedReplicas && current?.reason === REASONS.newReplicaSetAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const condition = progressingCondition(d, newRS, next);
    if (condition) setCondition(next, condition);
  }
  const failure = replicaFailure(all, newRS);
  if (failure) setCondition(next, failure);
  else removeCondition(next, REPLICA_FAILURE);
  if (statusEqual(d.status as DeploymentStatus, next)) {
    requeueStuckDeployment(ctx, d, next);
    return;
  }
  d.status = next;
  await writeDeploymentStatus(ctx, d);
}

/** Requeues a rollout without progress for when its deadline passes, since no event will announce that. */
function requeueStuckDeployment(ctx: DeploymentContext, d: KubeObject, next: DeploymentStatus): void {
  const current = getCondition(deploymentStatus(d), PROGRESSING);
  if (!hasProgressDeadline(d) || !current || deploymentComplete(d, next) || current.reason === REASONS.timedOut) return;
  const key = `${d.metadata.namespace ?? ""}/${d.metadata.name ?? ""}`;
  const after = Date.parse(current.lastUpdateTime ?? "") + (deploymentSpec(d).progressDeadlineSeconds ?? 0) * 1000 - Date.now();
  if (!Number.isFinite(after) || after < 1000) ctx.queue.addRateLimited(key);
  // A second more, so the deadline has surely passed when we look.
  else ctx.queue.addAfter(key, after + 1000);
}

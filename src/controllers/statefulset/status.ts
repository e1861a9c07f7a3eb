/**
 * StatefulSet status as upstream counts it: every pod is a replica, ready
 * ones are Running with Ready=True, available ones have been ready for
 * minReadySeconds, current and updated ones are non-terminating pods at the
 * current or update revision. A rolling update is complete (currentRevision
 * becomes updateRevision) once every replica is updated and ready, which is
 * what `kubectl rollout status sts/x` waits for.
 */
import type { KubeObject } from "../../apis/types.js";
import { podRevision, type StatefulSet, type StatefulSetStatus } from "./identity.js";
import { isPodAvailable, isPodReady, isPodTerminating, podStatus, type Availability } from "../../apis/common/pod-state.js";

export function isRunningAndReady(pod: KubeObject): boolean {
  return podStatus(pod).phase === "Running" && isPodReady(pod);
}

export function isRunningAndAvailable(pod: KubeObject, availability: Availability): boolean {
  return podStatus(pod).phase === "Running" && isPodAvailable(pod, availability);
}

export interface ReplicaCounts {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
}

export function countReplicas(
  pods: readonly KubeObject[],
  options: { minReadySeconds: number; currentRevision: string; updateRevision: string; now: number },
): ReplicaCounts {
  const counts = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const pod of pods) {
    counts.replicas++;
    if (isRunningAndReady(pod)) {
      counts.readyReplicas++;
      if (isRunningAndAvailable(pod, options)) counts.availableReplicas++;
    }
    if (isPodTerminating(pod)) continue;
    const revision = podRevision(pod);
    if (revision === options.currentRevision) counts.currentReplicas++;
    if (revision === options.updateRevision) counts.updatedReplicas++;
  }
  return counts;
}

/** Upstream's completeRollingUpdate: once all replicas are updated and ready, the update revision becomes current. */
export function completeRollingUpdate(set: StatefulSet, status: StatefulSetStatus): void {
  const rolling = (set.spec?.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate";
  if (rolling && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
    status.currentReplicas = status.updatedReplicas ?? 0;
    status.currentRevision = status.updateRevision ?? "";
  }
}

const FIELDS = [
  "observedGeneration",
  "replicas",
  "readyReplicas",
  "currentReplicas",
  "updatedReplicas",
  "availableReplicas",
  "currentRevision",
  "updateRevision",
  "collisionCount",
] as const;

export function statusChanged(old: StatefulSetStatus | undefined, next: StatefulSetStatus): boolean {
  return FIELDS.some((field) => (old?.[field] ?? undefined) !== next[field]);
}

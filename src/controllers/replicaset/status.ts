/**
 * A ReplicaSet's status from the pods it controls (upstream's
 * calculateStatus): replicas, fully labelled, ready and available counts,
 * and the ReplicaFailure condition while creating or deleting pods fails.
 */
import type { KubeObject } from "../../apis/types.js";
import { matchesLabels, selectorFromSet } from "../../machinery/labels.js";
import { isPodAvailable, isPodReady } from "../../apis/common/pod-state.js";
import { timestamp } from "../../machinery/time.js";
import type { ReplicaSetCondition, ReplicaSetSpec, ReplicaSetStatus } from "./types.js";

export function replicaSetSpecOf(rs: KubeObject): ReplicaSetSpec {
  return (rs.spec ?? {}) as ReplicaSetSpec;
}

export function replicaSetStatusOf(rs: KubeObject): Partial<ReplicaSetStatus> {
  return (rs.status ?? {}) as Partial<ReplicaSetStatus>;
}

export interface StatusInput {
  /** Active pods the ReplicaSet controls. */
  readonly pods: readonly KubeObject[];
  /** Why the last create or delete failed, if it did. */
  readonly manageError?: unknown;
  readonly nowMs: number;
}

export function calculateReplicaSetStatus(rs: KubeObject, { pods, manageError, nowMs }: StatusInput): ReplicaSetStatus {
  const spec = replicaSetSpecOf(rs);
  const templateLabels = selectorFromSet(spec.template?.metadata?.labels);
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (matchesLabels(templateLabels, pod.metadata.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, { minReadySeconds: spec.minReadySeconds ?? 0, now: nowMs })) available++;
    }
  }
  const status: ReplicaSetStatus = { replicas: pods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  const previous = replicaSetStatusOf(rs);
  if (previous.observedGeneration) status.observedGeneration = previous.observedGeneration;
  const conditions = replicaFailureConditions(previous.conditions ?? [], pods.length - (spec.replicas ?? 1), manageError, nowMs);
  if (conditions.length) status.conditions = conditions;
  return status;
}

/** Adds ReplicaFailure when managing failed and none is set; removes it once managing succeeds. */
function replicaFailureConditions(conditions: readonly ReplicaSetCondition[], diff: number, manageError: unknown, nowMs: number): ReplicaSetCondition[] {
  const failure = conditions.find((c) => c.type === "ReplicaFailure");
  if (manageError !== undefined && !failure) {
    const reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
    const message = manageError instanceof Error ? manageError.message : String(manageError);
    return [...conditions, { type: "ReplicaFailure", status: "True", lastTransitionTime: timestamp(new Date(nowMs)), reason, message }];
  }
  if (manageError === undefined && failure) return conditions.filter((c) => c !== failure);
  return [...conditions];
}

/** Whether writing `next` would change anything upstream compares (observedGeneration included). */
export function replicaSetStatusChanged(rs: KubeObject, next: ReplicaSetStatus): boolean {
  const current = replicaSetStatusOf(rs);
  return (
    (current.replicas ?? 0) !== next.replicas ||
    (current.fullyLabeledReplicas ?? 0) !== (next.fullyLabeledReplicas ?? 0) ||
    (current.readyReplicas ?? 0) !== (next.readyReplicas ?? 0) ||
    (current.availableReplicas ?? 0) !== (next.availableReplicas ?? 0) ||
    (current.observedGeneration ?? 0) !== (rs.metadata.generation ?? 0) ||
    JSON.stringify(current.conditions ?? []) !== JSON.stringify(next.conditions ?? [])
  );
}

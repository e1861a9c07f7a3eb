/**
 * Brings a ReplicaSet's pod count to spec.replicas (upstream's
 * manageReplicas): creates the missing pods in slow-start batches, or
 * deletes the surplus least-useful pods first, recording expectations so
 * that the next sync waits until the informer has seen these changes.
 */
import type { KubeObject } from "../../apis/types.js";
import type { EventRecorder, ResourceClient } from "../../client/index.js";
import type { PodExpectations } from "../expectations.js";
import { podFromTemplate } from "./pods.js";
import { podsToDelete } from "./rank.js";
import { slowStartBatch } from "./slow-start.js";
import { replicaSetSpecOf } from "./status.js";
import { isNamespaceTerminating } from "./update.js";
import { isApiError } from "../../machinery/status.js";

/** At most this many pods are created or deleted per sync, as upstream's burstReplicas. */
export const BURST_REPLICAS = 500;

export interface ManageContext {
  readonly pods: ResourceClient;
  readonly expectations: PodExpectations;
  readonly recorder: EventRecorder;
}

export interface ManageInput {
  readonly rs: KubeObject;
  /** The controller key, `namespace/name`. */
  readonly key: string;
  /** Active pods the ReplicaSet controls. */
  readonly pods: readonly KubeObject[];
  /** Pods of the ReplicaSets that share this one's controller, for ranking (asked only when deleting). */
  readonly related: () => readonly KubeObject[];
}

/** Resolves to the error that stopped creating or deleting, or undefined. */
export async function manageReplicas(context: ManageContext, input: ManageInput): Promise<unknown> {
  const diff = input.pods.length - (replicaSetSpecOf(input.rs).replicas ?? 1);
  if (diff < 0) return createPods(context, input, Math.min(-diff, BURST_REPLICAS));
  if (diff > 0) return deletePods(context, input, Math.min(diff, BURST_REPLICAS));
  return undefined;
}

async function createPods({ pods, expectations, recorder }: ManageContext, { rs, key }: ManageInput, count: number): Promise<unknown> {
  const namespace = rs.metadata.namespace ?? "";
  const template = replicaSetSpecOf(rs).template;
  // Expect every create first: the informer may report a pod before its create call returns.
  expectations.expectCreations(key, count);
  const { successes, error } = await slowStartBatch(count, 1, async () => {
    try {
      const pod = await pods.create(namespace, podFromTemplate(template, rs));
      recorder.record(rs, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name ?? ""}`);
    } catch (failure: unknown) {
      // A terminating namespace refuses every create; there is nothing to report or retry.
      if (isNamespaceTerminating(failure)) return;
      recorder.record(rs, "Warning", "FailedCreate", `Error creating: ${failure instanceof Error ? failure.message : String(failure)}`);
      throw failure;
    }
  });
  // Creates that failed or were never tried will not be observed.
  for (let i = successes; i < count; i++) expectations.creationObserved(key);
  return error;
}

async function deletePods({ pods, expectations, recorder }: ManageContext, { rs, key, pods: owned, related }: ManageInput, count: number): Promise<unknown> {
  const victims = podsToDelete(owned, related(), count, Date.now());
  expectations.expectDeletions(key, victims.map(podKey));
  const results = await Promise.allSettled(
    victims.map(async (pod) => {
      const { namespace = "", name = "" } = pod.metadata;
      try {
        await pods.delete(namespace, name, { preconditions: { uid: pod.metadata.uid ?? "" } });
        recorder.record(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`);
      } catch (failure: unknown) {
        // This deletion will not be observed as ours.
        expectations.deletionObserved(key, podKey(pod));
        if (isApiError(failure, 404)) return;
        recorder.record(rs, "Warning", "FailedDelete", `Error deleting: ${failure instanceof Error ? failure.message : String(failure)}`);
        throw failure;
      }
    }),
  );
  return results.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason;
}

export function podKey(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`;
}

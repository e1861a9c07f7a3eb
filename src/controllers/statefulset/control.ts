/**
 * One pass of StatefulSet pod management (upstream's updateStatefulSet).
 * Pods within [start, start+replicas) are replicas, others are condemned.
 *
 * OrderedReady ("monotonic"): create the lowest missing ordinal and stop;
 * never act while a lower replica is not Running, Ready and available;
 * delete condemned pods one at a time from the highest ordinal. Parallel:
 * create and delete everything at once. Then, for RollingUpdate, delete the
 * highest-ordinal pod at or above the partition whose revision is not the
 * update revision, one at a time, waiting for each replacement to become
 * available; the next pass recreates it from the update revision.
 */
import type { KubeObject } from "../../apis/types.js";
import type { PodTemplateSpec } from "../../apis/common/pod-types.js";
import { identityMatches, newStatefulSetPod, ordinalOf, podRevision, startOrdinal, type StatefulSet } from "./identity.js";
import { isPodTerminal, isPodTerminating, podStatus } from "../../apis/common/pod-state.js";
import { isRunningAndAvailable, isRunningAndReady } from "./status.js";

/** The writes a pass makes; the controller implements them with events. */
export interface StatefulPodControl {
  /** Creates the pod's missing claims, then the pod. */
  create(set: StatefulSet, pod: KubeObject): Promise<void>;
  delete(set: StatefulSet, pod: KubeObject): Promise<void>;
  /** Restores the identity labels of an existing pod. */
  fixIdentity(set: StatefulSet, pod: KubeObject): Promise<void>;
  /** Creates claims a pending pod still lacks. */
  ensureClaims(set: StatefulSet, pod: KubeObject): Promise<void>;
}

export interface PassInput {
  readonly set: StatefulSet;
  /** The set's pods, as claimed from the cache. */
  readonly pods: readonly KubeObject[];
  readonly currentTemplate: PodTemplateSpec | undefined;
  readonly updateTemplate: PodTemplateSpec | undefined;
  readonly currentRevision: string;
  readonly updateRevision: string;
  readonly control: StatefulPodControl;
  readonly now: number;
}

interface Slot {
  readonly pod: KubeObject;
  /** False for a pod this pass is about to create. */
  readonly exists: boolean;
}

function partitionOf(set: StatefulSet): number {
  return set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
}

/** Upstream's newVersionedStatefulSetPod: ordinals below the partition are recreated at the current revision. */
function newPodFor(input: PassInput, ordinal: number): KubeObject {
  const { set } = input;
  const rolling = (set.spec?.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate";
  const current = rolling && ordinal < partitionOf(set);
  return current
    ? newStatefulSetPod(set, { template: input.currentTemplate, ordinal, revision: input.currentRevision })
    : newStatefulSetPod(set, { template: input.updateTemplate, ordinal, revision: input.updateRevision });
}

export async function runPass(input: PassInput): Promise<void> {
  const { set, control, now } = input;
  const availability = { minReadySeconds: set.spec?.minReadySeconds ?? 0, now };
  const replicaCount = set.spec?.replicas ?? 1;
  const start = startOrdinal(set);
  const slots: Slot[] = [];
  const condemned: KubeObject[] = [];
  for (const pod of input.pods) {
    const ordinal = ordinalOf(pod);
    if (ordinal < 0) continue;
    if (ordinal >= start && ordinal < start + replicaCount) slots[ordinal - start] = { pod, exists: true };
    else condemned.push(pod);
  }
  for (let i = 0; i < replicaCount; i++) slots[i] ??= { pod: newPodFor(input, start + i), exists: false };
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));

  const unavailable = (slot: Slot) => !slot.exists || isPodTerminating(slot.pod) || !isRunningAndAvailable(slot.pod, availability);
  const firstUnavailable =
    slots.find(unavailable)?.pod ?? [...condemned].reverse().find((pod) => unavailable({ pod, exists: true }));

  if (set.metadata.deletionTimestamp) return;
  const monotonic = set.spec?.podManagementPolicy !== "Parallel";

  // Each step returns true to end the pass (in OrderedReady mode only; Parallel mode goes on).
  const processReplica = async (slot: Slot): Promise<boolean> => {
    const { pod } = slot;
    // Finished pods are deleted; the next pass recreates them.
    if (slot.exists && isPodTerminal(pod)) {
      if (!isPodTerminating(pod)) await control.delete(set, pod);
      return true;
    }
    if (!slot.exists) {
      await control.create(set, pod);
      return monotonic;
    }
    if (podStatus(pod).phase === "Pending") await control.ensureClaims(set, pod);
    if (monotonic && (isPodTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, availability))) return true;
    if (!identityMatches(set, pod)) await control.fixIdentity(set, pod);
    return false;
  };
  const processCondemned = async (pod: KubeObject): Promise<boolean> => {
    if (isPodTerminating(pod)) return monotonic;
    if (monotonic && pod !== firstUnavailable && !isRunningAndAvailable(pod, availability)) return true;
    await control.delete(set, pod);
    return true;
  };
  for (const slot of slots) if ((await processReplica(slot)) && monotonic) return;
  for (const pod of condemned) if ((await processCondemned(pod)) && monotonic) return;

  if (set.spec?.updateStrategy?.type === "OnDelete") return;
  // Rolling update: replace the highest out-of-date pod at or above the partition, one at a time.
  for (let target = slots.length - 1; target >= partitionOf(set); target--) {
    const slot = slots[target];
    if (!slot) continue;
    if (podRevision(slot.pod) !== input.updateRevision && !isPodTerminating(slot.pod)) {
      await control.delete(set, slot.pod);
      return;
    }
    if (unavailable(slot)) return;
  }
}

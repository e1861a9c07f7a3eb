/**
 * Writes to pods' status the scheduler makes: the PodScheduled condition
 * and nominatedNodeName of a pod that fits nowhere, the DisruptionTarget
 * condition of a preemption victim. A write starts from the informer's
 * copy and, on a conflict, re-reads the pod and tries again; a pod that
 * is gone needs no status.
 */
import type { ResourceClient } from "../client/index.js";
import { setPodCondition } from "../apis/common/pod-state.js";
import { ApiError } from "../machinery/status.js";
import type { Pod, PodStatus } from "./framework/index.js";
import { DISRUPTION_TARGET, PREEMPTION_BY_SCHEDULER } from "./preemption.js";
import { cloneJson } from "../machinery/clone.js";

const ATTEMPTS = 5;

/**
 * Applies `change` to the pod's status and writes it when `change` says it
 * changed something. `change` runs again on a fresh copy after a conflict.
 */
export async function updatePodStatus(
  pod: Pod,
  options: { readonly pods: ResourceClient; readonly change: StatusChange },
): Promise<void> {
  const { pods, change } = options;
  let current: Pod = pod;
  for (let attempt = 1; ; attempt++) {
    const status = cloneJson(current.status ?? {});
    if (!change(status, current)) return;
    try {
      await pods.updateStatus({ ...current, status }, { result: false });
      return;
    } catch (error: unknown) {
      if (error instanceof ApiError && error.code === 404) return;
      if (!(error instanceof ApiError && error.code === 409) || attempt >= ATTEMPTS) throw error;
    }
    try {
      current = (await pods.get(pod.metadata.namespace ?? "", pod.metadata.name ?? "")) as Pod;
    } catch (error: unknown) {
      if (error instanceof ApiError && error.code === 404) return;
      throw error;
    }
  }
}

/** A status change: edits the copy and says whether it changed anything. */
export type StatusChange = (status: PodStatus, current: Pod) => boolean;

export interface SchedulingFailure {
  /** Unschedulable, or SchedulerError. */
  readonly reason: string;
  readonly message: string;
  /** The node preemption nominated; "" clears a stale one; absent leaves it. */
  readonly nominatedNodeName?: string;
}

/** PodScheduled=False with the failure's reason and message, and the nomination. A pod bound meanwhile is left alone. */
export function markUnschedulable(failure: SchedulingFailure): StatusChange {
  return (status, current) => {
    if (current.spec.nodeName) return false;
    const changed = setPodCondition(status, { type: "PodScheduled", status: "False", reason: failure.reason, message: failure.message, lastProbeTime: null });
    const nominated = failure.nominatedNodeName;
    if (nominated === undefined || (status.nominatedNodeName ?? "") === nominated) return changed;
    if (nominated) status.nominatedNodeName = nominated;
    else delete status.nominatedNodeName;
    return true;
  };
}

/** The DisruptionTarget condition upstream puts on a victim before deleting it. */
export function markPreempted(schedulerName: string): StatusChange {
  return (status) =>
    setPodCondition(status, {
      type: DISRUPTION_TARGET,
      status: "True",
      reason: PREEMPTION_BY_SCHEDULER,
      message: `${schedulerName}: preempting to accommodate a higher priority pod`,
    });
}

/** Drops status.nominatedNodeName. */
export const clearNomination: StatusChange = (status) => {
  if (!status.nominatedNodeName) return false;
  delete status.nominatedNodeName;
  return true;
};

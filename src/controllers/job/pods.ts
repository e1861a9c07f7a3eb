/**
 * What the job controller reads from a pod: whether it is active,
 * terminating, ready or failed (for this job's replacement policy), when
 * it finished, its completion index, and which active pods to remove first.
 */
import { COMPLETION_INDEX, TRACKING_FINALIZER, type Job, type Pod } from "./types.js";

export const UNKNOWN_INDEX = -1;

const terminal = (pod: Pod): boolean => pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

/** Running or about to: not finished and not being deleted. */
export function isActive(pod: Pod): boolean {
  return !terminal(pod) && !pod.metadata.deletionTimestamp;
}

/** Being deleted but not finished yet. */
export function isTerminating(pod: Pod): boolean {
  return !terminal(pod) && Boolean(pod.metadata.deletionTimestamp);
}

export function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((condition) => condition.type === "Ready" && condition.status === "True");
}

export function hasTrackingFinalizer(pod: Pod): boolean {
  return (pod.metadata.finalizers ?? []).includes(TRACKING_FINALIZER);
}

/**
 * Whether replacements wait for pods to reach Failed (podReplacementPolicy
 * Failed, implied by a pod failure policy) rather than for deletion to start.
 */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === "Failed" || job.spec?.podFailurePolicy !== undefined;
}

/** Failed, or (unless only Failed pods count) deleted before it could succeed: orphans never reach Failed. */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === "Failed") return true;
  if (onlyReplaceFailedPods(job)) return false;
  return Boolean(pod.metadata.deletionTimestamp) && pod.status?.phase !== "Succeeded";
}

/** The pod's index in an Indexed job, or UNKNOWN_INDEX. */
export function completionIndex(pod: Pod): number {
  const text = pod.metadata.annotations?.[COMPLETION_INDEX];
  if (text === undefined || !/^\d+$/.test(text)) return UNKNOWN_INDEX;
  return Number(text);
}

/**
 * When the pod finished: its containers' last finish, else when it turned
 * not Ready, else its deletion time less the grace period, else its creation.
 */
export function finishedTime(pod: Pod): number {
  const statuses = pod.status?.containerStatuses ?? [];
  const finishes = statuses.map((status) => Date.parse(status.state?.terminated?.finishedAt ?? ""));
  if (statuses.length > 0 && finishes.every((time) => !Number.isNaN(time))) return Math.max(...finishes);
  const ready = (pod.status?.conditions ?? []).find((condition) => condition.type === "Ready");
  if (ready?.status === "False" && ready.lastTransitionTime) return Date.parse(ready.lastTransitionTime);
  if (pod.metadata.deletionTimestamp) return Date.parse(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return Date.parse(pod.metadata.creationTimestamp ?? "");
}

const PHASE_RANK: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };
const restarts = (pod: Pod): number => Math.max(0, ...(pod.status?.containerStatuses ?? []).map((status) => status.restartCount ?? 0));

/**
 * Upstream's ActivePods order, cheapest pods to lose first: unscheduled
 * before scheduled, pending before running, not ready before ready, more
 * restarts before fewer, newer before older.
 */
export function removalOrder(a: Pod, b: Pod): number {
  const scheduled = Number(Boolean(a.spec?.nodeName)) - Number(Boolean(b.spec?.nodeName));
  if (scheduled !== 0) return scheduled;
  const phase = (PHASE_RANK[a.status?.phase ?? ""] ?? 0) - (PHASE_RANK[b.status?.phase ?? ""] ?? 0);
  if (phase !== 0) return phase;
  const ready = Number(isReady(a)) - Number(isReady(b));
  if (ready !== 0) return ready;
  const restartDiff = restarts(b) - restarts(a);
  if (restartDiff !== 0) return restartDiff;
  return Date.parse(b.metadata.creationTimestamp ?? "") - Date.parse(a.metadata.creationTimestamp ?? "");
}

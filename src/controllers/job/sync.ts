/**
 * One reconcile of a Job (upstream's syncJob): count what its pods did,
 * decide whether the job has failed (pod failure policy, backoffLimit,
 * activeDeadlineSeconds) or succeeded (completions, success policy),
 * otherwise create or delete pods toward parallelism (or none while
 * suspended), then write status and release counted pods.
 */
import type { Machinery, SyncContext } from "./context.js";
import { timestamp } from "../../machinery/time.js";
import { ensureCondition, findCondition, isFinished, newCondition } from "./conditions.js";
import { matchPodFailurePolicy } from "./failure-policy.js";
import { Intervals } from "./indexes.js";
import { deleteActivePods, manageJob } from "./manage.js";
import { completionIndex, hasTrackingFinalizer, isActive, isPodFailed, isReady, isTerminating, UNKNOWN_INDEX } from "./pods.js";
import { matchSuccessPolicy } from "./success-policy.js";
import { trackJobStatusAndRemoveFinalizers } from "./tracking.js";
import { CONDITION, type Job, type JobCondition, type Pod } from "./types.js";
import { cloneJson } from "../../machinery/clone.js";

const isIndexed = (job: Job): boolean => job.spec?.completionMode === "Indexed";
const suspended = (job: Job): boolean => job.spec?.suspend === true;

/** Finished pods not yet counted: still carrying the finalizer, not already listed as uncounted. */
function newFinishedPods(job: Job, pods: readonly Pod[], uncounted: SyncContext["uncounted"], expectedRemovals: ReadonlySet<string>) {
  const completions = job.spec?.completions ?? 0;
  const valid = pods.filter((pod) => {
    if (!hasTrackingFinalizer(pod) || expectedRemovals.has(pod.metadata.uid ?? "")) return false;
    const index = completionIndex(pod);
    return !isIndexed(job) || (index !== UNKNOWN_INDEX && index < completions);
  });
  const uid = (pod: Pod): string => pod.metadata.uid ?? "";
  return {
    succeeded: valid.filter((pod) => pod.status?.phase === "Succeeded" && !uncounted.succeeded.has(uid(pod))),
    failed: valid.filter((pod) => isPodFailed(pod, job) && !uncounted.failed.has(uid(pod))),
  };
}

/** Upstream's calculateSucceededIndexes: completedIndexes plus succeeded pods not yet counted. */
function succeededIndexes(job: Job, pods: readonly Pod[]): { previous: Intervals; current: Intervals } {
  const completions = job.spec?.completions ?? 0;
  const previous = Intervals.parse(job.status?.completedIndexes, completions);
  const fresh = pods
    .filter((pod) => pod.status?.phase === "Succeeded" && hasTrackingFinalizer(pod))
    .map(completionIndex)
    .filter((index) => index !== UNKNOWN_INDEX && index < completions)
    .sort((a, b) => a - b);
  return { previous, current: previous.withIndexes(fresh) };
}

/** With restartPolicy OnFailure, container restarts of live pods count against backoffLimit. */
function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== "OnFailure") return false;
  let restarts = 0;
  for (const pod of pods) {
    if (pod.status?.phase !== "Running" && pod.status?.phase !== "Pending") continue;
    for (const status of [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])]) restarts += status.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

function failJobMessage(job: Job, pods: readonly Pod[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const pod of pods) {
    if (!isPodFailed(pod, job)) continue;
    const message = matchPodFailurePolicy(job.spec.podFailurePolicy, pod).failJobMessage;
    if (message !== undefined) return message;
  }
  return undefined;
}

/** The condition that fails the job, if any; schedules a look at the deadline otherwise. */
function failureCondition(m: Machinery, ctx: SyncContext): JobCondition | undefined {
  const { job } = ctx;
  const now = m.now();
  const target = findCondition(job, CONDITION.failureTarget);
  if (target?.status === "True") return newCondition(CONDITION.failed, target.reason ?? "", target.message ?? "", now);
  const policyMessage = failJobMessage(job, ctx.pods);
  if (policyMessage !== undefined) return newCondition(CONDITION.failureTarget, "PodFailurePolicy", policyMessage, now);
  if (ctx.failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, ctx.pods)) {
    return newCondition(CONDITION.failureTarget, "BackoffLimitExceeded", "Job has reached the specified backoff limit", now);
  }
  const deadline = job.spec?.activeDeadlineSeconds;
  const start = job.status?.startTime;
  if (deadline === undefined || start === undefined || suspended(job)) return undefined;
  const left = deadline * 1000 - (now - Date.parse(start));
  if (left <= 0) return newCondition(CONDITION.failureTarget, "DeadlineExceeded", "Job was active longer than specified deadline", now);
  m.requeue(ctx.key, left);
  return undefined;
}

/** Suspended/Resumed condition and events, after manageJob acted on suspend. */
function recordSuspension(m: Machinery, job: Job): boolean {
  const now = m.now();
  if (suspended(job)) {
    const changed = ensureCondition(job, newCondition(CONDITION.suspended, "JobSuspended", "Job suspended", now));
    if (changed) m.recorder.record(job, "Normal", "Suspended", "Job suspended");
    return changed;
  }
  const changed = ensureCondition(job, newCondition(CONDITION.suspended, "JobResumed", "Job resumed", now, "False"));
  if (changed) {
    m.recorder.record(job, "Normal", "Resumed", "Job resumed");
    // activeDeadlineSeconds counts continuous activity: a resumed job starts its clock again.
    (job.status ??= {}).startTime = timestamp(now);
  }
  return changed;
}

export async function syncJob(m: Machinery, key: string, cached: Job, claimPods: (job: Job) => Promise<Pod[]>): Promise<void> {
  if (isFinished(cached)) {
    m.backoff.remove(key);
    return;
  }
  const job = cloneJson(cached);
  const status = (job.status ??= {});
  // Checked before reading pods: a pod arriving in between only defers the sync to its event.
  const satisfied = m.expectations.satisfied(key);
  const pods = await claimPods(job);
  const activePods = pods.filter(isActive);
  const uncounted = { succeeded: new Set(status.uncountedTerminatedPods?.succeeded), failed: new Set(status.uncountedTerminatedPods?.failed) };
  const expectedRemovals = m.finalizers.expected(key);
  const fresh = newFinishedPods(job, pods, uncounted, expectedRemovals);
  const policy = job.spec?.podFailurePolicy;
  const countedFailures = fresh.failed.filter((pod) => matchPodFailurePolicy(policy, pod).countFailed).length;
  const indexes = isIndexed(job) ? succeededIndexes(job, pods) : { previous: Intervals.empty, current: Intervals.empty };
  const ctx: SyncContext = {
    key,
    job,
    pods,
    activePods,
    ready: activePods.filter(isReady).length,
    terminating: pods.filter(isTerminating).length,
    succeeded: isIndexed(job) ? indexes.current.total : (status.succeeded ?? 0) + fresh.succeeded.length + uncounted.succeeded.size,
    failed: (status.failed ?? 0) + countedFailures + uncounted.failed.size,
    uncounted,
    expectedRemovals,
    newBackoff: m.backoff.next(key, fresh.succeeded, fresh.failed),
    finished: undefined,
    previousSucceededIndexes: indexes.previous,
    succeededIndexes: indexes.current,
  };
  if (status.startTime === undefined && !suspended(job)) status.startTime = timestamp(m.now());

  const criteria = findCondition(job, CONDITION.successCriteriaMet);
  // Once success criteria are met, failures no longer matter.
  ctx.finished = criteria?.status === "True" ? criteria : failureCondition(m, ctx);
  if (ctx.finished === undefined && isIndexed(job) && job.spec?.successPolicy) {
    const message = matchSuccessPolicy(job.spec.successPolicy, job.spec.completions ?? 0, ctx.succeededIndexes);
    if (message !== undefined) ctx.finished = newCondition(CONDITION.successCriteriaMet, "SuccessPolicy", message, m.now());
  }

  let active = activePods.length;
  let suspendChanged = false;
  let manageError: unknown;
  if (ctx.finished !== undefined) {
    const deleted = await deleteActivePods(m, job, activePods);
    // Not finished while pods remain to be counted, or pods we created may still show up.
    if (deleted.deleted !== active || !satisfied) ctx.finished = undefined;
    active -= deleted.deleted;
    ctx.terminating += deleted.deleted;
    ctx.ready -= deleted.deletedReady;
    manageError = deleted.error;
  } else {
    const managed = satisfied && !job.metadata.deletionTimestamp;
    if (managed) {
      const result = await manageJob(m, ctx);
      active = result.active;
      manageError = result.error;
    }
    const completions = job.spec?.completions;
    // Without completions, one success completes the job once the other pods are done.
    const complete = completions === undefined ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= completions && active === 0;
    if (complete) ctx.finished = newCondition(CONDITION.successCriteriaMet, "CompletionsReached", "Reached expected number of succeeded pods", m.now());
    else if (managed) suspendChanged = recordSuspension(m, job);
  }

  const needsWrite = suspendChanged || active !== (status.active ?? 0) || ctx.ready !== status.ready || ctx.terminating !== status.terminating;
  status.active = active;
  status.ready = ctx.ready;
  status.terminating = ctx.terminating;
  await trackJobStatusAndRemoveFinalizers(m, ctx, needsWrite || status.startTime !== cached.status?.startTime);
  if (manageError !== undefined) throw manageError;
}

/**
 * Counting finished pods exactly once (upstream's
 * trackJobStatusAndRemoveFinalizers). A finished pod keeps the tracking
 * finalizer until it is counted, so it cannot vanish uncounted. Counting
 * takes three writes, each safe to repeat after a crash:
 *   1. its uid goes into status.uncountedTerminatedPods (or, for Indexed
 *      jobs, its index into completedIndexes);
 *   2. its finalizer is removed;
 *   3. uids whose pods no longer carry the finalizer move into the
 *      succeeded and failed counters.
 * Then, with nothing left uncounted or terminating, the finishing
 * condition (Complete or Failed) is set and announced.
 */
import type { Machinery, SyncContext } from "./context.js";
import { ensureCondition, findCondition, newCondition } from "./conditions.js";
import { matchPodFailurePolicy } from "./failure-policy.js";
import { completionIndex, hasTrackingFinalizer, isPodFailed, UNKNOWN_INDEX } from "./pods.js";
import { CONDITION, type Job, type JobStatus, type Pod } from "./types.js";

/** Keeps status.uncountedTerminatedPods small (about 20 KB) and bounds one sync's work. */
const MAX_UNCOUNTED_PODS = 500;

function uncountedOf(status: JobStatus): { succeeded: string[]; failed: string[] } {
  const uncounted = (status.uncountedTerminatedPods ??= {});
  return { succeeded: (uncounted.succeeded ??= []), failed: (uncounted.failed ??= []) };
}

/** Step 3: uids whose pods lost the finalizer (or are gone) join the counters. Returns whether status changed. */
function countPodsWithoutFinalizers(status: JobStatus, withFinalizer: ReadonlySet<string>): boolean {
  const uncounted = uncountedOf(status);
  const succeeded = uncounted.succeeded.filter((uid) => withFinalizer.has(uid));
  const failed = uncounted.failed.filter((uid) => withFinalizer.has(uid));
  const changed = succeeded.length !== uncounted.succeeded.length || failed.length !== uncounted.failed.length;
  status.succeeded = (status.succeeded ?? 0) + uncounted.succeeded.length - succeeded.length;
  status.failed = (status.failed ?? 0) + uncounted.failed.length - failed.length;
  status.uncountedTerminatedPods = { succeeded, failed };
  return changed;
}

/** The finalizer may go once the pod's fate is counted: it succeeded, failed, or the job is ending. */
function canRemoveFinalizer(ctx: SyncContext, pod: Pod, failed: boolean): boolean {
  return Boolean(ctx.job.metadata.deletionTimestamp) || ctx.finished !== undefined || pod.status?.phase === "Succeeded" || failed;
}

/** Omits what upstream's JSON omits: zero counters and empty uid lists. */
function tidy(status: JobStatus): JobStatus {
  const copy: JobStatus = { ...status, uncountedTerminatedPods: {} };
  for (const field of ["active", "succeeded", "failed"] as const) if (!copy[field]) delete copy[field];
  if (!copy.completedIndexes) delete copy.completedIndexes;
  const { succeeded = [], failed = [] } = status.uncountedTerminatedPods ?? {};
  if (succeeded.length) (copy.uncountedTerminatedPods ??= {}).succeeded = succeeded;
  if (failed.length) (copy.uncountedTerminatedPods ??= {}).failed = failed;
  return copy;
}

async function writeStatus(m: Machinery, ctx: SyncContext): Promise<void> {
  ctx.job = (await m.jobs.updateStatus({ ...ctx.job, status: tidy(ctx.job.status ?? {}) })) as Job;
}

/** Step 1 for one pod; returns whether the status changed. */
function recordFinishedPod(ctx: SyncContext, pod: Pod, failed: boolean, newIndexes: number[]): boolean {
  const { job } = ctx;
  const uid = pod.metadata.uid ?? "";
  const uncounted = uncountedOf((job.status ??= {}));
  const indexed = job.spec?.completionMode === "Indexed";
  const completions = job.spec?.completions ?? 0;
  const index = completionIndex(pod);
  if (pod.status?.phase === "Succeeded" && !ctx.uncounted.failed.has(uid)) {
    if (indexed) {
      // The index itself records the success: no uid needed.
      if (index === UNKNOWN_INDEX || index >= completions || ctx.previousSucceededIndexes.has(index)) return false;
      newIndexes.push(index);
      return true;
    }
    if (ctx.uncounted.succeeded.has(uid)) return false;
    uncounted.succeeded.push(uid);
    return true;
  }
  // When the job is failing, every pod not finished is counted as failed.
  const failing = ctx.finished !== undefined && ctx.finished.type !== CONDITION.successCriteriaMet;
  if (!failed && !failing) return false;
  if (ctx.uncounted.failed.has(uid) || (indexed && (index === UNKNOWN_INDEX || index >= completions))) return false;
  if (!matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).countFailed) return false;
  uncounted.failed.push(uid);
  return true;
}

/** Turns the interim condition into the terminal one to set once everything is counted. */
function prepareTerminalCondition(ctx: SyncContext, now: number): boolean {
  const finished = ctx.finished;
  if (!finished) return false;
  const conditions = ((ctx.job.status ??= {}).conditions ??= []);
  let changed = false;
  if (finished.type === CONDITION.failureTarget) {
    conditions.push(finished);
    changed = true;
    ctx.finished = newCondition(CONDITION.failed, finished.reason ?? "", finished.message ?? "", now);
  } else if (finished.type === CONDITION.successCriteriaMet) {
    if (findCondition(ctx.job, CONDITION.successCriteriaMet)?.status !== "True") {
      conditions.push(finished);
      changed = true;
    }
    ctx.finished = newCondition(CONDITION.complete, finished.reason ?? "", finished.message ?? "", now);
  }
  return changed;
}

/** Sets Complete or Failed when nothing is left uncounted or terminating. */
function enactJobFinished(ctx: SyncContext): boolean {
  const finished = ctx.finished;
  const { succeeded = [], failed = [] } = ctx.job.status?.uncountedTerminatedPods ?? {};
  if (!finished || succeeded.length + failed.length > 0 || ctx.terminating > 0) return false;
  ensureCondition(ctx.job, finished);
  if (finished.type === CONDITION.complete && finished.lastTransitionTime) (ctx.job.status ??= {}).completionTime = finished.lastTransitionTime;
  return true;
}

function announceFinished(m: Machinery, ctx: SyncContext): void {
  const { job, finished } = ctx;
  if (!finished) return;
  if (finished.type !== CONDITION.complete) {
    m.recorder.record(job, "Warning", finished.reason ?? "", finished.message ?? "");
    return;
  }
  const completions = job.spec?.completions;
  if (completions !== undefined && (job.status?.succeeded ?? 0) > completions) {
    m.recorder.record(job, "Warning", "TooManySucceededPods", "Too many succeeded pods running after completion count reached");
  }
  m.recorder.record(job, "Normal", "Completed", "Job completed");
}

export async function trackJobStatusAndRemoveFinalizers(m: Machinery, ctx: SyncContext, needsWrite: boolean): Promise<void> {
  const status = (ctx.job.status ??= {});
  const pods = ctx.job.spec?.completionMode === "Indexed" ? [...ctx.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : ctx.pods;
  const withFinalizer = new Set(
    pods.filter((pod) => hasTrackingFinalizer(pod) && !ctx.expectedRemovals.has(pod.metadata.uid ?? "")).map((pod) => pod.metadata.uid ?? ""),
  );
  let dirty = countPodsWithoutFinalizers(status, withFinalizer) || needsWrite;
  const toRelease: Pod[] = [];
  const newIndexes: number[] = [];
  let reachedMax = false;
  for (const pod of pods) {
    if (!withFinalizer.has(pod.metadata.uid ?? "")) continue;
    const failed = isPodFailed(pod, ctx.job);
    if (!canRemoveFinalizer(ctx, pod, failed)) continue;
    toRelease.push(pod);
    if (recordFinishedPod(ctx, pod, failed, newIndexes)) dirty = true;
    const { succeeded = [], failed: failedUids = [] } = status.uncountedTerminatedPods ?? {};
    if (newIndexes.length + succeeded.length + failedUids.length >= MAX_UNCOUNTED_PODS) {
      // The status and pod updates bring the job back for the rest.
      reachedMax = true;
      break;
    }
  }
  if (ctx.job.spec?.completionMode === "Indexed") {
    ctx.succeededIndexes = ctx.succeededIndexes.withIndexes(newIndexes.sort((a, b) => a - b));
    const text = ctx.succeededIndexes.toString();
    if (text !== (status.completedIndexes ?? "")) dirty = true;
    status.completedIndexes = text;
    status.succeeded = ctx.succeededIndexes.total;
  }
  if (prepareTerminalCondition(ctx, m.now())) dirty = true;

  // Step 1 is written before any finalizer goes, so no pod can disappear uncounted.
  if (dirty) {
    await writeStatus(m, ctx);
    m.backoff.update(ctx.newBackoff);
    dirty = false;
  }
  const error = await releasePods(m, ctx, toRelease, withFinalizer);
  if (countPodsWithoutFinalizers((ctx.job.status ??= {}), withFinalizer)) dirty = true;
  if (error !== undefined) {
    if (dirty) await writeStatus(m, ctx);
    throw error;
  }
  const finished = !reachedMax && enactJobFinished(ctx);
  if (dirty || finished) {
    await writeStatus(m, ctx);
    if (finished) announceFinished(m, ctx);
  }
}

/** Step 2; pods whose finalizer went are dropped from `withFinalizer`. Returns the first error. */
async function releasePods(m: Machinery, ctx: SyncContext, pods: readonly Pod[], withFinalizer: Set<string>): Promise<unknown> {
  if (pods.length === 0) return undefined;
  const uids = pods.map((pod) => pod.metadata.uid ?? "");
  m.finalizers.expectRemovals(ctx.key, uids);
  let error: unknown;
  await Promise.all(
    pods.map(async (pod, i) => {
      const uid = uids[i] ?? "";
      try {
        await m.podControl.removeTrackingFinalizer(pod);
        withFinalizer.delete(uid);
      } catch (failure: unknown) {
        // No update will show this removal: stop waiting for it.
        m.finalizers.removalObserved(ctx.key, uid);
        error ??= failure;
      }
    }),
  );
  return error;
}

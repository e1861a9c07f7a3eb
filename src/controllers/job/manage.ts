/**
 * Upstream's manageJob: bring the number of active pods to what the job
 * wants now (parallelism, bounded by the completions still needed; none
 * while suspended), deleting surplus pods first and otherwise creating
 * missing ones in slow-start batches, after the failure back-off.
 */
import type { Machinery, SyncContext } from "./context.js";
import { remainingBackoff } from "./backoff.js";
import { completionIndex, isReady, isTerminating, onlyReplaceFailedPods, removalOrder, UNKNOWN_INDEX } from "./pods.js";
import { isNotFound } from "./api-helpers.js";
import { podFromTemplate } from "./pod-template.js";
import type { Job, Pod } from "./types.js";

/** Upstream caps the creates and deletes of one sync, so one big job cannot starve the others. */
const MAX_POD_CHANGES_PER_SYNC = 500;

export interface ManageResult {
  readonly active: number;
  /** The first failed create or delete; the sync still records what it achieved. */
  readonly error?: unknown;
}

const isIndexed = (job: Job): boolean => job.spec?.completionMode === "Indexed";

function indexesOf(pods: readonly Pod[]): number[] {
  return pods.map(completionIndex).filter((index) => index !== UNKNOWN_INDEX);
}

/**
 * For Indexed jobs: pods without a valid index, and all but one pod of
 * each repeated index, go first. Then the cheapest pods to lose.
 */
export function activePodsForRemoval(job: Job, pods: readonly Pod[], atLeast: number): Pod[] {
  const remove: Pod[] = [];
  let keep: Pod[] = [...pods];
  if (isIndexed(job)) {
    const completions = job.spec?.completions ?? 0;
    const byIndex = new Map<number, Pod[]>();
    for (const pod of pods) {
      const index = completionIndex(pod);
      if (index === UNKNOWN_INDEX || index >= completions) remove.push(pod);
      else byIndex.set(index, [...(byIndex.get(index) ?? []), pod]);
    }
    keep = [];
    for (const group of byIndex.values()) {
      const sorted = [...group].sort(removalOrder);
      remove.push(...sorted.slice(0, -1));
      keep.push(sorted[sorted.length - 1] as Pod);
    }
  }
  if (remove.length < atLeast) remove.push(...keep.sort(removalOrder).slice(0, atLeast - remove.length));
  return remove;
}

/** Removes each pod's tracking finalizer, then deletes it; returns how many went (and were ready). */
async function deleteJobPods(m: Machinery, ctx: SyncContext, pods: readonly Pod[]): Promise<{ removed: number; removedReady: number; error?: unknown }> {
  let removed = 0;
  let removedReady = 0;
  let error: unknown;
  await Promise.all(
    pods.map(async (pod) => {
      try {
        await m.podControl.removeTrackingFinalizer(pod);
        await m.podControl.delete(ctx.job, pod);
      } catch (failure: unknown) {
        // The informer will never show this deletion.
        m.expectations.deletionObserved(ctx.key, pod.metadata.uid ?? "");
        if (!isNotFound(failure)) {
          error ??= failure;
          return;
        }
      }
      removed++;
      if (isReady(pod)) removedReady++;
    }),
  );
  return { removed, removedReady, ...(error !== undefined ? { error } : {}) };
}

/** Deletes pods whose finalizers the caller removes later (a failed job's remaining pods). */
export async function deleteActivePods(m: Machinery, job: Job, pods: readonly Pod[]): Promise<{ deleted: number; deletedReady: number; error?: unknown }> {
  let deleted = 0;
  let deletedReady = 0;
  let error: unknown;
  await Promise.all(
    pods.map(async (pod) => {
      try {
        await m.podControl.delete(job, pod);
      } catch (failure: unknown) {
        if (!isNotFound(failure)) {
          error ??= failure;
          return;
        }
      }
      deleted++;
      if (isReady(pod)) deletedReady++;
    }),
  );
  return { deleted, deletedReady, ...(error !== undefined ? { error } : {}) };
}

async function removePods(m: Machinery, ctx: SyncContext, pods: readonly Pod[]): Promise<ManageResult> {
  m.expectations.expectDeletions(
    ctx.key,
    pods.map((pod) => pod.metadata.uid ?? ""),
  );
  const result = await deleteJobPods(m, ctx, pods);
  ctx.terminating += result.removed;
  ctx.ready -= result.removedReady;
  return { active: ctx.activePods.length - result.removed, ...(result.error !== undefined ? { error: result.error } : {}) };
}

/** The indexes below `completions` that neither succeeded nor have a pod working on them. */
function firstPendingIndexes(ctx: SyncContext, count: number, completions: number): number[] {
  let busy = ctx.succeededIndexes.withIndexes(indexesOf(ctx.activePods));
  if (onlyReplaceFailedPods(ctx.job)) busy = busy.withIndexes(indexesOf(ctx.pods.filter(isTerminating)));
  return busy.firstMissing(count, completions);
}

/** Creates pods in batches of 1, 2, 4…: a batch with a failure stops the rest (e.g. quota), sparing the API. */
async function createPods(m: Machinery, ctx: SyncContext, indexes: readonly number[], count: number): Promise<{ created: number; error?: unknown }> {
  m.expectations.expectCreations(ctx.key, count);
  let created = 0;
  let error: unknown;
  let next = 0;
  for (let remaining = count, batch = Math.min(count, 1); remaining > 0; batch = Math.min(2 * batch, remaining)) {
    let failed = false;
    await Promise.all(
      Array.from({ length: batch }, async () => {
        const index = indexes.length > 0 ? (indexes[next++] ?? UNKNOWN_INDEX) : UNKNOWN_INDEX;
        try {
          await m.podControl.create(ctx.job, podFromTemplate(ctx.job, index));
          created++;
        } catch (failure: unknown) {
          m.expectations.creationObserved(ctx.key);
          error ??= failure;
          failed = true;
        }
      }),
    );
    remaining -= batch;
    if (failed) {
      // The pods never attempted will never be observed either.
      for (let i = 0; i < remaining; i++) m.expectations.creationObserved(ctx.key);
      break;
    }
  }
  return { created, ...(error !== undefined ? { error } : {}) };
}

export async function manageJob(m: Machinery, ctx: SyncContext): Promise<ManageResult> {
  const { job } = ctx;
  const spec = job.spec ?? {};
  const active = ctx.activePods.length;
  if (spec.suspend === true) return removePods(m, ctx, activePodsForRemoval(job, ctx.activePods, active));
  const parallelism = spec.parallelism ?? 1;
  let wantActive: number;
  if (spec.completions === undefined) {
    // Without completions any success completes the job: once one pod succeeded, let the rest finish.
    wantActive = ctx.succeeded > 0 ? active : parallelism;
  } else {
    wantActive = Math.max(0, Math.min(spec.completions - ctx.succeeded, parallelism));
  }
  const surplus = activePodsForRemoval(job, ctx.activePods, Math.max(active - wantActive, 0)).slice(0, MAX_POD_CHANGES_PER_SYNC);
  // Deleting and creating in one sync could fight; deletion goes first.
  if (surplus.length > 0) return removePods(m, ctx, surplus);
  const replacing = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  let missing = Math.min(wantActive - replacing - active, MAX_POD_CHANGES_PER_SYNC);
  if (missing <= 0) return { active };
  const wait = remainingBackoff(ctx.newBackoff, m.now(), m.delays);
  if (wait > 0) {
    m.requeue(ctx.key, wait);
    return { active };
  }
  const indexes = isIndexed(job) ? firstPendingIndexes(ctx, missing, spec.completions ?? 0) : [];
  if (isIndexed(job)) missing = indexes.length;
  if (missing === 0) return { active };
  const result = await createPods(m, ctx, indexes, missing);
  return { active: active + result.created, ...(result.error !== undefined ? { error: result.error } : {}) };
}

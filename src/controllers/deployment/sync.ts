/**
 * What every Deployment sync path shares (upstream's sync.go): claiming
 * ReplicaSets, scaling them (proportionally when a rollout is under way),
 * cleaning up old revisions past revisionHistoryLimit, and the status-only
 * and scaling-only syncs used while deleting, paused or resized.
 */
import type { KubeObject } from "../../apis/types.js";
import { selectorFromLabelSelector } from "../../machinery/labels.js";
import { claimCandidates, claimObjects } from "../replicaset/index.js";
import { isApiError } from "../../machinery/status.js";
import { desiredReplicasAnnotation, replicasAnnotationsNeedUpdate, setReplicasAnnotations } from "./annotations.js";
import { PROGRESSING, REASONS, getCondition, newCondition, setCondition } from "./conditions.js";
import { getAllReplicaSetsAndSyncRevision, withNew } from "./new-replicaset.js";
import { byCreation, byRevision, bySizeNewer, bySizeOlder } from "./order.js";
import { calculateStatus, hasProgressDeadline, statusEqual } from "./progress.js";
import { activeReplicaSets, isRollingUpdate, isSaturated, maxSurge, proportion, totalReplicas } from "./replicas.js";
import { rollbackTo } from "./rollback.js";
import { deploymentSpec, deploymentStatus, desiredReplicas, rsReplicas, rsStatus, type DeploymentContext, type DeploymentStatus, type SyncState } from "./types.js";
import { updateReplicaSet, writeDeploymentStatus } from "./write.js";

/** revisionHistoryLimit at MaxInt32 keeps every old ReplicaSet. */
const KEEP_ALL = 2 ** 31 - 1;

/** The Deployment's ReplicaSets, after adopting matching orphans and releasing what stopped matching. */
export async function getReplicaSetsForDeployment(ctx: DeploymentContext, d: KubeObject): Promise<KubeObject[]> {
  const selector = selectorFromLabelSelector(deploymentSpec(d).selector);
  if (!selector.ok) throw new Error(`Invalid selector: ${selector.error}`);
  return claimObjects(claimCandidates(ctx.replicaSets, d), {
    owner: d,
    selector: selector.value,
    resource: ctx.replicaSetClient,
    ownerResource: ctx.deploymentClient,
  });
}

/** Status only: for a Deployment being deleted. */
export async function syncStatusOnly(s: SyncState): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(s, false);
  await syncDeploymentStatus(s, withNew(oldRSs, newRS), newRS);
}

/** Scaling without rolling out: for a paused Deployment or a change of spec.replicas. */
export async function syncScaling(s: SyncState): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(s, false);
  await scale(s, newRS, oldRSs);
  if (deploymentSpec(s.d).paused && rollbackTo(s.d) === undefined) await cleanupDeployment(s, oldRSs);
  await syncDeploymentStatus(s, withNew(oldRSs, newRS), newRS);
}

/** A scaling event: some active ReplicaSet was sized for a different spec.replicas. */
export async function isScalingEvent(s: SyncState): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(s, false);
  return activeReplicaSets(withNew(oldRSs, newRS)).some((rs) => {
    const desired = desiredReplicasAnnotation(rs);
    return desired !== undefined && desired !== desiredReplicas(s.d);
  });
}

/**
 * Marks pausing and resuming in the Progressing condition (reason
 * DeploymentPaused / DeploymentResumed), so time spent paused never counts
 * against progressDeadlineSeconds.
 */
export async function checkPausedConditions(s: SyncState): Promise<void> {
  if (!hasProgressDeadline(s.d)) return;
  const status = deploymentStatus(s.d);
  const current = getCondition(status, PROGRESSING);
  // A reported timeout stays reported.
  if (current?.reason === REASONS.timedOut) return;
  const pausedRecorded = current?.reason === REASONS.paused;
  const paused = deploymentSpec(s.d).paused === true;
  if (paused === pausedRecorded) return;
  const condition = paused
    ? newCondition(PROGRESSING, "Unknown", REASONS.paused, "Deployment is paused")
    : newCondition(PROGRESSING, "Unknown", REASONS.resumed, "Deployment is resumed");
  setCondition(status, condition);
  await writeDeploymentStatus(s.ctx, s.d);
}

/**
 * Sizes the ReplicaSets for spec.replicas. One active ReplicaSet takes it
 * all; mid-rollout, the change is spread in proportion to their sizes so a
 * resize neither hastens nor stalls the rollout.
 */
export async function scale(s: SyncState, newRS: KubeObject | undefined, oldRSs: readonly KubeObject[]): Promise<void> {
  const desired = desiredReplicas(s.d);
  const single = activeOrLatest(newRS, oldRSs);
  if (single) {
    if (rsReplicas(single) !== desired) await scaleReplicaSetAndRecordEvent(s, single, desired);
    return;
  }
  // Old ReplicaSets adopted while the new one is already full go straight to zero.
  if (isSaturated(s.d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) await scaleReplicaSetAndRecordEvent(s, old, 0);
    return;
  }
  if (!isRollingUpdate(s.d)) return;
  const all = activeReplicaSets(withNew(oldRSs, newRS));
  const allowed = desired > 0 ? desired + maxSurge(s.d) : 0;
  const toAdd = allowed - totalReplicas(all);
  // Scaling up favours the newest among equals, scaling down the oldest.
  if (toAdd > 0) all.sort(bySizeNewer);
  else if (toAdd < 0) all.sort(bySizeOlder);
  let added = 0;
  const sizes = all.map((rs) => {
    const share = proportion(rs, s.d, toAdd, added);
    added += share;
    return rsReplicas(rs) + share;
  });
  for (const [i, rs] of all.entries()) {
    // Rounding leftovers go to the largest ReplicaSet.
    const size = i === 0 ? Math.max(0, (sizes[i] ?? 0) + toAdd - added) : (sizes[i] ?? 0);
    await scaleReplicaSet(s, rs, size);
  }
}

/** The only active ReplicaSet, or the newest when none is active; undefined when several are. */
function activeOrLatest(newRS: KubeObject | undefined, oldRSs: readonly KubeObject[]): KubeObject | undefined {
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets(withNew(newestFirst, newRS));
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

export async function scaleReplicaSetAndRecordEvent(s: SyncState, rs: KubeObject, size: number): Promise<{ scaled: boolean; rs: KubeObject }> {
  if (rsReplicas(rs) === size) return { scaled: false, rs };
  return scaleReplicaSet(s, rs, size);
}

/** Sets the size and the desired/max annotations; records `Scaled up replica set web-5d4b7 from 0 to 3`. */
async function scaleReplicaSet(s: SyncState, rs: KubeObject, size: number): Promise<{ scaled: boolean; rs: KubeObject }> {
  const desired = desiredReplicas(s.d);
  const max = desired + maxSurge(s.d);
  const from = rsReplicas(rs);
  if (from === size && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const updated = await updateReplicaSet(s, rs, (fresh) => {
    fresh.spec = { ...(fresh.spec as object), replicas: size };
    setReplicasAnnotations(fresh, desired, max);
  });
  if (from === size) return { scaled: false, rs: updated };
  const direction = from < size ? "up" : "down";
  s.ctx.recorder.record(s.d, "Normal", "ScalingReplicaSet", `Scaled ${direction} replica set ${rs.metadata.name ?? ""} from ${from} to ${size}`);
  return { scaled: true, rs: updated };
}

/** Deletes the oldest revisions past revisionHistoryLimit, but only ReplicaSets fully scaled down. */
export async function cleanupDeployment(s: SyncState, oldRSs: readonly KubeObject[]): Promise<void> {
  const limit = deploymentSpec(s.d).revisionHistoryLimit;
  if (limit === undefined || limit === KEEP_ALL) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const surplus = cleanable.length - limit;
  if (surplus <= 0) return;
  for (const rs of cleanable.sort(byRevision).slice(0, surplus)) {
    const observed = (rsStatus(rs).observedGeneration ?? 0) >= (rs.metadata.generation ?? 0);
    if ((rsStatus(rs).replicas ?? 0) !== 0 || rsReplicas(rs) !== 0 || !observed) continue;
    try {
      await s.ctx.replicaSetClient.delete(rs.metadata.namespace ?? "", rs.metadata.name ?? "", { preconditions: { uid: rs.metadata.uid ?? "" } });
    } catch (error: unknown) {
      if (!isApiError(error, 404)) throw error;
    }
  }
}

export async function syncDeploymentStatus(s: SyncState, all: readonly KubeObject[], newRS: KubeObject | undefined): Promise<void> {
  const next = calculateStatus(all, newRS, s.d);
  if (statusEqual(s.d.status as DeploymentStatus | undefined, next)) return;
  s.d.status = next;
  await writeDeploymentStatus(s.ctx, s.d);
}

/**
 * The RollingUpdate strategy: grow the new ReplicaSet as far as maxSurge
 * allows, shrink the old ones as far as maxUnavailable allows (unhealthy
 * old pods first, since removing them costs no availability), one step per
 * sync; ReplicaSet status changes bring the next sync.
 */
import type { KubeObject } from "../../apis/types.js";
import { getAllReplicaSetsAndSyncRevision } from "./new-replicaset.js";
import { byCreation } from "./order.js";
import { deploymentComplete, syncRolloutStatus } from "./progress.js";
import { activeReplicaSets, maxUnavailable, newReplicaSetReplicas, totalReplicas, totalStatus } from "./replicas.js";
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from "./sync.js";
import { deploymentStatus, desiredReplicas, rsReplicas, rsStatus, type SyncState } from "./types.js";

export async function rolloutRolling(s: SyncState): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(s, true);
  if (!newRS) throw new Error(`No new ReplicaSet for deployment ${s.d.metadata.name ?? ""}`);
  const all = [...oldRSs, newRS];
  if ((await reconcileNewReplicaSet(s, all, newRS)) || (await reconcileOldReplicaSets(s, all, activeReplicaSets(oldRSs), newRS))) {
    await syncRolloutStatus(s.ctx, all, newRS, s.d);
    return;
  }
  if (deploymentComplete(s.d, deploymentStatus(s.d))) await cleanupDeployment(s, oldRSs);
  await syncRolloutStatus(s.ctx, all, newRS, s.d);
}

async function reconcileNewReplicaSet(s: SyncState, all: readonly KubeObject[], newRS: KubeObject): Promise<boolean> {
  const desired = desiredReplicas(s.d);
  if (rsReplicas(newRS) === desired) return false;
  const size = rsReplicas(newRS) > desired ? desired : newReplicaSetReplicas(s.d, all, newRS);
  return (await scaleReplicaSetAndRecordEvent(s, newRS, size)).scaled;
}

async function reconcileOldReplicaSets(s: SyncState, all: readonly KubeObject[], oldRSs: KubeObject[], newRS: KubeObject): Promise<boolean> {
  if (totalReplicas(oldRSs) === 0) return false;
  const minAvailable = desiredReplicas(s.d) - maxUnavailable(s.d);
  // Unavailable new pods count against the budget too, or scaling old ones down would add to unavailability.
  const newUnavailable = rsReplicas(newRS) - (rsStatus(newRS).availableReplicas ?? 0);
  const maxScaledDown = totalReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = await cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSets(s, [...oldRSs, newRS], oldRSs, minAvailable);
  return cleaned + scaledDown > 0;
}

/** Scales old ReplicaSets down by their unavailable pods, oldest first, up to `budget`; updates `oldRSs` in place. */
async function cleanupUnhealthyReplicas(s: SyncState, oldRSs: KubeObject[], budget: number): Promise<number> {
  oldRSs.sort(byCreation);
  let total = 0;
  for (const [i, rs] of oldRSs.entries()) {
    if (total >= budget) break;
    const unhealthy = rsReplicas(rs) - (rsStatus(rs).availableReplicas ?? 0);
    if (rsReplicas(rs) === 0 || unhealthy <= 0) continue;
    const count = Math.min(budget - total, unhealthy);
    oldRSs[i] = (await scaleReplicaSetAndRecordEvent(s, rs, rsReplicas(rs) - count)).rs;
    total += count;
  }
  return total;
}

/** Scales old ReplicaSets down, oldest first, while the available pods stay above the minimum. */
async function scaleDownOldReplicaSets(s: SyncState, all: readonly KubeObject[], oldRSs: readonly KubeObject[], minAvailable: number): Promise<number> {
  const available = totalStatus(all, "availableReplicas");
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    if (rsReplicas(rs) === 0) continue;
    const count = Math.min(rsReplicas(rs), budget - total);
    await scaleReplicaSetAndRecordEvent(s, rs, rsReplicas(rs) - count);
    total += count;
  }
  return total;
}

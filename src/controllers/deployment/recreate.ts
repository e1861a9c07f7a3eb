/**
 * The Recreate strategy: scale every old ReplicaSet to zero, wait until
 * none of their pods is left running (terminating pods count), and only
 * then create or scale up the new ReplicaSet.
 */
import type { KubeObject } from "../../apis/types.js";
import { getAllReplicaSetsAndSyncRevision, withNew } from "./new-replicaset.js";
import { deploymentComplete, syncRolloutStatus } from "./progress.js";
import { activeReplicaSets, totalStatus } from "./replicas.js";
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from "./sync.js";
import { deploymentStatus, desiredReplicas, type SyncState } from "./types.js";

/** `podsByReplicaSet`: every pod (terminating ones included) by the uid of the ReplicaSet controlling it. */
export async function rolloutRecreate(s: SyncState, podsByReplicaSet: ReadonlyMap<string, readonly KubeObject[]>): Promise<void> {
  // The new ReplicaSet is not created yet: nothing may scale up before the old pods are gone.
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(s, false);
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    if ((await scaleReplicaSetAndRecordEvent(s, rs, 0)).scaled) scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(newRS, oldRSs, podsByReplicaSet)) {
    await syncRolloutStatus(s.ctx, withNew(oldRSs, newRS), newRS, s.d);
    return;
  }
  if (!newRS) ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(s, true));
  if (!newRS) throw new Error(`No new ReplicaSet for deployment ${s.d.metadata.name ?? ""}`);
  await scaleReplicaSetAndRecordEvent(s, newRS, desiredReplicas(s.d));
  if (deploymentComplete(s.d, deploymentStatus(s.d))) await cleanupDeployment(s, oldRSs);
  await syncRolloutStatus(s.ctx, [...oldRSs, newRS], newRS, s.d);
}

function oldPodsRunning(newRS: KubeObject | undefined, oldRSs: readonly KubeObject[], podsByReplicaSet: ReadonlyMap<string, readonly KubeObject[]>): boolean {
  if (totalStatus(oldRSs, "replicas") > 0) return true;
  for (const [uid, pods] of podsByReplicaSet) {
    if (uid === newRS?.metadata.uid) continue;
    // Finished pods run nothing; any other phase (Unknown included) might.
    if (pods.some((pod) => !["Succeeded", "Failed"].includes((pod.status as { phase?: string } | undefined)?.phase ?? ""))) return true;
  }
  return false;
}

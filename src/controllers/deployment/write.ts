/**
 * The writes of a Deployment sync. Writes of the Deployment are
 * conditional on the cached resourceVersion (a stale cache gets a 409 and
 * the sync is retried), and the copy takes the new resourceVersion so a
 * second write in the same sync does not conflict with the first.
 *
 * The revision annotation is written with the status, as upstream does:
 * its status strategy keeps metadata from the request, so the annotation
 * changes without a new generation.
 */
import type { KubeObject } from "../../apis/types.js";
import { updateWithRetry } from "../replicaset/index.js";
import { remember, type DeploymentContext, type SyncState } from "./types.js";

export async function writeDeploymentStatus(ctx: DeploymentContext, d: KubeObject): Promise<void> {
  const written = await ctx.deploymentClient.updateStatus(d);
  d.metadata.resourceVersion = written.metadata.resourceVersion ?? "";
  ctx.ownWrites.record(written);
}

export async function writeDeployment(ctx: DeploymentContext, d: KubeObject): Promise<void> {
  const written = await ctx.deploymentClient.update(d);
  d.metadata.resourceVersion = written.metadata.resourceVersion ?? "";
  d.metadata.generation = written.metadata.generation ?? 0;
  ctx.ownWrites.record(written);
}

/**
 * Applies `change` to a ReplicaSet decided on from its cached copy. The
 * ReplicaSet controller writes its status all the time, so the cached
 * resourceVersion is often behind although nothing the decision rests on
 * moved: the change goes onto a fresh copy as long as its spec (its
 * generation) is still the one the decision was made on.
 */
export async function updateReplicaSet(s: SyncState, rs: KubeObject, change: (fresh: KubeObject) => void): Promise<KubeObject> {
  const { namespace = "", name = "", uid = "", generation } = rs.metadata;
  const written = await updateWithRetry(s.ctx.replicaSetClient, { namespace, name, uid }, (fresh) => {
    if (fresh.metadata.generation !== generation) throw new Error(`ReplicaSet ${namespace}/${name} changed since this sync read it`);
    change(fresh);
    return true;
  });
  if (!written) throw new Error(`ReplicaSet ${namespace}/${name} is gone`);
  remember(s, written);
  return written;
}

/**
 * Rollback through the `deprecated.deployment.rollback.to` annotation (the
 * old extensions/v1beta1 rollbackTo field). kubectl's `rollout undo`
 * patches the template directly instead, which the rollout handles as any
 * template change: the old ReplicaSet becomes the new one again.
 */
import type { KubeObject } from "../../apis/types.js";
import { ROLLBACK_TO, lastRevision, revisionOf, setDeploymentAnnotationsTo } from "./annotations.js";
import { POD_TEMPLATE_HASH, equalIgnoreHash } from "./hash.js";
import { getAllReplicaSetsAndSyncRevision, withNew } from "./new-replicaset.js";
import { deploymentSpec, rsSpec, type SyncState } from "./types.js";
import { writeDeployment } from "./write.js";
import { cloneJson } from "../../machinery/clone.js";

const REASON_NOT_FOUND = "DeploymentRollbackRevisionNotFound";
const REASON_UNCHANGED = "DeploymentRollbackTemplateUnchanged";
const REASON_DONE = "DeploymentRollback";

/** The revision asked for (0: the previous one), or undefined without a valid annotation. */
export function rollbackTo(d: KubeObject): number | undefined {
  const text = d.metadata.annotations?.[ROLLBACK_TO];
  return text !== undefined && /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

export async function rollback(s: SyncState): Promise<void> {
  const { d, ctx } = s;
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(s, true);
  const all = withNew(oldRSs, newRS);
  const revision = rollbackTo(d) || lastRevision(all);
  const target = revision ? all.find((rs) => revisionOf(rs) === revision) : undefined;
  let performed = false;
  if (!target) {
    ctx.recorder.record(d, "Warning", REASON_NOT_FOUND, revision ? "Unable to find the revision to rollback to." : "Unable to find last revision.");
  } else if (equalIgnoreHash(deploymentSpec(d).template, rsSpec(target).template)) {
    ctx.recorder.record(d, "Warning", REASON_UNCHANGED, `The rollback revision contains the same template as current deployment "${d.metadata.name ?? ""}"`);
  } else {
    const template = cloneJson(rsSpec(target).template ?? {});
    if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH];
    d.spec = { ...deploymentSpec(d), template };
    // The Deployment takes the old revision's annotations (change-cause…), or they would be copied onto it.
    setDeploymentAnnotationsTo(d, target);
    performed = true;
  }
  // Clearing the request is the last step: until it is written, the rollback is retried.
  delete d.metadata.annotations?.[ROLLBACK_TO];
  await writeDeployment(ctx, d);
  if (performed) {
    ctx.recorder.record(d, "Normal", REASON_DONE, `Rolled back deployment "${d.metadata.name ?? ""}" to revision ${revision}`);
  }
}

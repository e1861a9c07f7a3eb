/**
 * The new ReplicaSet: the one whose template is the Deployment's. An
 * existing one (also an old one the template went back to, as after
 * `kubectl rollout undo`) gets the next revision; otherwise one is created,
 * named and labelled with the template's hash. Name collisions with a
 * foreign ReplicaSet bump status.collisionCount, which changes the hash.
 */
import type { KubeObject } from "../../apis/types.js";
import { controllerRefOf, isAlreadyExists, isNamespaceTerminating, newControllerRef, type ReplicaSetSpec } from "../replicaset/index.js";
import { REVISION, maxRevision, setDeploymentRevision, setNewReplicaSetAnnotations } from "./annotations.js";
import { PROGRESSING, REASONS, getCondition, newCondition, setCondition } from "./conditions.js";
import { POD_TEMPLATE_HASH, computeHash, equalIgnoreHash } from "./hash.js";
import { byCreation } from "./order.js";
import { hasProgressDeadline } from "./progress.js";
import { maxSurge, newReplicaSetReplicas } from "./replicas.js";
import { deploymentSpec, deploymentStatus, desiredReplicas, remember, rsReplicas, rsSpec, type SyncState } from "./types.js";
import { updateReplicaSet, writeDeploymentStatus } from "./write.js";
import { cloneJson } from "../../machinery/clone.js";

export function findNewReplicaSet(d: KubeObject, rsList: readonly KubeObject[]): KubeObject | undefined {
  // Should several match (after upgrades), the oldest wins, deterministically.
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rsSpec(rs).template, deploymentSpec(d).template));
}

export interface ReplicaSetsOfDeployment {
  readonly newRS: KubeObject | undefined;
  /** Every ReplicaSet but the new one, scaled down or not. */
  readonly oldRSs: KubeObject[];
}

/** The new and old ReplicaSets, with revisions brought up to date (and the new one created if asked). */
export async function getAllReplicaSetsAndSyncRevision(s: SyncState, create: boolean): Promise<ReplicaSetsOfDeployment> {
  const found = findNewReplicaSet(s.d, s.rsList);
  const oldRSs = s.rsList.filter((rs) => rs.metadata.uid !== found?.metadata.uid);
  const revision = maxRevision(oldRSs) + 1;
  if (found) return { newRS: await syncExistingNewReplicaSet(s, found, revision), oldRSs };
  return { newRS: create ? await createNewReplicaSet(s, oldRSs, revision) : undefined, oldRSs };
}

export function withNew(oldRSs: readonly KubeObject[], newRS: KubeObject | undefined): KubeObject[] {
  return newRS ? [...oldRSs, newRS] : [...oldRSs];
}

async function syncExistingNewReplicaSet(s: SyncState, found: KubeObject, revision: number): Promise<KubeObject> {
  const { ctx, d } = s;
  const minReadySeconds = deploymentSpec(d).minReadySeconds ?? 0;
  const desired = desiredReplicas(d);
  const annotations = { revision, exists: true, desired, max: desired + maxSurge(d) };
  const copy = cloneJson(found);
  if (setNewReplicaSetAnnotations(d, copy, annotations) || (rsSpec(copy).minReadySeconds ?? 0) !== minReadySeconds) {
    return updateReplicaSet(s, found, (fresh) => {
      setNewReplicaSetAnnotations(d, fresh, annotations);
      fresh.spec = withMinReadySeconds(rsSpec(fresh), minReadySeconds);
    });
  }
  let changed = setDeploymentRevision(d, copy.metadata.annotations?.[REVISION] ?? "");
  const status = deploymentStatus(d);
  // A Deployment that never recorded progress starts its clock when its new ReplicaSet is first seen.
  if (hasProgressDeadline(d) && !getCondition(status, PROGRESSING)) {
    setCondition(status, newCondition(PROGRESSING, "True", REASONS.foundNewReplicaSet, `Found new replica set "${copy.metadata.name ?? ""}"`));
    changed = true;
  }
  if (changed) await writeDeploymentStatus(ctx, d);
  return copy;
}

async function createNewReplicaSet(s: SyncState, oldRSs: readonly KubeObject[], revision: number): Promise<KubeObject> {
  const { ctx, d } = s;
  const spec = deploymentSpec(d);
  const status = deploymentStatus(d);
  const namespace = d.metadata.namespace ?? "";
  const template = cloneJson(spec.template ?? {});
  const hash = computeHash(template, status.collisionCount);
  const labels = { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash };
  template.metadata = { ...template.metadata, labels };
  const name = `${d.metadata.name ?? ""}-${hash}`;
  const rs: KubeObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace, labels, ownerReferences: [newControllerRef(d)] },
    spec: {
      ...withMinReadySeconds({ replicas: 0 }, spec.minReadySeconds ?? 0),
      selector: { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, [POD_TEMPLATE_HASH]: hash } },
      template,
    },
  };
  const replicas = newReplicaSetReplicas(d, [...oldRSs, rs], rs);
  rs.spec = { ...rsSpec(rs), replicas };
  const desired = desiredReplicas(d);
  setNewReplicaSetAnnotations(d, rs, { revision, exists: false, desired, max: desired + maxSurge(d) });
  let created: KubeObject;
  let alreadyExisted = false;
  try {
    created = await ctx.replicaSetClient.create(namespace, rs);
  } catch (error: unknown) {
    if (isAlreadyExists(error)) {
      // Our own earlier create, not yet in the cache, or a hash collision with someone else's ReplicaSet.
      const existing = ctx.replicaSets.get(namespace, name) ?? (await ctx.replicaSetClient.get(namespace, name));
      if (controllerRefOf(existing)?.uid !== d.metadata.uid || !equalIgnoreHash(spec.template, rsSpec(existing).template)) {
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        await writeDeploymentStatus(ctx, d);
        throw error;
      }
      created = existing;
      alreadyExisted = true;
    } else {
      if (!isNamespaceTerminating(error)) await reportCreateFailure(s, name, error);
      throw error;
    }
  }
  remember(s, created);
  if (!alreadyExisted && replicas > 0) {
    ctx.recorder.record(d, "Normal", "ScalingReplicaSet", `Scaled up replica set ${name} from 0 to ${rsReplicas(created)}`);
  }
  let changed = setDeploymentRevision(d, String(revision));
  if (!alreadyExisted && hasProgressDeadline(d)) {
    setCondition(status, newCondition(PROGRESSING, "True", REASONS.newReplicaSet, `Created new replica set "${name}"`));
    changed = true;
  }
  if (changed) await writeDeploymentStatus(ctx, d);
  return created;
}

/** Zero is left out, as Go's omitempty does. */
function withMinReadySeconds(spec: ReplicaSetSpec, minReadySeconds: number): ReplicaSetSpec {
  const { minReadySeconds: _old, ...rest } = spec;
  return minReadySeconds ? { ...rest, minReadySeconds } : rest;
}

async function reportCreateFailure(s: SyncState, name: string, error: unknown): Promise<void> {
  const { ctx, d } = s;
  const message = `Failed to create new replica set "${name}": ${error instanceof Error ? error.message : String(error)}`;
  ctx.recorder.record(d, "Warning", REASONS.failedCreate, message);
  if (!hasProgressDeadline(d)) return;
  setCondition(deploymentStatus(d), newCondition(PROGRESSING, "False", REASONS.failedCreate, message));
  try {
    await writeDeploymentStatus(ctx, d);
  } catch (statusError: unknown) {
    // The create failure is the error worth retrying on; this write comes again with it.
    ctx.log.debug("status not written", { deployment: d.metadata.name, error: String(statusError) });
  }
}

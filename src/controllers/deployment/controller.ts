/**
 * The Deployment controller: handlers map Deployment, ReplicaSet and pod
 * events to the owning Deployment's key; `sync` takes one branch in
 * upstream's fixed order — deleting, paused, rollback, scaling, rollout.
 */
import type { KubeObject } from "../../apis/types.js";
import { EventRecorder, WorkQueue, objectKey, type Informer } from "../../client/index.js";
import type { Logger } from "../../log.js";
import { matchesLabels, selectorFromLabelSelector } from "../../machinery/labels.js";
import type { ControllerContext } from "../index.js";
import { BY_CONTROLLER_UID, OwnWrites, addControllerIndexes, claimCandidates, controllerRefOf } from "../replicaset/index.js";
import { rolloutRecreate } from "./recreate.js";
import { rollback, rollbackTo } from "./rollback.js";
import { rolloutRolling } from "./rolling.js";
import { checkPausedConditions, getReplicaSetsForDeployment, isScalingEvent, syncScaling, syncStatusOnly } from "./sync.js";
import { deploymentSpec, type DeploymentContext, type SyncState } from "./types.js";
import { cloneJson } from "../../machinery/clone.js";

export class DeploymentController {
  readonly queue = new WorkQueue();
  readonly #deployments: Informer;
  readonly #context: DeploymentContext;

  constructor(context: ControllerContext, log: Logger) {
    this.#deployments = context.informers.forKind("apps", "Deployment");
    const replicaSets = context.informers.forKind("apps", "ReplicaSet");
    const pods = context.informers.forKind("", "Pod");
    addControllerIndexes(replicaSets);
    addControllerIndexes(pods);
    this.#context = {
      deploymentClient: context.client.resource("apps", "Deployment"),
      replicaSetClient: context.client.resource("apps", "ReplicaSet"),
      replicaSets,
      pods,
      recorder: new EventRecorder(context.client, { component: "deployment-controller", log }),
      queue: this.queue,
      ownWrites: new OwnWrites(),
      log,
    };
    this.#deployments.addHandlers({
      onAdd: (d) => this.queue.add(objectKey(d)),
      onUpdate: (_old, d) => this.queue.add(objectKey(d)),
      onDelete: (d) => {
        this.#context.ownWrites.forget(d);
        this.queue.add(objectKey(d));
      },
    });
    replicaSets.addHandlers({
      onAdd: (rs) => this.#replicaSetChanged(undefined, rs),
      onUpdate: (old, rs) => this.#replicaSetChanged(old, rs),
      onDelete: (rs) => {
        this.#context.ownWrites.forget(rs);
        this.#enqueueOwner(rs);
      },
    });
    // Recreate waits for old pods to be gone, which only pod deletions announce.
    pods.addHandlers({ onDelete: (pod) => this.#podDeleted(pod) });
  }

  async sync(key: string): Promise<void> {
    const [namespace = "", name = ""] = key.split("/");
    const cached = this.#deployments.get(namespace, name);
    if (!cached) return;
    // The cache has not seen one of our writes yet; that write's event brings the key back.
    const { ownWrites, replicaSets } = this.#context;
    if (ownWrites.isStale(cached) || claimCandidates(replicaSets, cached).some((rs) => ownWrites.isStale(rs))) return;
    const d = cloneJson(cached);
    const s: SyncState = { ctx: this.#context, d, rsList: await getReplicaSetsForDeployment(this.#context, d) };
    if (d.metadata.deletionTimestamp) return syncStatusOnly(s);
    await checkPausedConditions(s);
    if (deploymentSpec(d).paused) return syncScaling(s);
    // A rollback rewrites the template; it must finish before anything is scaled for the old one.
    if (rollbackTo(d) !== undefined) return rollback(s);
    if (await isScalingEvent(s)) return syncScaling(s);
    const strategy = deploymentSpec(d).strategy?.type;
    switch (strategy) {
      case "Recreate":
        return rolloutRecreate(s, this.#podsByReplicaSet(s.rsList));
      case "RollingUpdate":
        return rolloutRolling(s);
      default:
        throw new Error(`Unexpected deployment strategy type: ${strategy ?? ""}`);
    }
  }

  #podsByReplicaSet(rsList: readonly KubeObject[]): Map<string, KubeObject[]> {
    return new Map(rsList.map((rs) => [rs.metadata.uid ?? "", this.#context.pods.byIndex(BY_CONTROLLER_UID, rs.metadata.uid ?? "")]));
  }

  #owner(object: KubeObject): KubeObject | undefined {
    const ref = controllerRefOf(object);
    if (!ref || ref.kind !== "Deployment") return undefined;
    const d = this.#deployments.get(object.metadata.namespace ?? "", ref.name);
    return d?.metadata.uid === ref.uid ? d : undefined;
  }

  #enqueueOwner(rs: KubeObject): void {
    const d = this.#owner(rs);
    if (d) this.queue.add(objectKey(d));
  }

  #replicaSetChanged(old: KubeObject | undefined, rs: KubeObject): void {
    if (old?.metadata.resourceVersion === rs.metadata.resourceVersion) return;
    const [oldRef, ref] = [old && controllerRefOf(old), controllerRefOf(rs)];
    if (old && oldRef && oldRef.uid !== ref?.uid) this.#enqueueOwner(old);
    if (ref) {
      this.#enqueueOwner(rs);
      return;
    }
    // An orphan: any Deployment selecting it may adopt it.
    const labelsChanged = JSON.stringify(old?.metadata.labels ?? {}) !== JSON.stringify(rs.metadata.labels ?? {});
    if (old && !labelsChanged && !oldRef) return;
    for (const d of this.#deployments.list(rs.metadata.namespace ?? "")) {
      const selector = selectorFromLabelSelector(deploymentSpec(d).selector);
      if (selector.ok && matchesLabels(selector.value, rs.metadata.labels)) this.queue.add(objectKey(d));
    }
  }

  #podDeleted(pod: KubeObject): void {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== "ReplicaSet") return;
    const rs = this.#context.replicaSets.get(pod.metadata.namespace ?? "", ref.name);
    const d = rs && rs.metadata.uid === ref.uid ? this.#owner(rs) : undefined;
    if (d && deploymentSpec(d).strategy?.type === "Recreate") this.queue.add(objectKey(d));
  }
}

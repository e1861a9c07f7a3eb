/**
 * The ReplicaSet controller: keeps spec.replicas active pods for every
 * ReplicaSet. Pod and ReplicaSet events only enqueue the owning
 * ReplicaSet's key (after settling expectations); `sync` claims pods,
 * creates or deletes the difference, and writes the status.
 */
import type { KubeObject, OwnerReference } from "../../apis/types.js";
import { EventRecorder, WorkQueue, objectKey, type Informer, type ResourceClient } from "../../client/index.js";
import type { Logger } from "../../log.js";
import { matchesLabels, selectorFromLabelSelector } from "../../machinery/labels.js";
import type { ControllerContext } from "../index.js";
import { BY_CONTROLLER_UID, addControllerIndexes, claimCandidates, claimObjects, controllerRefOf } from "./controller-ref.js";
import { PodExpectations } from "../expectations.js";
import { OwnWrites } from "./own-writes.js";
import { manageReplicas, podKey } from "./manage.js";
import { isPodActive, isPodReady } from "../../apis/common/pod-state.js";
import { calculateReplicaSetStatus, replicaSetSpecOf, replicaSetStatusChanged, replicaSetStatusOf } from "./status.js";
import type { ReplicaSetStatus } from "./types.js";
import { isApiError } from "../../machinery/status.js";
import { cloneJson } from "../../machinery/clone.js";

export class ReplicaSetController {
  readonly queue = new WorkQueue();
  readonly #replicaSets: Informer;
  readonly #pods: Informer;
  readonly #replicaSetClient: ResourceClient;
  readonly #podClient: ResourceClient;
  readonly #expectations = new PodExpectations();
  readonly #ownWrites = new OwnWrites();
  readonly #recorder: EventRecorder;
  readonly #log: Logger;

  constructor(context: ControllerContext, log: Logger) {
    this.#log = log;
    this.#replicaSetClient = context.client.resource("apps", "ReplicaSet");
    this.#podClient = context.client.resource("", "Pod");
    this.#recorder = new EventRecorder(context.client, { component: "replicaset-controller", log });
    this.#replicaSets = context.informers.forKind("apps", "ReplicaSet");
    this.#pods = context.informers.forKind("", "Pod");
    addControllerIndexes(this.#replicaSets);
    addControllerIndexes(this.#pods);
    this.#replicaSets.addHandlers({
      onAdd: (rs) => this.queue.add(objectKey(rs)),
      onUpdate: (old, rs) => {
        if (old.metadata.uid !== rs.metadata.uid) this.#expectations.forget(objectKey(old));
        this.queue.add(objectKey(rs));
      },
      onDelete: (rs) => {
        this.#expectations.forget(objectKey(rs));
        this.#ownWrites.forget(rs);
        this.queue.add(objectKey(rs));
      },
    });
    this.#pods.addHandlers({ onAdd: (pod) => this.#podAdded(pod), onUpdate: (old, pod) => this.#podUpdated(old, pod), onDelete: (pod) => this.#podDeleted(pod) });
  }

  async sync(key: string): Promise<void> {
    const [namespace = "", name = ""] = key.split("/");
    const rs = this.#replicaSets.get(namespace, name);
    if (!rs) {
      this.#expectations.forget(key);
      return;
    }
    // Our last status write is on its way to the cache; its event brings the key back.
    if (this.#ownWrites.isStale(rs)) return;
    const selector = selectorFromLabelSelector(replicaSetSpecOf(rs).selector);
    if (!selector.ok) {
      this.#log.warn("invalid selector; not syncing", { replicaSet: key, error: selector.error });
      return;
    }
    // Expectations first: if they are met now, the cache read next holds every pod we created or deleted.
    const expectationsMet = this.#expectations.satisfied(key);
    const active = claimCandidates(this.#pods, rs).filter(isPodActive);
    const pods = await claimObjects(active, { owner: rs, selector: selector.value, resource: this.#podClient, ownerResource: this.#replicaSetClient });
    let manageError: unknown;
    if (expectationsMet && !rs.metadata.deletionTimestamp) {
      const context = { pods: this.#podClient, expectations: this.#expectations, recorder: this.#recorder };
      manageError = await manageReplicas(context, { rs, key, pods, related: () => this.#relatedPods(rs) });
    }
    const updated = await this.#writeStatus(rs, calculateReplicaSetStatus(rs, { pods, manageError, nowMs: Date.now() }));
    if (manageError !== undefined) throw manageError;
    // Pods become available minReadySeconds after turning ready, which no event announces.
    const spec = replicaSetSpecOf(updated);
    const status = replicaSetStatusOf(updated);
    const desired = spec.replicas ?? 1;
    if ((spec.minReadySeconds ?? 0) > 0 && (status.readyReplicas ?? 0) === desired && (status.availableReplicas ?? 0) !== desired) {
      this.queue.addAfter(key, (spec.minReadySeconds ?? 0) * 1000);
    }
  }

  async #writeStatus(rs: KubeObject, status: ReplicaSetStatus): Promise<KubeObject> {
    if (!replicaSetStatusChanged(rs, status)) return rs;
    // The generation whose spec this sync acted on, even if the retry below sees a newer one.
    const generation = rs.metadata.generation ?? 0;
    const withStatus = (base: KubeObject): KubeObject => ({ ...cloneJson(base), status: { ...status, ...(generation ? { observedGeneration: generation } : {}) } });
    let written: KubeObject;
    try {
      written = await this.#replicaSetClient.updateStatus(withStatus(rs));
    } catch (error: unknown) {
      // Usually a Deployment resized the ReplicaSet meanwhile; the pods counted are still current, so retry once.
      if (!isApiError(error, 409)) throw error;
      const fresh = await this.#replicaSetClient.get(rs.metadata.namespace ?? "", rs.metadata.name ?? "");
      if (fresh.metadata.uid !== rs.metadata.uid) throw error;
      written = await this.#replicaSetClient.updateStatus(withStatus(fresh));
    }
    this.#ownWrites.record(written);
    return written;
  }

  /** Pods of every ReplicaSet with the same controller (a Deployment's old and new ones). */
  #relatedPods(rs: KubeObject): KubeObject[] {
    const ref = controllerRefOf(rs);
    if (!ref) return [];
    return this.#replicaSets.byIndex(BY_CONTROLLER_UID, ref.uid).flatMap((sibling) => this.#pods.byIndex(BY_CONTROLLER_UID, sibling.metadata.uid ?? ""));
  }

  #owner(namespace: string, ref: OwnerReference | undefined): KubeObject | undefined {
    if (!ref || ref.kind !== "ReplicaSet") return undefined;
    const rs = this.#replicaSets.get(namespace, ref.name);
    return rs?.metadata.uid === ref.uid ? rs : undefined;
  }

  /** ReplicaSets whose selector matches an orphan pod: one of them may adopt it. */
  #selecting(pod: KubeObject): KubeObject[] {
    return this.#replicaSets.list(pod.metadata.namespace ?? "").filter((rs) => {
      const selector = selectorFromLabelSelector(replicaSetSpecOf(rs).selector);
      return selector.ok && matchesLabels(selector.value, pod.metadata.labels);
    });
  }

  #podAdded(pod: KubeObject): void {
    // A pod already being deleted (seen after a restart) is no creation of ours.
    if (pod.metadata.deletionTimestamp) return this.#podDeleted(pod);
    const ref = controllerRefOf(pod);
    if (ref) {
      const rs = this.#owner(pod.metadata.namespace ?? "", ref);
      if (!rs) return;
      this.#expectations.creationObserved(objectKey(rs));
      this.queue.add(objectKey(rs));
      return;
    }
    for (const rs of this.#selecting(pod)) this.queue.add(objectKey(rs));
  }

  #podUpdated(old: KubeObject, pod: KubeObject): void {
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {});
    if (pod.metadata.deletionTimestamp) {
      // Graceful deletion: replace the pod now rather than when the node finally removes it.
      this.#podDeleted(pod);
      if (labelsChanged) this.#podDeleted(old);
      return;
    }
    const namespace = pod.metadata.namespace ?? "";
    const [oldRef, ref] = [controllerRefOf(old), controllerRefOf(pod)];
    if (oldRef && oldRef.uid !== ref?.uid) {
      const previous = this.#owner(namespace, oldRef);
      if (previous) this.queue.add(objectKey(previous));
    }
    if (ref) {
      const rs = this.#owner(namespace, ref);
      if (!rs) return;
      this.queue.add(objectKey(rs));
      const minReadySeconds = replicaSetSpecOf(rs).minReadySeconds ?? 0;
      if (minReadySeconds > 0 && !isPodReady(old) && isPodReady(pod)) this.queue.addAfter(objectKey(rs), (minReadySeconds + 1) * 1000);
      return;
    }
    if (labelsChanged || oldRef) for (const rs of this.#selecting(pod)) this.queue.add(objectKey(rs));
  }

  #podDeleted(pod: KubeObject): void {
    const rs = this.#owner(pod.metadata.namespace ?? "", controllerRefOf(pod));
    if (!rs) return;
    this.#expectations.deletionObserved(objectKey(rs), podKey(pod));
    this.queue.add(objectKey(rs));
  }
}

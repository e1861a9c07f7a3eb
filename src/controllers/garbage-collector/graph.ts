/**
 * The ownership graph, kept in the shared informer caches rather than a
 * graph of its own: every watched kind's informer indexes its objects by
 * uid and by the uids of their owners, which answers "who is this uid" and
 * "who depends on it" in a few map lookups. Informer events become work
 * for the collector: dependents whose owner vanished or started a
 * foreground deletion, owners waiting for their dependents, owners to
 * orphan from.
 */
import type { KubeObject, OwnerReference } from "../../apis/types.js";
import type { Client, Informer, InformerFactory, ResourceClient, WorkQueue } from "../../client/index.js";
import type { Logger } from "../../log.js";

const BY_UID = "gc-uid";
const BY_OWNER_UID = "gc-owner-uid";

export const FOREGROUND = "foregroundDeletion";
export const ORPHAN = "orphan";

/**
 * Kinds that own or are owned in practice. Events are left out (many, and
 * never owners); namespaces have their own controller.
 */
const KINDS: readonly (readonly [group: string, kind: string])[] = [
  ["", "Pod"],
  ["", "ReplicationController"],
  ["", "Service"],
  ["", "Endpoints"],
  ["", "ConfigMap"],
  ["", "Secret"],
  ["", "ServiceAccount"],
  ["", "PersistentVolumeClaim"],
  ["", "PersistentVolume"],
  ["", "PodTemplate"],
  ["", "Node"],
  ["apps", "Deployment"],
  ["apps", "ReplicaSet"],
  ["apps", "StatefulSet"],
  ["apps", "DaemonSet"],
  ["apps", "ControllerRevision"],
  ["batch", "Job"],
  ["batch", "CronJob"],
  ["discovery.k8s.io", "EndpointSlice"],
  ["coordination.k8s.io", "Lease"],
  ["policy", "PodDisruptionBudget"],
  ["networking.k8s.io", "Ingress"],
];

/** An object of the graph with the client for its kind. */
export interface Item {
  readonly object: KubeObject;
  readonly resource: ResourceClient;
}

/** Being deleted in the foreground: waits for its blocking dependents to go first. */
export function deletingDependents(object: KubeObject): boolean {
  return !!object.metadata.deletionTimestamp && (object.metadata.finalizers ?? []).includes(FOREGROUND);
}

/** Being deleted with propagationPolicy Orphan: its dependents are to be freed, not deleted. */
export function orphaning(object: KubeObject): boolean {
  return !!object.metadata.deletionTimestamp && (object.metadata.finalizers ?? []).includes(ORPHAN);
}

export interface GraphQueues {
  /** uids to look at: collect if ownerless, or finish a foreground deletion. */
  readonly attemptToDelete: WorkQueue;
  /** uids of owners being deleted with the orphan finalizer. */
  readonly attemptToOrphan: WorkQueue;
}

export class OwnerGraph {
  readonly #client: Client;
  readonly #kinds: { readonly informer: Informer; readonly resource: ResourceClient }[] = [];
  readonly #resources = new Map<string, ResourceClient | undefined>();
  readonly queues: GraphQueues;

  constructor(options: { client: Client; informers: InformerFactory; queues: GraphQueues; log: Logger }) {
    this.#client = options.client;
    this.queues = options.queues;
    for (const [group, kind] of KINDS) {
      const resource = this.resourceFor(group, kind);
      if (!resource) {
        options.log.debug("kind not served; not watched", { group, kind });
        continue;
      }
      const informer = options.informers.forKind(group, kind);
      informer.addIndex(BY_UID, (o) => [o.metadata.uid ?? ""]);
      informer.addIndex(BY_OWNER_UID, (o) => (o.metadata.ownerReferences ?? []).map((ref) => ref.uid));
      informer.addHandlers({
        onAdd: (o) => this.#observed(undefined, o),
        // A resync hands the same object back: nothing changed.
        onUpdate: (old, o) => {
          if (old !== o) this.#observed(old, o);
        },
        onDelete: (o) => this.#removed(o),
      });
      this.#kinds.push({ informer, resource });
    }
  }

  /** The client for a kind, or undefined if mini does not serve it. */
  resourceFor(group: string, kind: string): ResourceClient | undefined {
    const key = `${group}/${kind}`;
    if (!this.#resources.has(key)) {
      let resource: ResourceClient | undefined;
      try {
        resource = this.#client.resource(group, kind);
      } catch {
        // The client throws only for kinds that are not registered; such owners are never found.
        resource = undefined;
      }
      this.#resources.set(key, resource);
    }
    return this.#resources.get(key);
  }

  /** The client for an owner reference's kind. */
  resourceForReference(ref: OwnerReference): ResourceClient | undefined {
    const group = ref.apiVersion.includes("/") ? (ref.apiVersion.split("/")[0] ?? "") : "";
    return this.resourceFor(group, ref.kind);
  }

  /** The cached object with this uid. */
  lookup(uid: string): Item | undefined {
    for (const { informer, resource } of this.#kinds) {
      const [object] = informer.byIndex(BY_UID, uid);
      if (object) return { object, resource };
    }
    return undefined;
  }

  /** Cached objects with an ownerReference to this uid. */
  dependents(uid: string): Item[] {
    return this.#kinds.flatMap(({ informer, resource }) => informer.byIndex(BY_OWNER_UID, uid).map((object) => ({ object, resource })));
  }

  #observed(old: KubeObject | undefined, object: KubeObject): void {
    const uid = object.metadata.uid ?? "";
    const { attemptToDelete, attemptToOrphan } = this.queues;
    if (deletingDependents(object) && !(old && deletingDependents(old))) {
      for (const dependent of this.dependents(uid)) attemptToDelete.add(dependent.object.metadata.uid ?? "");
      attemptToDelete.add(uid);
    }
    if (orphaning(object) && !(old && orphaning(old))) attemptToOrphan.add(uid);
    const [oldRefs, refs] = [old?.metadata.ownerReferences ?? [], object.metadata.ownerReferences ?? []];
    // A new owner we have never seen may not exist at all; one deleting in the foreground wants this gone.
    const added = refs.filter((ref) => !oldRefs.some((r) => r.uid === ref.uid));
    if (added.some((ref) => this.#ownerGoneOrDeleting(ref))) attemptToDelete.add(uid);
    // An owner waiting for its dependents may be free once a blocking reference is dropped or unblocked.
    for (const ref of oldRefs) {
      const now = refs.find((r) => r.uid === ref.uid);
      if (now?.blockOwnerDeletion === ref.blockOwnerDeletion) continue;
      this.#nudgeWaitingOwner(ref.uid);
    }
  }

  #removed(object: KubeObject): void {
    for (const dependent of this.dependents(object.metadata.uid ?? "")) this.queues.attemptToDelete.add(dependent.object.metadata.uid ?? "");
    for (const ref of object.metadata.ownerReferences ?? []) this.#nudgeWaitingOwner(ref.uid);
  }

  #ownerGoneOrDeleting(ref: OwnerReference): boolean {
    const owner = this.lookup(ref.uid);
    return !owner || deletingDependents(owner.object);
  }

  #nudgeWaitingOwner(uid: string): void {
    const owner = this.lookup(uid);
    if (owner && deletingDependents(owner.object)) this.queues.attemptToDelete.add(uid);
  }
}

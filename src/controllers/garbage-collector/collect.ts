/**
 * The collector's two kinds of work (upstream's attemptToDeleteItem and
 * attemptToOrphan). Caches only nominate candidates; every decision to
 * delete is made on objects read fresh from the API, so a lagging cache
 * can delay a collection but never cause a wrong one.
 */
import type { KubeObject, OwnerReference } from "../../apis/types.js";
import type { ResourceClient } from "../../client/index.js";
import type { Logger } from "../../log.js";
import { updateWithRetry } from "../replicaset/index.js";
import { isApiError } from "../../machinery/status.js";
import { FOREGROUND, ORPHAN, deletingDependents, orphaning, type Item, type OwnerGraph } from "./graph.js";

type OwnerState = "solid" | "dangling" | "waiting";

export class Collector {
  readonly #graph: OwnerGraph;
  readonly #log: Logger;

  constructor(graph: OwnerGraph, log: Logger) {
    this.#graph = graph;
    this.#log = log;
  }

  /** Deletes the object if none of its owners is alive, or finishes its own foreground deletion. */
  async attemptToDelete(uid: string): Promise<void> {
    const item = this.#graph.lookup(uid);
    if (!item) return;
    if (item.object.metadata.deletionTimestamp && !deletingDependents(item.object)) return;
    const latest = await read(item.resource, item.object);
    if (!latest) return;
    if (deletingDependents(latest)) return this.#finishForeground(uid, { object: latest, resource: item.resource });
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const states = await Promise.all(refs.map((ref) => this.#ownerState(latest, ref)));
    const gone = refs.filter((_, i) => states[i] !== "solid");
    if (states.includes("solid")) {
      // A live owner keeps the object; only references to absent or foreground-deleting owners go.
      if (gone.length > 0) await removeOwnerReferences({ object: latest, resource: item.resource }, new Set(gone.map((ref) => ref.uid)));
      return;
    }
    // Owners deleting in the foreground want their dependents gone first, all the way down.
    if (states.includes("waiting") && this.#graph.dependents(uid).length > 0) return remove(latest, item.resource, "Foreground");
    const finalizers = latest.metadata.finalizers ?? [];
    const policy = finalizers.includes(ORPHAN) ? "Orphan" : finalizers.includes(FOREGROUND) ? "Foreground" : "Background";
    this.#log.debug("collecting", { kind: latest.kind, namespace: latest.metadata.namespace, name: latest.metadata.name, policy });
    await remove(latest, item.resource, policy);
  }

  /** Frees the dependents of an owner deleted with the orphan policy, then lets the owner go. */
  async attemptToOrphan(uid: string): Promise<void> {
    const owner = this.#graph.lookup(uid);
    if (!owner || !orphaning(owner.object)) return;
    for (const dependent of this.#graph.dependents(uid)) await removeOwnerReferences(dependent, new Set([uid]));
    await removeFinalizer(owner, ORPHAN);
  }

  /** Deletes the owner's blocking dependents; once none is left, removes its foregroundDeletion finalizer. */
  async #finishForeground(uid: string, owner: Item): Promise<void> {
    const blocking = this.#graph.dependents(uid).filter(({ object }) => (object.metadata.ownerReferences ?? []).some((ref) => ref.uid === uid && ref.blockOwnerDeletion));
    if (blocking.length === 0) return removeFinalizer(owner, FOREGROUND);
    // Each blocking dependent's removal brings this owner back to the queue.
    const queue = this.#graph.queues.attemptToDelete;
    for (const { object } of blocking) if (!object.metadata.deletionTimestamp) queue.add(object.metadata.uid ?? "");
  }

  async #ownerState(dependent: KubeObject, ref: OwnerReference): Promise<OwnerState> {
    const cached = this.#graph.lookup(ref.uid);
    // Cached and alive is enough to keep the dependent: a stale cache only delays collection.
    if (cached && !deletingDependents(cached.object)) return "solid";
    const resource = this.#graph.resourceForReference(ref);
    // An owner of a kind mini does not serve, or a namespaced owner of a cluster-scoped object, is never judged absent.
    if (!resource || (resource.namespaced && !dependent.metadata.namespace)) return "solid";
    let owner: KubeObject;
    try {
      owner = await resource.get(resource.namespaced ? (dependent.metadata.namespace ?? "") : "", ref.name);
    } catch (error: unknown) {
      if (isApiError(error, 404)) return "dangling";
      throw error;
    }
    if (owner.metadata.uid !== ref.uid) return "dangling";
    return deletingDependents(owner) ? "waiting" : "solid";
  }
}

async function read(resource: ResourceClient, object: KubeObject): Promise<KubeObject | undefined> {
  try {
    const latest = await resource.get(object.metadata.namespace ?? "", object.metadata.name ?? "");
    return latest.metadata.uid === object.metadata.uid ? latest : undefined;
  } catch (error: unknown) {
    if (isApiError(error, 404)) return undefined;
    throw error;
  }
}

async function remove(object: KubeObject, resource: ResourceClient, propagationPolicy: "Orphan" | "Foreground" | "Background"): Promise<void> {
  try {
    await resource.delete(object.metadata.namespace ?? "", object.metadata.name ?? "", { propagationPolicy, preconditions: { uid: object.metadata.uid ?? "" } });
  } catch (error: unknown) {
    if (!isApiError(error, 404)) throw error;
  }
}

function target({ object }: Item): { namespace: string; name: string; uid: string } {
  return { namespace: object.metadata.namespace ?? "", name: object.metadata.name ?? "", uid: object.metadata.uid ?? "" };
}

async function removeOwnerReferences(item: Item, uids: ReadonlySet<string>): Promise<void> {
  await updateWithRetry(item.resource, target(item), (fresh) => {
    const refs = fresh.metadata.ownerReferences ?? [];
    const kept = refs.filter((ref) => !uids.has(ref.uid));
    if (kept.length === refs.length) return false;
    if (kept.length > 0) fresh.metadata.ownerReferences = kept;
    else delete fresh.metadata.ownerReferences;
    return true;
  });
}

async function removeFinalizer(item: Item, finalizer: string): Promise<void> {
  await updateWithRetry(item.resource, target(item), (fresh) => {
    const finalizers = fresh.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return false;
    fresh.metadata.finalizers = finalizers.filter((f) => f !== finalizer);
    return true;
  });
}

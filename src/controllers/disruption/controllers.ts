/**
 * Which controller manages a pod, and at what scale: what a budget given as
 * a percentage (or as maxUnavailable) counts its expected pods against.
 * Upstream's finders, in its order: ReplicationController, a Deployment
 * through its ReplicaSet, a bare ReplicaSet, a StatefulSet. Everything is
 * read from informer caches.
 */
import type { KubeObject, OwnerReference } from "../../apis/types.js";
import { specOf } from "../../apis/common/object-fields.js";
import type { Informer } from "../../client/index.js";
import { controllerRefOf } from "../owner-refs.js";

/** A pod's controller: its uid (the key it is counted once by) and desired replicas. */
export interface ControllerScale {
  readonly uid: string;
  readonly scale: number;
}

/** Finds the controller a pod's controller reference names; undefined when none of the known kinds fits. */
export type ControllerFinder = (ref: OwnerReference, namespace: string) => ControllerScale | undefined;

export interface WorkloadInformers {
  readonly replicaSets: Informer;
  readonly deployments: Informer;
  readonly statefulSets: Informer;
  /** Absent while the API does not serve ReplicationControllers. */
  readonly replicationControllers?: Informer;
}

function replicasOf(object: KubeObject): number {
  return specOf<{ replicas?: number }>(object).replicas ?? 1;
}

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

function refersTo(ref: OwnerReference, kind: string, groups: readonly string[]): boolean {
  return ref.kind === kind && groups.includes(groupOf(ref.apiVersion));
}

/** The cached object the reference names, if it is still the same object (same uid). */
function resolve(informer: Informer, ref: OwnerReference, namespace: string): KubeObject | undefined {
  const object = informer.get(namespace, ref.name);
  return object?.metadata.uid === ref.uid ? object : undefined;
}

const REPLICA_SET_GROUPS = ["apps", "extensions"];

export function controllerFinder(informers: WorkloadInformers): ControllerFinder {
  const finders: ControllerFinder[] = [
    (ref, namespace) => {
      if (!informers.replicationControllers || !refersTo(ref, "ReplicationController", [""])) return undefined;
      const rc = resolve(informers.replicationControllers, ref, namespace);
      return rc ? { uid: ref.uid, scale: replicasOf(rc) } : undefined;
    },
    (ref, namespace) => {
      if (!refersTo(ref, "ReplicaSet", REPLICA_SET_GROUPS)) return undefined;
      const rs = resolve(informers.replicaSets, ref, namespace);
      const owner = rs && controllerRefOf(rs);
      if (!owner || !refersTo(owner, "Deployment", REPLICA_SET_GROUPS)) return undefined;
      const deployment = resolve(informers.deployments, owner, namespace);
      return deployment ? { uid: owner.uid, scale: replicasOf(deployment) } : undefined;
    },
    (ref, namespace) => {
      if (!refersTo(ref, "ReplicaSet", REPLICA_SET_GROUPS)) return undefined;
      const rs = resolve(informers.replicaSets, ref, namespace);
      // A ReplicaSet a Deployment controls counts at the Deployment's scale, found above.
      if (!rs || controllerRefOf(rs)?.kind === "Deployment") return undefined;
      return { uid: ref.uid, scale: replicasOf(rs) };
    },
    (ref, namespace) => {
      if (!refersTo(ref, "StatefulSet", ["apps"])) return undefined;
      const set = resolve(informers.statefulSets, ref, namespace);
      return set ? { uid: ref.uid, scale: replicasOf(set) } : undefined;
    },
  ];
  return (ref, namespace) => {
    for (const find of finders) {
      const found = find(ref, namespace);
      if (found) return found;
    }
    return undefined;
  };
}

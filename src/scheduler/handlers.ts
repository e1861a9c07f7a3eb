/**
 * Informer events into the scheduler's state. Bound pods go to the cache
 * (and their comings and goings become cluster events that retry
 * unschedulable pods); pending pods of our profiles go to the queue; nodes
 * go to the cache. Handlers only record: scheduling happens in the loop.
 */
import { isDeepStrictEqual } from "node:util";
import type { KubeObject } from "../apis/types.js";
import { objectKey, type Informer } from "../client/index.js";
import { PodInfo, podPriority, type Node, type Pod } from "./framework/index.js";
import { isTerminal, type SchedulerCache } from "./cache.js";
import type { Nominator } from "./nominator.js";
import type { SchedulingQueue } from "./queue.js";

export interface ClusterWatch {
  readonly pods: Informer;
  readonly nodes: Informer;
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly nominator: Nominator;
  /** Whether one of this scheduler's profiles schedules the pod (by spec.schedulerName). */
  readonly responsible: (pod: Pod) => boolean;
}

/** Pods the scheduler must leave alone for now: going away, or held by scheduling gates. */
export function waitsOutsideQueue(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined || (pod.spec.schedulingGates ?? []).length > 0;
}

/** What decides where a node can take pods; status heartbeats change none of it. */
function schedulingView(node: Node): unknown {
  return [node.metadata.labels, node.spec?.taints, node.spec?.unschedulable, node.status?.allocatable ?? node.status?.capacity];
}

export function watchCluster(watch: ClusterWatch): void {
  const { cache, queue, nominator } = watch;

  const onBoundPod = (pod: Pod, old: Pod | undefined): void => {
    const uid = pod.metadata.uid ?? "";
    const counted = cache.nodeOf(uid) !== undefined;
    const wasAssumed = cache.isAssumed(uid);
    queue.delete(objectKey(pod));
    nominator.delete(uid);
    cache.setPod(pod);
    const countedNow = cache.nodeOf(uid) !== undefined;
    // The informer confirming an assumed pod is the Add other pods' affinity waits for.
    if (countedNow && (!counted || wasAssumed)) queue.onEvent("AssignedPodAdd");
    else if (counted && !countedNow) queue.onEvent("AssignedPodDelete");
    else if (countedNow && old && !isDeepStrictEqual(old.metadata.labels, pod.metadata.labels)) queue.onEvent("AssignedPodUpdate");
  };

  const onPendingPod = (pod: Pod, old: Pod | undefined): void => {
    const key = objectKey(pod);
    const uid = pod.metadata.uid ?? "";
    if (!watch.responsible(pod) || isTerminal(pod)) {
      queue.delete(key);
      nominator.delete(uid);
      return;
    }
    // Its binding is in flight: the informer has not seen it yet.
    if (cache.isAssumed(uid)) return;
    const nominated = pod.status?.nominatedNodeName;
    if (nominated) nominator.set(new PodInfo(pod), nominated);
    else nominator.delete(uid);
    if (waitsOutsideQueue(pod)) {
      queue.delete(key);
      return;
    }
    // Our own status writes change neither spec nor labels and must not retry the pod.
    const changed = !old || !isDeepStrictEqual(old.spec, pod.spec) || !isDeepStrictEqual(old.metadata.labels, pod.metadata.labels);
    if (changed || !queue.has(key)) queue.add(key, podPriority(pod));
  };

  watch.pods.addHandlers({
    onAdd: (object) => {
      const pod = object as Pod;
      if (pod.spec.nodeName) onBoundPod(pod, undefined);
      else onPendingPod(pod, undefined);
    },
    onUpdate: (oldObject, object) => {
      if (oldObject.metadata.resourceVersion === object.metadata.resourceVersion) return;
      const pod = object as Pod;
      if (pod.spec.nodeName) onBoundPod(pod, oldObject as Pod);
      else onPendingPod(pod, oldObject as Pod);
    },
    onDelete: (object: KubeObject) => {
      const uid = object.metadata.uid ?? "";
      const counted = cache.nodeOf(uid) !== undefined;
      cache.removePod(uid);
      queue.delete(objectKey(object));
      nominator.delete(uid);
      if (counted) queue.onEvent("AssignedPodDelete");
    },
  });

  watch.nodes.addHandlers({
    onAdd: (node) => {
      cache.setNode(node as Node);
      queue.onEvent("NodeAdd");
    },
    onUpdate: (old, node) => {
      if (old.metadata.resourceVersion === node.metadata.resourceVersion) return;
      cache.setNode(node as Node);
      if (!isDeepStrictEqual(schedulingView(old as Node), schedulingView(node as Node))) queue.onEvent("NodeUpdate");
    },
    onDelete: (node) => cache.removeNode(node.metadata.name ?? ""),
  });
}

/** Claims, volumes and classes appearing or changing can make a pod that waits on its volumes fit. */
export function watchVolumeEvents(informers: { claims: Informer; volumes: Informer; storageClasses: Informer }, queue: SchedulingQueue): void {
  const changed = (old: KubeObject, now: KubeObject) => old.metadata.resourceVersion !== now.metadata.resourceVersion;
  informers.claims.addHandlers({
    onAdd: () => queue.onEvent("PersistentVolumeClaimAdd"),
    onUpdate: (old, now) => changed(old, now) && queue.onEvent("PersistentVolumeClaimUpdate"),
  });
  informers.volumes.addHandlers({
    onAdd: () => queue.onEvent("PersistentVolumeAdd"),
    onUpdate: (old, now) => changed(old, now) && queue.onEvent("PersistentVolumeUpdate"),
  });
  informers.storageClasses.addHandlers({ onAdd: () => queue.onEvent("StorageClassAdd") });
}

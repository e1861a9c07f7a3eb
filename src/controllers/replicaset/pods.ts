/**
 * What workload controllers ask of a pod: is it active (counts toward
 * replicas), ready, available (ready for minReadySeconds); and how a pod
 * is made from a template for an owner. Upstream's podutil and
 * controller.GetPodFromTemplate.
 */
import type { PodTemplateSpec } from "../../apis/common/pod-types.js";
import type { KubeObject, ObjectMeta } from "../../apis/types.js";
import { newControllerRef } from "./controller-ref.js";
import type { PodCondition, PodStatus } from "../../apis/common/pod-types.js";

export function podStatusOf(pod: KubeObject): PodStatus {
  return (pod.status ?? {}) as PodStatus;
}

/** Not finished and not being deleted: a pod that still fills a replica slot. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podStatusOf(pod).phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

export function podReadyCondition(pod: KubeObject): PodCondition | undefined {
  return podStatusOf(pod).conditions?.find((c) => c.type === "Ready");
}

export function isPodReady(pod: KubeObject): boolean {
  return podReadyCondition(pod)?.status === "True";
}

/** Ready, and ready for longer than minReadySeconds (strictly, as upstream's Before). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = Date.parse(podReadyCondition(pod)?.lastTransitionTime ?? "");
  return Number.isFinite(since) && since + minReadySeconds * 1000 < nowMs;
}

/** A pod for `owner` from its template: labels, annotations and finalizers copied, named `<owner>-<random>`. */
export function podFromTemplate(template: PodTemplateSpec | undefined, owner: KubeObject): KubeObject {
  const source = template?.metadata ?? {};
  const metadata: ObjectMeta = { generateName: `${owner.metadata.name ?? ""}-`, ownerReferences: [newControllerRef(owner)] };
  if (source.labels) metadata.labels = { ...source.labels };
  if (source.annotations) metadata.annotations = { ...source.annotations };
  if (source.finalizers) metadata.finalizers = [...source.finalizers];
  return { apiVersion: "v1", kind: "Pod", metadata, spec: structuredClone(template?.spec ?? {}) };
}

/** RFC 3339 with second precision, the form metav1.Time takes on the wire. */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * How a pod is made from a template for an owner (upstream's
 * controller.GetPodFromTemplate).
 */
import type { PodTemplateSpec } from "../../apis/common/pod-types.js";
import type { KubeObject, ObjectMeta } from "../../apis/types.js";
import { newControllerRef } from "./controller-ref.js";
import { cloneJson } from "../../machinery/clone.js";

/** A pod for `owner` from its template: labels, annotations and finalizers copied, named `<owner>-<random>`. */
export function podFromTemplate(template: PodTemplateSpec | undefined, owner: KubeObject): KubeObject {
  const source = template?.metadata ?? {};
  const metadata: ObjectMeta = { generateName: `${owner.metadata.name ?? ""}-`, ownerReferences: [newControllerRef(owner)] };
  if (source.labels) metadata.labels = { ...source.labels };
  if (source.annotations) metadata.annotations = { ...source.annotations };
  if (source.finalizers) metadata.finalizers = [...source.finalizers];
  return { apiVersion: "v1", kind: "Pod", metadata, spec: cloneJson(template?.spec ?? {}) };
}


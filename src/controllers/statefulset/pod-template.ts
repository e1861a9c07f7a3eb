/**
 * A new pod from a workload's pod template (upstream's GetPodFromTemplate):
 * the template's labels, annotations, finalizers and spec, owned by the
 * workload through a controller reference.
 */
import type { KubeObject } from "../../apis/types.js";
import type { PodTemplateSpec } from "../../apis/common/pod-types.js";
import { newControllerRef } from "./controller-ref.js";
import { cloneJson } from "../../machinery/clone.js";

export function podFromTemplate(template: PodTemplateSpec | undefined, owner: KubeObject): KubeObject {
  const meta = template?.metadata ?? {};
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      labels: { ...meta.labels },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers?.length ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [newControllerRef(owner)],
    },
    spec: cloneJson(template?.spec ?? {}),
  };
}

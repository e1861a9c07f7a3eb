/**
 * The labels the kubelet puts on CRI sandboxes and containers (upstream's
 * names), so that after a restart it can tell which pod and container each
 * one belongs to and adopt it instead of starting a duplicate.
 */
import type { KubeObject } from "../apis/types.js";

export const POD_NAME_LABEL = "io.kubernetes.pod.name";
export const POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
export const POD_UID_LABEL = "io.kubernetes.pod.uid";
export const CONTAINER_NAME_LABEL = "io.kubernetes.container.name";
/** Marks what this kubelet made, so another CRI user's containers are never touched. */
export const MANAGED_LABEL = "io.kubernetes.managed-by";
export const MANAGED_VALUE = "mini";
/** Annotations carrying what the status needs after a restart (upstream keeps these too). */
export const RESTART_COUNT_ANNOTATION = "io.kubernetes.container.restartCount";
export const INIT_ANNOTATION = "mini.dev/init-container";
export const TERMINATION_GRACE_ANNOTATION = "io.kubernetes.pod.terminationGracePeriod";

export function podLabels(pod: KubeObject): Record<string, string> {
  return {
    [POD_NAME_LABEL]: pod.metadata.name ?? "",
    [POD_NAMESPACE_LABEL]: pod.metadata.namespace ?? "",
    [POD_UID_LABEL]: pod.metadata.uid ?? "",
    [MANAGED_LABEL]: MANAGED_VALUE,
  };
}

export function containerLabels(pod: KubeObject, containerName: string): Record<string, string> {
  return { ...podLabels(pod), [CONTAINER_NAME_LABEL]: containerName };
}

/** `name_namespace(uid)`: how the kubelet names a pod in its messages. */
export function podDescription(pod: KubeObject): string {
  return `${pod.metadata.name ?? ""}_${pod.metadata.namespace ?? ""}(${pod.metadata.uid ?? ""})`;
}

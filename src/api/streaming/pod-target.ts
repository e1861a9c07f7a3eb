/**
 * Which container a log, exec or attach request means, and which runtime
 * container holds it, with the API server's and the kubelet's wording for
 * every way that can fail (all 400 Bad Request).
 */
import type { KubeObject } from "../../apis/types.js";
import { badRequest } from "../../machinery/status.js";

interface NamedContainer {
  readonly name?: string;
}

interface StatusOfContainer {
  readonly name?: string;
  readonly containerID?: string;
  readonly state?: { readonly waiting?: { readonly reason?: string }; readonly running?: object; readonly terminated?: { readonly containerID?: string } };
  readonly lastState?: { readonly terminated?: { readonly containerID?: string } };
}

interface PodShape {
  readonly spec?: {
    readonly nodeName?: string;
    readonly containers?: readonly NamedContainer[];
    readonly initContainers?: readonly NamedContainer[];
    readonly ephemeralContainers?: readonly NamedContainer[];
  };
  readonly status?: {
    readonly containerStatuses?: readonly StatusOfContainer[];
    readonly initContainerStatuses?: readonly StatusOfContainer[];
    readonly ephemeralContainerStatuses?: readonly StatusOfContainer[];
  };
}

function shape(pod: KubeObject): PodShape {
  return pod as unknown as PodShape;
}

export function podNodeName(pod: KubeObject): string {
  return shape(pod).spec?.nodeName ?? "";
}

/** The requested container, or the pod's only one when none is named. */
export function chooseContainer(pod: KubeObject, requested: string): string {
  const spec = shape(pod).spec ?? {};
  const podName = pod.metadata.name ?? "";
  const regular = spec.containers ?? [];
  // Init containers come first, then the regular ones, then ephemeral ones, as upstream visits them.
  const all = [...(spec.initContainers ?? []), ...regular, ...(spec.ephemeralContainers ?? [])].map((c) => c.name ?? "");
  if (requested === "") {
    const only = regular.length === 1 ? regular[0]?.name : undefined;
    if (only !== undefined) return only;
    if (regular.length === 0) throw badRequest(`a container name must be specified for pod ${podName}`);
    throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${all.join(" ")}]`);
  }
  if (!all.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  return requested;
}

function statusOf(pod: KubeObject, container: string): StatusOfContainer | undefined {
  const status = shape(pod).status ?? {};
  const all = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? []), ...(status.ephemeralContainerStatuses ?? [])];
  return all.find((s) => s.name === container);
}

/** The kubelet's choice of the container whose log to read (`containerd://…`). */
export function logContainerId(pod: KubeObject, container: string, previous: boolean): string {
  const podName = pod.metadata.name ?? "";
  const status = statusOf(pod, container);
  if (!status) throw badRequest(`container "${container}" in pod "${podName}" is not available`);
  const lastTerminated = status.lastState?.terminated;
  const { waiting, running, terminated } = status.state ?? {};
  if (previous) {
    if (!lastTerminated?.containerID) throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    return lastTerminated.containerID;
  }
  if (running && status.containerID) return status.containerID;
  if (terminated) {
    // The next instance may not have started yet: then the last one's log is the one to show.
    const id = terminated.containerID || lastTerminated?.containerID;
    if (!id) throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
    return id;
  }
  if (lastTerminated) {
    if (!lastTerminated.containerID) throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
    return lastTerminated.containerID;
  }
  if (waiting) {
    const reason = waiting.reason ?? "";
    if (reason === "ErrImagePull") throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
    if (reason === "ImagePullBackOff") throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
    throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
  }
  throw badRequest(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

/** The running container an exec or attach goes to (`containerd://…`). */
export function runningContainerId(pod: KubeObject, container: string): string {
  const status = statusOf(pod, container);
  if (!status?.state?.running || !status.containerID) throw badRequest(`container not found ("${container}")`);
  return status.containerID;
}

/** Whether the pod runs on a simulated node (its containers have `fake://` ids): no runtime stands behind it. */
export function isSimulated(pod: KubeObject): boolean {
  const status = shape(pod).status ?? {};
  return [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])].some((s) => s.containerID?.startsWith("fake://") ?? false);
}

const CONTAINERD_PREFIX = "containerd://";

/**
 * The CRI id inside a `containerd://` container id, or undefined for a
 * container on a simulated node (`fake://…`), which has no runtime behind it.
 */
export function criContainerId(containerID: string): string | undefined {
  return containerID.startsWith(CONTAINERD_PREFIX) ? containerID.slice(CONTAINERD_PREFIX.length) : undefined;
}

/**
 * The downward API's values: a pod's own fields and its containers'
 * resources, as env vars (`valueFrom`) and downwardAPI volume files read
 * them. Limits a container does not set fall back to the node's
 * allocatable, as upstream does.
 */
import type { KubeObject } from "../apis/types.js";
import { parseQuantity } from "../apis/common/quantity.js";
import type { Container, PodSpec, ResourceFieldSelector } from "../apis/common/pod-types.js";

export interface NodeAllocatable {
  readonly cpu: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
}

/** `metadata.labels['app']` → ["labels", "app"]. */
function subscripted(path: string): [string, string] | undefined {
  const match = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  return match ? [match[1] ?? "", match[2] ?? ""] : undefined;
}

function formatMap(map: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(map ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join("\n");
}

/** The value of a fieldRef path, or an error message for a path the API does not support. */
export function fieldPathValue(pod: KubeObject, path: string): { ok: true; value: string } | { ok: false; message: string } {
  const spec = (pod.spec ?? {}) as PodSpec;
  const status = (pod.status ?? {}) as { hostIP?: string; hostIPs?: { ip?: string }[]; podIP?: string; podIPs?: { ip?: string }[] };
  const sub = subscripted(path);
  if (sub) {
    const map = sub[0] === "labels" ? pod.metadata.labels : pod.metadata.annotations;
    return { ok: true, value: map?.[sub[1]] ?? "" };
  }
  switch (path) {
    case "metadata.name":
      return { ok: true, value: pod.metadata.name ?? "" };
    case "metadata.namespace":
      return { ok: true, value: pod.metadata.namespace ?? "" };
    case "metadata.uid":
      return { ok: true, value: pod.metadata.uid ?? "" };
    case "metadata.labels":
      return { ok: true, value: formatMap(pod.metadata.labels) };
    case "metadata.annotations":
      return { ok: true, value: formatMap(pod.metadata.annotations) };
    case "spec.nodeName":
      return { ok: true, value: spec.nodeName ?? "" };
    case "spec.serviceAccountName":
      return { ok: true, value: spec.serviceAccountName ?? "" };
    case "status.hostIP":
      return { ok: true, value: status.hostIP ?? "" };
    case "status.hostIPs":
      return { ok: true, value: (status.hostIPs ?? []).map((i) => i.ip ?? "").join(",") };
    case "status.podIP":
      return { ok: true, value: status.podIP ?? "" };
    case "status.podIPs":
      return { ok: true, value: (status.podIPs ?? []).map((i) => i.ip ?? "").join(",") };
    default:
      return { ok: false, message: `unsupported fieldPath: ${path}` };
  }
}

function findContainer(spec: PodSpec, name: string): Container | undefined {
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find((c) => c.name === name);
}

/**
 * The value of a resourceFieldRef, divided by its divisor and rounded up
 * (so a 250m CPU limit reads as "1" by default and "250" with divisor 1m).
 */
export function resourceFieldValue(
  pod: KubeObject,
  selector: ResourceFieldSelector,
  options: { containerName: string; allocatable: NodeAllocatable },
): { ok: true; value: string } | { ok: false; message: string } {
  const spec = (pod.spec ?? {}) as PodSpec;
  const containerName = selector.containerName || options.containerName;
  const container = findContainer(spec, containerName);
  if (!container) return { ok: false, message: `container ${JSON.stringify(containerName)} not found in the pod` };
  const resource = selector.resource ?? "";
  const [kind, name = ""] = resource.split(".", 2) as [string, string?];
  if ((kind !== "limits" && kind !== "requests") || !["cpu", "memory", "ephemeral-storage"].includes(name)) {
    return { ok: false, message: `unsupported container resource: ${resource}` };
  }
  const set = parseQuantity(container.resources?.[kind]?.[name] ?? "");
  const fallback = name === "cpu" ? options.allocatable.cpu : name === "memory" ? options.allocatable.memory : options.allocatable.ephemeralStorage;
  const amount = set ?? (kind === "limits" ? fallback : 0);
  const divisor = parseQuantity(selector.divisor ?? "1") || 1;
  return { ok: true, value: String(Math.ceil(amount / divisor - 1e-9)) };
}

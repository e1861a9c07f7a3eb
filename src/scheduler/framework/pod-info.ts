/**
 * A pod with what the scheduler derives from it computed once: requests
 * (exact and with scoring's non-zero defaults), host ports, priority and
 * parsed affinity terms. The cache keeps one per pod on a node, and each
 * cycle builds one for the pod being scheduled.
 */
import type { Container, PodAffinityTerm } from "../../apis/common/pod-types.js";
import { parseAffinityTerm, type AffinityTerm, type WeightedAffinityTerm } from "./affinity-term.js";
import { podRequests, type Resources } from "./resources.js";
import type { Pod } from "./types.js";

export interface HostPort {
  /** "0.0.0.0" when the port binds every address. */
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

export class PodInfo {
  readonly pod: Pod;
  readonly uid: string;
  /** namespace/name */
  readonly key: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly priority: number;
  /** The uid of the owner with `controller: true` (the pod's ReplicaSet, Job…). */
  readonly controllerUid: string | undefined;
  readonly requests: Resources;
  /** Requests with 100m CPU and 200Mi memory assumed for containers that state none. */
  readonly nonZeroRequests: Resources;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];

  constructor(pod: Pod) {
    this.pod = pod;
    this.namespace = pod.metadata.namespace ?? "";
    this.key = `${this.namespace}/${pod.metadata.name ?? ""}`;
    this.uid = pod.metadata.uid ?? this.key;
    this.labels = pod.metadata.labels ?? {};
    this.priority = podPriority(pod);
    this.controllerUid = pod.metadata.ownerReferences?.find((ref) => ref.controller)?.uid;
    this.requests = podRequests(pod.spec);
    this.nonZeroRequests = podRequests(pod.spec, { nonZero: true });
    this.hostPorts = hostPorts(pod);
    const affinity = pod.spec.affinity;
    const parse = (terms: readonly PodAffinityTerm[] | undefined): AffinityTerm[] =>
      (terms ?? []).map((t) => parseAffinityTerm(t, this.namespace));
    const weighted = (terms: readonly { weight?: number; podAffinityTerm?: PodAffinityTerm }[] | undefined): WeightedAffinityTerm[] =>
      (terms ?? []).map((t) => ({ ...parseAffinityTerm(t.podAffinityTerm ?? {}, this.namespace), weight: t.weight ?? 0 }));
    this.requiredAffinity = parse(affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.requiredAntiAffinity = parse(affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.preferredAffinity = weighted(affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.preferredAntiAffinity = weighted(affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  }

  get hasAffinity(): boolean {
    return this.requiredAffinity.length + this.requiredAntiAffinity.length + this.preferredAffinity.length + this.preferredAntiAffinity.length > 0;
  }

  get terminating(): boolean {
    return this.pod.metadata.deletionTimestamp !== undefined;
  }
}

/** spec.priority as admission resolved it; pods without one count as 0. */
export function podPriority(pod: Pod): number {
  return typeof pod.spec.priority === "number" ? pod.spec.priority : 0;
}

/** Host ports of app containers and sidecars (init containers that keep running). */
function hostPorts(pod: Pod): HostPort[] {
  const containers: Container[] = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always")];
  const result: HostPort[] = [];
  for (const container of containers) {
    for (const port of container.ports ?? []) {
      if (!port.hostPort || port.hostPort <= 0) continue;
      result.push({ ip: port.hostIP || "0.0.0.0", protocol: port.protocol || "TCP", port: port.hostPort });
    }
  }
  return result;
}

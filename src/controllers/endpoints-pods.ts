/**
 * What the Endpoints and EndpointSlice controllers both read from a Service
 * and its pods (upstream's endpointslice util): which services select a
 * pod, whether a pod belongs in the endpoints, its address for the
 * service's IP family, its port for a service port, and its hostname.
 */
import type { KubeObject } from "../apis/types.js";
import type { PodSpec } from "../apis/common/pod-types.js";
import type { Service, ServicePort } from "../apis/common/service-model.js";
import { matchesLabels, selectorFromSet } from "../machinery/labels.js";
import { isPodTerminal, podStatus } from "../apis/common/pod-state.js";

export type IPFamily = "IPv4" | "IPv6";

/** A service the controllers fill: it has a non-empty selector and is not an ExternalName alias. */
export function selectsPods(service: Service): boolean {
  return service.spec?.type !== "ExternalName" && Object.keys(service.spec?.selector ?? {}).length > 0;
}

export function selects(service: Service, pod: KubeObject): boolean {
  return (
    selectsPods(service) &&
    service.metadata.namespace === pod.metadata.namespace &&
    matchesLabels(selectorFromSet(service.spec?.selector), pod.metadata.labels)
  );
}

/** `publishNotReadyAddresses`: every address counts as ready, e.g. for peer discovery before readiness. */
export function publishesNotReady(service: Service): boolean {
  return (service.spec as { publishNotReadyAddresses?: boolean } | undefined)?.publishNotReadyAddresses === true;
}

export function isHeadless(service: Service): boolean {
  return service.spec?.clusterIP === "None";
}

/** Pods with an IP that are not finished; terminating ones only if asked for. */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  const status = podStatus(pod);
  if (!status.podIP && !status.podIPs?.length) return false;
  return includeTerminating || pod.metadata.deletionTimestamp === undefined;
}

/** A pod's hostname is published when it names the service as its subdomain. */
export function hostnameFor(pod: KubeObject, service: Service): string | undefined {
  const spec = (pod.spec ?? {}) as PodSpec;
  const matches = spec.hostname && spec.subdomain === service.metadata.name && pod.metadata.namespace === service.metadata.namespace;
  return matches ? spec.hostname : undefined;
}

export function isIPv6(ip: string): boolean {
  return ip.includes(":");
}

/** The pod's IPs, podIPs first, falling back to podIP for pods written by older clients. */
function podIPs(pod: KubeObject): string[] {
  const status = podStatus(pod);
  const ips = (status.podIPs ?? []).map((p) => p.ip ?? "").filter((ip) => ip !== "");
  return ips.length || !status.podIP ? ips : [status.podIP];
}

export function podIPForFamily(pod: KubeObject, family: IPFamily): string | undefined {
  return podIPs(pod).find((ip) => isIPv6(ip) === (family === "IPv6"));
}

/** The service's IP families; without any, the family of its cluster IP, or of the pod's IP for headless ones. */
export function serviceFamilies(service: Service, pod?: KubeObject): IPFamily[] {
  const declared = (service.spec?.ipFamilies ?? []).filter((f): f is IPFamily => f === "IPv4" || f === "IPv6");
  if (declared.length) return declared;
  const clusterIP = service.spec?.clusterIP;
  const probe = clusterIP && clusterIP !== "None" ? clusterIP : pod ? (podIPs(pod)[0] ?? "") : "";
  return [isIPv6(probe) ? "IPv6" : "IPv4"];
}

/**
 * The container port a service port reaches on this pod (upstream's
 * FindPort): a named targetPort is looked up among the pod's container
 * ports of the same protocol; a number is used as it is.
 */
export function findPort(pod: KubeObject, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === "number") return target;
  if (target === undefined) return undefined;
  const protocol = servicePort.protocol ?? "TCP";
  const spec = (pod.spec ?? {}) as PodSpec;
  for (const container of spec.containers ?? []) {
    const port = container.ports?.find((p) => p.name === target && (p.protocol ?? "TCP") === protocol);
    if (port?.containerPort !== undefined) return port.containerPort;
  }
  return undefined;
}

/** Keys of the services whose endpoints a pod change can affect: those selecting it before or after. */
export function servicesForPod(services: readonly KubeObject[], pods: readonly (KubeObject | undefined)[]): Set<string> {
  const keys = new Set<string>();
  for (const pod of pods) {
    if (!pod) continue;
    for (const service of services) {
      if (selects(service as Service, pod)) keys.add(`${service.metadata.namespace ?? ""}/${service.metadata.name ?? ""}`);
    }
  }
  return keys;
}

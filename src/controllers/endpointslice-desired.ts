/**
 * The endpoints a Service should have, as EndpointSlices hold them: one
 * endpoint per selected pod with an address of the slice's type, its
 * conditions (ready, serving, terminating), hostname, node and zone, grouped
 * by address type and by the ports the pod resolves the service's ports to.
 */
import type { KubeObject } from "../apis/types.js";
import type { Service } from "../apis/common/service-model.js";
import {
  findPort,
  hostnameFor,
  isHeadless,
  isIPv6,
  podIPForFamily,
  publishesNotReady,
  shouldPodBeInEndpoints,
  type IPFamily,
} from "./endpoints-pods.js";
import { isPodReady, isPodTerminating } from "../apis/common/pod-state.js";
import { canonicalJson } from "../machinery/canonical-json.js";

export const ZONE_LABEL = "topology.kubernetes.io/zone";

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef: { kind: "Pod"; namespace: string; name: string; uid: string };
}

export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** Endpoints that share an address type and a port list: they may share slices. */
export interface EndpointGroup {
  readonly key: string;
  readonly addressType: IPFamily;
  readonly ports: SlicePort[];
  readonly endpoints: SliceEndpoint[];
}

export function groupKey(addressType: string, ports: readonly SlicePort[]): string {
  return `${addressType}/${canonicalJson(ports)}`;
}

/**
 * The address types the service's slices use: its IP families, else its
 * cluster IP's family, else (headless, unset families) the families its
 * pods have, IPv4 when they have none. Upstream takes both families in the
 * last case; its API server always sets ipFamilies, so this rarely differs.
 */
export function addressTypes(service: Service, pods: readonly KubeObject[]): IPFamily[] {
  const declared = (service.spec?.ipFamilies ?? []).filter((f): f is IPFamily => f === "IPv4" || f === "IPv6");
  if (declared.length) return declared;
  const clusterIP = service.spec?.clusterIP;
  if (clusterIP && !isHeadless(service)) return [isIPv6(clusterIP) ? "IPv6" : "IPv4"];
  const families = new Set<IPFamily>();
  for (const pod of pods) {
    for (const family of ["IPv4", "IPv6"] as const) if (podIPForFamily(pod, family)) families.add(family);
  }
  return families.size ? [...families].sort() : ["IPv4"];
}

function slicePorts(service: Service, pod: KubeObject): SlicePort[] {
  const ports: SlicePort[] = [];
  for (const servicePort of service.spec?.ports ?? []) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue;
    ports.push({
      name: servicePort.name ?? "",
      port,
      protocol: servicePort.protocol ?? "TCP",
      ...(servicePort.appProtocol ? { appProtocol: servicePort.appProtocol } : {}),
    });
  }
  return ports;
}

/** Looks a node up by name (for its zone). */
export type NodeLookup = (name: string) => KubeObject | undefined;

function endpointFor(service: Service, { pod, address, nodes }: { pod: KubeObject; address: string; nodes: NodeLookup }): SliceEndpoint {
  const publishNotReady = publishesNotReady(service);
  const terminating = isPodTerminating(pod);
  const serving = publishNotReady || isPodReady(pod);
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  const zone = nodeName ? nodes(nodeName)?.metadata.labels?.[ZONE_LABEL] : undefined;
  const hostname = hostnameFor(pod, service);
  return {
    addresses: [address],
    // A terminating endpoint is never ready, unless the service publishes everything.
    conditions: { ready: serving && (publishNotReady || !terminating), serving, terminating },
    ...(hostname ? { hostname } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(zone ? { zone } : {}),
    targetRef: { kind: "Pod", namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? "", uid: pod.metadata.uid ?? "" },
  };
}

/** The service's desired endpoints from the pods it selects, grouped. */
export function desiredGroups(service: Service, { pods, nodes }: { pods: readonly KubeObject[]; nodes: NodeLookup }): Map<string, EndpointGroup> {
  const groups = new Map<string, EndpointGroup>();
  // Slices keep terminating endpoints (marked so); Endpoints objects drop them.
  const included = pods.filter((pod) => shouldPodBeInEndpoints(pod, true));
  for (const addressType of addressTypes(service, included)) {
    for (const pod of included) {
      const address = podIPForFamily(pod, addressType);
      if (!address) continue;
      const ports = slicePorts(service, pod);
      const key = groupKey(addressType, ports);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { key, addressType, ports, endpoints: [] }));
      group.endpoints.push(endpointFor(service, { pod, address, nodes }));
    }
  }
  for (const group of groups.values()) group.endpoints.sort((a, b) => (a.addresses[0] ?? "").localeCompare(b.addresses[0] ?? ""));
  return groups;
}

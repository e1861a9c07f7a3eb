/**
 * The Service shape the service strategy reads, and upstream's predicates
 * over it: which types need a cluster IP, node ports or a health check port.
 */
import type { KubeObject } from "../types.js";

export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceSpec {
  type?: string;
  ports?: ServicePort[];
  selector?: Record<string, string>;
  clusterIP?: string;
  clusterIPs?: string[];
  externalIPs?: string[];
  externalName?: string;
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  allocateLoadBalancerNodePorts?: boolean;
  loadBalancerClass?: string;
  loadBalancerSourceRanges?: string[];
  trafficDistribution?: string;
}

interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  ipMode?: string;
}

export interface Service extends KubeObject {
  spec?: ServiceSpec;
  status?: { loadBalancer?: { ingress?: LoadBalancerIngress[] }; conditions?: unknown[] };
}

export const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"] as const;
export const SESSION_AFFINITIES = ["ClientIP", "None"] as const;
export const TRAFFIC_POLICIES = ["Cluster", "Local"] as const;
export const IP_FAMILIES = ["IPv4", "IPv6"] as const;
export const IP_FAMILY_POLICIES = ["PreferDualStack", "RequireDualStack", "SingleStack"] as const;
export const LOAD_BALANCER_IP_MODES = ["Proxy", "VIP"] as const;

/** Upstream's default and ceiling for ClientIP session affinity: 3 hours and 1 day. */
export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;
export const MAX_AFFINITY_TIMEOUT_SECONDS = 86400;

/** Every type but ExternalName gets a cluster IP (or "None", for headless services). */
export function needsClusterIP(spec: ServiceSpec): boolean {
  return spec.type !== "ExternalName";
}

export function needsNodePort(spec: ServiceSpec): boolean {
  return spec.type === "NodePort" || spec.type === "LoadBalancer";
}

/** Load balancers that keep traffic on the receiving node need a health check port. */
export function needsHealthCheck(spec: ServiceSpec): boolean {
  return spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local";
}

/** Reachable from outside the cluster: through node ports, a load balancer, or external IPs. */
export function externallyAccessible(spec: ServiceSpec): boolean {
  return needsNodePort(spec) || (spec.type === "ClusterIP" && (spec.externalIPs?.length ?? 0) > 0);
}

export function isHeadless(spec: ServiceSpec): boolean {
  return spec.clusterIPs?.length === 1 && spec.clusterIPs[0] === "None";
}

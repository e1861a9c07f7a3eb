/**
 * What upstream's service registry does to a Service before validating it:
 * keep clusterIP and clusterIPs in step, keep allocated values a client
 * left out of a full update (so `kubectl replace` and `apply` work), wipe
 * fields the new type no longer uses, and infer the IP family policy.
 * Allocating cluster IPs and node ports is the service controller's job.
 */
import { isDeepStrictEqual } from "node:util";
import { externallyAccessible, needsClusterIP, needsHealthCheck, needsNodePort, type Service, type ServiceSpec } from "./service-model.js";

const sameClusterIPs = (a: ServiceSpec, b: ServiceSpec) => isDeepStrictEqual(a.clusterIPs ?? [], b.clusterIPs ?? []);

/** Without a policy, two IPs or families mean the client requires dual-stack. */
function defaultIPFamilyPolicy(spec: ServiceSpec): void {
  if (!needsClusterIP(spec) || spec.ipFamilyPolicy !== undefined) return;
  const dualStack = (spec.clusterIPs?.length ?? 0) > 1 || (spec.ipFamilies?.length ?? 0) > 1;
  spec.ipFamilyPolicy = dualStack ? "RequireDualStack" : "SingleStack";
}

/** Old clients send only clusterIP; newer ones send both, and validation checks they agree. */
function normalizeClusterIPs(spec: ServiceSpec, old: ServiceSpec | undefined): void {
  if (!old) {
    if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  // An old client patching something else drops clusterIPs but keeps clusterIP.
  if (old.clusterIPs?.length && !spec.clusterIPs?.length && (old.clusterIP ?? "") === (spec.clusterIP ?? "")) {
    spec.clusterIPs = [...old.clusterIPs];
  }
  if ((old.clusterIP ?? "") === (spec.clusterIP ?? "")) return;
  if (old.clusterIP && !spec.clusterIP) {
    // Clearing clusterIP clears clusterIPs too, unless the client changed those itself.
    if (sameClusterIPs(spec, old)) delete spec.clusterIPs;
  } else if (sameClusterIPs(spec, old)) {
    spec.clusterIPs = [spec.clusterIP ?? ""];
  }
}

/** Fills in allocated values the client left out, when the new type still uses them. */
function patchAllocatedValues(spec: ServiceSpec, old: ServiceSpec): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if (!spec.clusterIPs?.length && old.clusterIPs?.length) spec.clusterIPs = [...old.clusterIPs];
    if (spec.ipFamilyPolicy === undefined && old.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = old.ipFamilyPolicy;
    if (!spec.ipFamilies?.length && old.ipFamilies?.length && sameClusterIPs(spec, old)) spec.ipFamilies = [...old.ipFamilies];
  }
  if (needsNodePort(old) && needsNodePort(spec)) {
    const nodePorts = (ports: ServiceSpec["ports"]) => new Set((ports ?? []).map((p) => p.nodePort ?? 0).filter(Boolean));
    const newPorts = nodePorts(spec.ports);
    // A node port another port of the new spec already claims cannot be patched in twice.
    const taken = new Set([...nodePorts(old.ports)].filter((p) => newPorts.has(p)));
    const byName = new Map((old.ports ?? []).map((p) => [p.name ?? "", p.nodePort ?? 0]));
    for (const port of spec.ports ?? []) {
      const previous = byName.get(port.name ?? "") ?? 0;
      if (!port.nodePort && previous && !taken.has(previous)) port.nodePort = previous;
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(spec) && !spec.healthCheckNodePort && old.healthCheckNodePort) {
    spec.healthCheckNodePort = old.healthCheckNodePort;
  }
}

/**
 * Wipes fields the new type does not use, but only where the client left
 * the old value: a value the client changed stays, so validation reports it.
 */
function dropTypeDependentFields(service: Service, spec: ServiceSpec, old: ServiceSpec): void {
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (sameClusterIPs(spec, old)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (isDeepStrictEqual(spec.ipFamilies ?? [], old.ipFamilies ?? [])) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === old.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(spec)) {
    const allocated = new Set((old.ports ?? []).map((p) => p.nodePort));
    for (const port of spec.ports ?? []) if (port.nodePort && allocated.has(port.nodePort)) delete port.nodePort;
  }
  if (needsHealthCheck(old) && !needsHealthCheck(spec) && spec.healthCheckNodePort === old.healthCheckNodePort) {
    delete spec.healthCheckNodePort;
  }
  if (old.type === "LoadBalancer" && spec.type !== "LoadBalancer") {
    if (spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if (spec.loadBalancerClass === old.loadBalancerClass) delete spec.loadBalancerClass;
    // The load balancer no longer applies; its cleanup is the controller's business.
    service.status = { ...service.status, loadBalancer: {} };
  }
  if (externallyAccessible(old) && !externallyAccessible(spec) && spec.externalTrafficPolicy === old.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
}

/** On create: status starts empty, clusterIPs follows clusterIP, and the IP family policy is set. */
export function prepareServiceCreate(service: Service): void {
  service.status = { loadBalancer: {} };
  const spec = (service.spec ??= {});
  normalizeClusterIPs(spec, undefined);
  defaultIPFamilyPolicy(spec);
}

export function prepareServiceUpdate(service: Service, old: Service): void {
  const spec = (service.spec ??= {});
  const oldSpec = old.spec ?? {};
  patchAllocatedValues(spec, oldSpec);
  normalizeClusterIPs(spec, oldSpec);
  dropTypeDependentFields(service, spec, oldSpec);
  defaultIPFamilyPolicy(spec);
}

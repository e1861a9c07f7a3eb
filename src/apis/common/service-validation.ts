/**
 * Service validation with upstream's rules and wording (ValidateService and
 * ValidateLoadBalancerStatus; updates are in service-update-validation.ts).
 * One difference: upstream allocates cluster IPs and node ports before
 * validating, while mini's service controller allocates them after create,
 * so an unallocated healthCheckNodePort (0) is accepted.
 */
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.js";
import { dns1035LabelProblems, dns1123LabelProblems, dns1123SubdomainProblems, validateLabels } from "../../machinery/validation.js";
import {
  isIPv6,
  isOneOf,
  isValidIP,
  validateCIDR,
  validateIP,
  validateNonSpecialIP,
  validateOneOf,
  validateProtocol,
} from "./core-validation.js";
import {
  each,
  portNumberProblems,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validatePortNumOrName,
  validateQualifiedName,
} from "./validation-helpers.js";
import {
  externallyAccessible,
  IP_FAMILIES,
  IP_FAMILY_POLICIES,
  isHeadless,
  LOAD_BALANCER_IP_MODES,
  MAX_AFFINITY_TIMEOUT_SECONDS,
  needsHealthCheck,
  SERVICE_TYPES,
  SESSION_AFFINITIES,
  TRAFFIC_POLICIES,
  type Service,
  type ServicePort,
  type ServiceSpec,
} from "./service-model.js";

const TOPOLOGY_MODE = "service.kubernetes.io/topology-mode";
const TOPOLOGY_HINTS = "service.kubernetes.io/topology-aware-hints";
const SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";

/** Service names become DNS names, so they must be DNS-1035 labels (no leading digit). */
function validateName(service: Service): FieldError[] {
  const name = service.metadata.name ?? "";
  // The registry already reports names that are not DNS-1123 labels.
  if (!name || dns1123LabelProblems(name).length) return [];
  return each(dns1035LabelProblems(name), "metadata.name", name);
}

function validateTopologyAnnotations(service: Service): FieldError[] {
  const annotations = service.metadata.annotations ?? {};
  const mode = annotations[TOPOLOGY_MODE];
  const hints = annotations[TOPOLOGY_HINTS];
  if (mode === undefined || hints === undefined || mode === hints) return [];
  return [invalid(`metadata.annotations[${TOPOLOGY_MODE}]`, mode, `must match annotations[${TOPOLOGY_HINTS}] when both are specified`)];
}

function validateTypeRules(spec: ServiceSpec): FieldError[] {
  switch (spec.type) {
    case "LoadBalancer":
    case "NodePort":
      return isHeadless(spec) ? [invalid("spec.clusterIPs[0]", "None", `may not be set to 'None' for ${spec.type} services`)] : [];
    case "ExternalName": {
      const notForExternalName = "may not be set for ExternalName services";
      const errors: FieldError[] = [];
      if (spec.clusterIPs?.length) errors.push(forbidden("spec.clusterIPs", notForExternalName));
      if (spec.ipFamilies?.length) errors.push(forbidden("spec.ipFamilies", notForExternalName));
      if (spec.ipFamilyPolicy !== undefined) errors.push(forbidden("spec.ipFamilyPolicy", notForExternalName));
      // The value is a CNAME and may end in a dot to mark it fully qualified.
      const cname = (spec.externalName ?? "").replace(/\.$/, "");
      errors.push(...(cname ? validateDNS1123Subdomain(cname, "spec.externalName") : [required("spec.externalName")]));
      return errors;
    }
    default:
      return [];
  }
}

function validatePort(port: ServicePort, requireName: boolean, names: Set<string>, field: string): FieldError[] {
  const errors: FieldError[] = [];
  if (requireName && !port.name) {
    errors.push(required(`${field}.name`));
  } else if (port.name) {
    errors.push(...validateDNS1123Label(port.name, `${field}.name`));
    if (names.has(port.name)) errors.push(duplicate(`${field}.name`, port.name));
    names.add(port.name);
  }
  errors.push(...each(portNumberProblems(port.port ?? 0), `${field}.port`, port.port ?? 0));
  errors.push(...validateProtocol(port.protocol, `${field}.protocol`));
  errors.push(...validatePortNumOrName(port.targetPort ?? 0, `${field}.targetPort`));
  if (port.appProtocol !== undefined) errors.push(...validateQualifiedName(port.appProtocol, `${field}.appProtocol`));
  return errors;
}

function validatePorts(spec: ServiceSpec): FieldError[] {
  const ports = spec.ports ?? [];
  const names = new Set<string>();
  const errors = ports.flatMap((port, i) => validatePort(port, ports.length > 1, names, `spec.ports[${i}]`));
  if (spec.type === "ClusterIP") {
    ports.forEach((port, i) => {
      if (port.nodePort) errors.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  const servicePorts = new Set<string>();
  ports.forEach((port, i) => {
    if (port.nodePort) {
      const key = `${port.protocol}/${port.nodePort}`;
      if (nodePorts.has(key)) errors.push(duplicate(`spec.ports[${i}].nodePort`, port.nodePort));
      nodePorts.add(key);
    }
    const key = `${port.protocol}/${port.port}`;
    if (servicePorts.has(key)) errors.push(duplicate(`spec.ports[${i}]`, { port: port.port, protocol: port.protocol }));
    servicePorts.add(key);
  });
  return errors;
}

function validateSessionAffinity(spec: ServiceSpec): FieldError[] {
  const errors = validateOneOf(spec.sessionAffinity, SESSION_AFFINITIES, "spec.sessionAffinity");
  const field = "spec.sessionAffinityConfig";
  if (spec.sessionAffinity === "None" && spec.sessionAffinityConfig) {
    errors.push(forbidden(field, "must not be set when session affinity is None"));
  } else if (spec.sessionAffinity === "ClientIP") {
    const detail = "when session affinity type is ClientIP";
    const config = spec.sessionAffinityConfig;
    const timeout = config?.clientIP?.timeoutSeconds;
    if (!config) errors.push(required(field, detail));
    else if (!config.clientIP) errors.push(required(`${field}.clientIP`, detail));
    else if (timeout === undefined) errors.push(required(`${field}.clientIP.timeoutSeconds`, detail));
    else if (timeout <= 0 || timeout > MAX_AFFINITY_TIMEOUT_SECONDS) {
      const message = `must be greater than 0 and less than ${MAX_AFFINITY_TIMEOUT_SECONDS}`;
      errors.push(invalid(`${field}.clientIP.timeoutSeconds`, timeout, message));
    }
  }
  return errors;
}

/** clusterIP and clusterIPs agree, and the IPs match ipFamilies and the dual-stack rules. */
function validateClusterIPs(spec: ServiceSpec): FieldError[] {
  if (spec.type === "ExternalName") return [];
  const field = "spec.clusterIPs";
  const clusterIPs = spec.clusterIPs ?? [];
  const errors: FieldError[] = [];
  if (spec.clusterIP) {
    if (!clusterIPs.length) errors.push(required(field));
    else if (clusterIPs[0] !== spec.clusterIP) errors.push(invalid(field, clusterIPs, "first value must match `clusterIP`"));
  } else if (clusterIPs.length) {
    errors.push(invalid(field, clusterIPs, "must be empty when `clusterIP` is not specified"));
  }
  const families = spec.ipFamilies ?? [];
  families.forEach((family, i) => {
    if (!isOneOf(IP_FAMILIES, family)) errors.push(notSupported(`spec.ipFamilies[${i}]`, family, IP_FAMILIES));
    if (families.indexOf(family) < i) errors.push(duplicate(`spec.ipFamilies[${i}]`, family));
  });
  if (spec.ipFamilyPolicy !== undefined && !isOneOf(IP_FAMILY_POLICIES, spec.ipFamilyPolicy)) {
    errors.push(notSupported("spec.ipFamilyPolicy", spec.ipFamilyPolicy, IP_FAMILY_POLICIES));
  }
  let invalidIPs = false;
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (clusterIPs.length > 1) {
        invalidIPs = true;
        errors.push(invalid(field, clusterIPs, "'None' must be the first and only value"));
      }
      return;
    }
    const ipErrors = validateIP(ip, `${field}[${i}]`);
    invalidIPs ||= ipErrors.length > 0;
    errors.push(...ipErrors);
  });
  if (clusterIPs.length > 2) errors.push(invalid(field, clusterIPs, "may only hold up to 2 values"));
  // Bad IPs would make the family checks below misleading.
  if (invalidIPs) return errors;
  const v6 = clusterIPs.map(isIPv6);
  if (clusterIPs.length > 1 && !(v6.includes(true) && v6.includes(false))) {
    errors.push(invalid(field, clusterIPs, "may specify no more than one IP for each IP family"));
  }
  if (!isHeadless(spec)) {
    clusterIPs.slice(0, families.length).forEach((ip, i) => {
      const family = families[i];
      if ((family === "IPv4" || family === "IPv6") && isIPv6(ip) !== (family === "IPv6")) {
        errors.push(invalid(`${field}[${i}]`, ip, `expected an ${family} value as indicated by \`ipFamilies[${i}]\``));
      }
    });
  }
  return errors;
}

function validateLoadBalancerFields(service: Service, spec: ServiceSpec): FieldError[] {
  const errors: FieldError[] = [];
  const onlyLoadBalancer = "may only be used when `type` is 'LoadBalancer'";
  const isLoadBalancer = spec.type === "LoadBalancer";
  const ranges = spec.loadBalancerSourceRanges ?? [];
  const annotation = service.metadata.annotations?.[SOURCE_RANGES_ANNOTATION];
  if (ranges.length) {
    // Upstream's path really is capitalised here.
    const field = "spec.LoadBalancerSourceRanges";
    if (!isLoadBalancer) errors.push(forbidden(field, onlyLoadBalancer));
    ranges.forEach((range, i) => errors.push(...validateCIDR(range.trim(), `${field}[${i}]`)));
  } else if (annotation !== undefined) {
    const field = `metadata.annotations[${SOURCE_RANGES_ANNOTATION}]`;
    if (!isLoadBalancer) errors.push(forbidden(field, onlyLoadBalancer));
    const value = annotation.trim();
    if (value) value.split(",").forEach((range) => errors.push(...validateCIDR(range.trim(), field)));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && !isLoadBalancer) {
    errors.push(forbidden("spec.allocateLoadBalancerNodePorts", onlyLoadBalancer));
  }
  if (spec.loadBalancerClass !== undefined) {
    const field = "spec.loadBalancerClass";
    errors.push(...(isLoadBalancer ? validateQualifiedName(spec.loadBalancerClass, field) : [forbidden(field, onlyLoadBalancer)]));
  }
  return errors;
}

function validateTrafficPolicies(spec: ServiceSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (!externallyAccessible(spec)) {
    if (spec.externalTrafficPolicy) {
      errors.push(invalid("spec.externalTrafficPolicy", spec.externalTrafficPolicy, "may only be set for externally-accessible services"));
    }
  } else {
    errors.push(...validateOneOf(spec.externalTrafficPolicy, TRAFFIC_POLICIES, "spec.externalTrafficPolicy"));
  }
  const healthCheckNodePort = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(spec) && healthCheckNodePort !== 0) {
    const message = "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'";
    errors.push(invalid("spec.healthCheckNodePort", healthCheckNodePort, message));
  } else if (healthCheckNodePort !== 0) {
    errors.push(...each(portNumberProblems(healthCheckNodePort), "spec.healthCheckNodePort", healthCheckNodePort));
  }
  // Historically not forbidden for ExternalName, so it is only required for the others.
  if (spec.internalTrafficPolicy === undefined) {
    if (spec.type !== "ExternalName") errors.push(required("spec.internalTrafficPolicy"));
  } else if (!isOneOf(TRAFFIC_POLICIES, spec.internalTrafficPolicy)) {
    errors.push(notSupported("spec.internalTrafficPolicy", spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== "PreferClose") {
    errors.push(notSupported("spec.trafficDistribution", spec.trafficDistribution, ["PreferClose"]));
  }
  return errors;
}

/** The load balancer status a controller writes through the status subresource. */
function validateLoadBalancerStatus(service: Service): FieldError[] {
  const field = "status.loadBalancer.ingress";
  const ingress = service.status?.loadBalancer?.ingress ?? [];
  if (service.spec?.type !== "LoadBalancer" && ingress.length) {
    return [forbidden(field, "may only be used when `spec.type` is 'LoadBalancer'")];
  }
  return ingress.flatMap((point, i) => {
    const path = `${field}[${i}]`;
    const errors = point.ip ? validateIP(point.ip, `${path}.ip`) : [];
    if (point.ipMode !== undefined && !point.ip) errors.push(forbidden(`${path}.ipMode`, "may not be specified when `ip` is not set"));
    else if (point.ipMode !== undefined && !isOneOf(LOAD_BALANCER_IP_MODES, point.ipMode)) {
      errors.push(notSupported(`${path}.ipMode`, point.ipMode, LOAD_BALANCER_IP_MODES));
    }
    if (point.hostname) {
      errors.push(...each(dns1123SubdomainProblems(point.hostname), `${path}.hostname`, point.hostname));
      if (isValidIP(point.hostname)) errors.push(invalid(`${path}.hostname`, point.hostname, "must be a DNS name, not an IP address"));
    }
    return errors;
  });
}

export function validateService(service: Service): FieldError[] {
  const spec = service.spec ?? {};
  return [
    ...validateName(service),
    ...validateTopologyAnnotations(service),
    ...(spec.ports?.length || isHeadless(spec) || spec.type === "ExternalName" ? [] : [required("spec.ports")]),
    ...validateTypeRules(spec),
    ...validatePorts(spec),
    ...validateLabels(spec.selector, "spec.selector"),
    ...validateSessionAffinity(spec),
    ...validateClusterIPs(spec),
    ...(spec.externalIPs ?? []).flatMap((ip, i) => {
      const ipErrors = validateIP(ip, `spec.externalIPs[${i}]`);
      return ipErrors.length ? ipErrors : validateNonSpecialIP(ip, `spec.externalIPs[${i}]`);
    }),
    ...validateOneOf(spec.type, SERVICE_TYPES, "spec.type"),
    ...validateLoadBalancerFields(service, spec),
    ...validateTrafficPolicies(spec),
    ...validateLoadBalancerStatus(service),
  ];
}

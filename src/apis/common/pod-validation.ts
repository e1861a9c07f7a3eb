/**
 * Upstream's ValidatePodSpec and ValidatePodTemplateSpec: the rules every pod
 * spec obeys, whether in a pod or in a workload's template. Pod-only rules
 * (ephemeral containers on create, immutable spec) live in pod.ts.
 */
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.js";
import { dns1123SubdomainProblems, validateAnnotations, validateLabels } from "../../machinery/validation.js";
import { validateContainers, validateEphemeralContainers, validateInitContainers, type PodContext } from "./container-validation.js";
import type { PodSpec, PodTemplateSpec } from "./pod-types.js";
import { validateOverhead, validateResourceRequirements } from "./resource-validation.js";
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from "./scheduling-validation.js";
import { validatePodSecurityContext } from "./security-validation.js";
import { validateIP } from "./core-validation.js";
import { each, inclusiveRange, validateDNS1123Label, validateDNS1123Subdomain, validateQualifiedName } from "./validation-helpers.js";
import { validateVolumes } from "./volume-validation.js";

export interface PodSpecOptions {
  /**
   * The spec belongs to a pod, not a template: with hostNetwork, host ports
   * must then equal container ports (templates may leave them 0, defaulted later).
   */
  readonly isPod?: boolean;
}

const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
const MAX_INT32 = 2147483647;

function validateChoice(value: string | undefined, field: string, valid: readonly string[]): FieldError[] {
  if (!value) return [required(field)];
  return valid.includes(value) ? [] : [notSupported(field, value, valid)];
}

function validateResourceClaims(spec: PodSpec, field: string): { names: Set<string>; errors: FieldError[] } {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  (spec.resourceClaims ?? []).forEach((claim, i) => {
    const at = `${field}[${i}]`;
    if (!claim.name) errors.push(required(`${at}.name`));
    else if (names.has(claim.name)) errors.push(duplicate(`${at}.name`, claim.name));
    else {
      errors.push(...validateDNS1123Label(claim.name, `${at}.name`));
      names.add(claim.name);
    }
    const sources = [claim.resourceClaimName, claim.resourceClaimTemplateName].filter((source) => source !== undefined).length;
    if (sources > 1) errors.push(invalid(at, claim, "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified"));
    if (sources === 0) errors.push(invalid(at, claim, "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"));
  });
  return { names, errors };
}

function validateHostNetworkPorts(spec: PodSpec, field: string, isPod: boolean): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  return (spec.containers ?? []).flatMap((container, i) =>
    (container.ports ?? []).flatMap((port, j) => {
      const hostPort = port.hostPort ?? 0;
      return (isPod || hostPort !== 0) && hostPort !== port.containerPort
        ? [invalid(`${field}.containers[${i}].ports[${j}].hostPort`, hostPort, "must match `containerPort` when `hostNetwork` is true")]
        : [];
    }),
  );
}

function validateDNSConfig(spec: PodSpec, field: string): FieldError[] {
  const config = spec.dnsConfig;
  if (spec.dnsPolicy === "None") {
    if (!config) return [required(field, "must provide `dnsConfig` when `dnsPolicy` is None")];
    if (!config.nameservers?.length) return [required(`${field}.nameservers`, "must provide at least one DNS nameserver when `dnsPolicy` is None")];
  }
  if (!config) return [];
  const errors: FieldError[] = [];
  const nameservers = config.nameservers ?? [];
  const searches = config.searches ?? [];
  if (nameservers.length > 3) errors.push(invalid(`${field}.nameservers`, nameservers, "must not have more than 3 nameservers"));
  nameservers.forEach((server, i) => errors.push(...validateIP(server, `${field}.nameservers[${i}]`)));
  if (searches.length > 32) errors.push(invalid(`${field}.searches`, searches, "must not have more than 32 search paths"));
  if (searches.join(" ").length > 2048) {
    errors.push(invalid(`${field}.searches`, searches, "must not have more than 2048 characters (including spaces) in the search list"));
  }
  searches.forEach((search, i) => {
    // The relaxed rule (on since 1.32) accepts "." and underscores.
    if (search === ".") return;
    const problems = dns1123SubdomainProblems(search.replace(/\.$/, "").replaceAll("_", "a"));
    errors.push(...each(problems, `${field}.searches[${i}]`, search));
  });
  (config.options ?? []).forEach((option, i) => {
    if (!option.name) errors.push(required(`${field}.options[${i}]`, "must not be empty"));
  });
  return errors;
}

function validateNames(spec: PodSpec, field: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of ["serviceAccountName", "nodeName", "priorityClassName", "runtimeClassName"] as const) {
    const value = spec[name];
    if (value) errors.push(...validateDNS1123Subdomain(value, `${field}.${name}`));
  }
  for (const name of ["hostname", "subdomain"] as const) {
    const value = spec[name];
    if (value) errors.push(...validateDNS1123Label(value, `${field}.${name}`));
  }
  return errors;
}

function validateLists(spec: PodSpec, field: string): FieldError[] {
  const errors: FieldError[] = [];
  (spec.imagePullSecrets ?? []).forEach((secret, i) => {
    if (Object.keys(secret).some((key) => key !== "name")) errors.push(invalid(`${field}.imagePullSecrets[${i}]`, secret, "only name may be set"));
  });
  (spec.readinessGates ?? []).forEach((gate, i) => {
    errors.push(...validateQualifiedName(gate.conditionType ?? "", `${field}.readinessGates[${i}].conditionType`));
  });
  const gates = new Set<string>();
  (spec.schedulingGates ?? []).forEach((gate, i) => {
    const name = gate.name ?? "";
    errors.push(...validateQualifiedName(name, `${field}.schedulingGates[${i}]`));
    if (gates.has(name)) errors.push(duplicate(`${field}.schedulingGates[${i}]`, name));
    gates.add(name);
  });
  (spec.hostAliases ?? []).forEach((alias, i) => {
    errors.push(...validateIP(alias.ip ?? "", `${field}.hostAliases[${i}].ip`));
    (alias.hostnames ?? []).forEach((host, j) => errors.push(...validateDNS1123Subdomain(host, `${field}.hostAliases[${i}].hostnames[${j}]`)));
  });
  return errors;
}

function validateOS(spec: PodSpec, field: string): FieldError[] {
  if (!spec.os) return [];
  const name = spec.os.name ?? "";
  if (name !== "linux" && name !== "windows") return [notSupported(`${field}.os.name`, name, ["linux", "windows"])];
  if (name !== "linux") return [];
  const containers = [
    ...(spec.containers ?? []).map((container, i) => [container, `${field}.containers[${i}]`] as const),
    ...(spec.initContainers ?? []).map((container, i) => [container, `${field}.initContainers[${i}]`] as const),
    ...(spec.ephemeralContainers ?? []).map((container, i) => [container, `${field}.ephemeralContainers[${i}]`] as const),
  ];
  const errors = spec.securityContext?.windowsOptions
    ? [forbidden(`${field}.securityContext.windowsOptions`, "windows options cannot be set for a linux pod")]
    : [];
  for (const [container, at] of containers) {
    if (container.securityContext?.windowsOptions) {
      errors.push(forbidden(`${at}.securityContext.windowsOptions`, "windows options cannot be set for a linux pod"));
    }
  }
  return errors;
}

/** Upstream's ValidatePodSpec. `field` is the spec's path, e.g. `spec.template.spec`. */
export function validatePodSpec(spec: PodSpec, field: string, options: PodSpecOptions = {}): FieldError[] {
  const errors: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined) errors.push(required(`${field}.terminationGracePeriodSeconds`));
  const volumes = validateVolumes(spec.volumes, `${field}.volumes`);
  const claims = validateResourceClaims(spec, `${field}.resourceClaims`);
  errors.push(...volumes.errors, ...claims.errors);
  const context: PodContext = {
    volumes: volumes.volumes,
    claimNames: claims.names,
    gracePeriod: spec.terminationGracePeriodSeconds,
    restartPolicy: spec.restartPolicy,
    hostUsers: spec.hostUsers !== false,
  };
  const containers = spec.containers ?? [];
  const initContainers = spec.initContainers ?? [];
  errors.push(...validateContainers(spec.containers, `${field}.containers`, context));
  errors.push(...validateInitContainers(spec.initContainers, containers, `${field}.initContainers`, context));
  errors.push(...validateEphemeralContainers(spec.ephemeralContainers, [...containers, ...initContainers], `${field}.ephemeralContainers`, context));
  errors.push(...validateResourceRequirements(spec.resources, `${field}.resources`, claims.names));
  errors.push(...validateHostNetworkPorts(spec, field, options.isPod ?? false));
  errors.push(...validateChoice(spec.restartPolicy, `${field}.restartPolicy`, RESTART_POLICIES));
  errors.push(...validateChoice(spec.dnsPolicy, `${field}.dnsPolicy`, DNS_POLICIES));
  errors.push(...validateLabels(spec.nodeSelector, `${field}.nodeSelector`));
  errors.push(...validatePodSecurityContext(spec, `${field}.securityContext`));
  errors.push(...validateAffinity(spec.affinity, `${field}.affinity`));
  errors.push(...validateDNSConfig(spec, `${field}.dnsConfig`));
  errors.push(...validateLists(spec, field));
  errors.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, `${field}.topologySpreadConstraints`));
  errors.push(...validateNames(spec, field));
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    errors.push(invalid(`${field}.activeDeadlineSeconds`, deadline, inclusiveRange(1, MAX_INT32)));
  }
  errors.push(...validateTolerations(spec.tolerations, `${field}.tolerations`));
  if (spec.preemptionPolicy !== undefined) {
    errors.push(...validateChoice(spec.preemptionPolicy, `${field}.preemptionPolicy`, ["PreemptLowerPriority", "Never"]));
  }
  errors.push(...validateOverhead(spec.overhead, `${field}.overhead`));
  errors.push(...validateOS(spec, field));
  return errors;
}

/** Upstream's ValidatePodTemplateSpec. `field` is the template's path, e.g. `spec.template`. */
export function validatePodTemplate(template: PodTemplateSpec | undefined, field: string): FieldError[] {
  const metadata = template?.metadata ?? {};
  const spec = template?.spec ?? {};
  const errors = [
    ...validateLabels(metadata.labels, `${field}.labels`),
    ...validateAnnotations(metadata.annotations, `${field}.annotations`),
    ...validatePodSpec(spec, `${field}.spec`),
  ];
  if (spec.ephemeralContainers?.length) {
    errors.push(forbidden(`${field}.spec.ephemeralContainers`, "ephemeral containers not allowed in pod template"));
  }
  return errors;
}

/**
 * The container lists of a pod spec (app, init and ephemeral) with
 * upstream's rules: names, images, ports, environment, mounts, pull policy,
 * resources, probes and security context; unique names across the lists.
 */
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.js";
import { dns1123SubdomainProblems } from "../../machinery/validation.js";
import { validateProbesAndLifecycle } from "./handler-validation.js";
import type { Container, EnvVar, Volume } from "./pod-types.js";
import { validateResourceRequirements } from "./resource-validation.js";
import { validateSecurityContext } from "./security-validation.js";
import {
  configMapKeyProblems,
  each,
  envVarNameProblems,
  notFound,
  portNameProblems,
  portNumberProblems,
  validateDNS1123Label,
} from "./validation-helpers.js";

/** What container validation needs to know about the rest of the pod spec. */
export interface PodContext {
  /** The valid volumes, by name. */
  readonly volumes: ReadonlyMap<string, Volume>;
  readonly claimNames: ReadonlySet<string>;
  readonly gracePeriod: number | undefined;
  readonly restartPolicy: string | undefined;
  readonly hostUsers: boolean;
}

const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const ENV_FIELD_PATHS = [
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];

function validatePorts(container: Container, field: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (container.ports ?? []).forEach((port, i) => {
    const at = `${field}[${i}]`;
    if (port.name) {
      const problems = portNameProblems(port.name);
      if (problems.length > 0) errors.push(...each(problems, `${at}.name`, port.name));
      else if (names.has(port.name)) errors.push(duplicate(`${at}.name`, port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errors.push(required(`${at}.containerPort`));
    else errors.push(...each(portNumberProblems(port.containerPort), `${at}.containerPort`, port.containerPort));
    if (port.hostPort) errors.push(...each(portNumberProblems(port.hostPort), `${at}.hostPort`, port.hostPort));
    if (!port.protocol) errors.push(required(`${at}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errors.push(notSupported(`${at}.protocol`, port.protocol, PROTOCOLS));
  });
  return errors;
}

function validateKeySelector(selector: { name?: string; key?: string }, field: string): FieldError[] {
  const errors = each(dns1123SubdomainProblems(selector.name ?? ""), `${field}.name`, selector.name ?? "");
  if (!selector.key) errors.push(required(`${field}.key`));
  else errors.push(...each(configMapKeyProblems(selector.key), `${field}.key`, selector.key));
  return errors;
}

function validateValueFrom(variable: EnvVar, field: string): FieldError[] {
  const from = variable.valueFrom;
  if (!from) return [];
  const errors: FieldError[] = [];
  if (from.fieldRef) {
    const { apiVersion, fieldPath } = from.fieldRef;
    if (!apiVersion) errors.push(required(`${field}.fieldRef.apiVersion`));
    else if (!fieldPath) errors.push(required(`${field}.fieldRef.fieldPath`));
    else {
      const path = fieldPath.replace(/\[.*\]$/, "");
      if (!ENV_FIELD_PATHS.includes(path)) errors.push(notSupported(`${field}.fieldRef.fieldPath`, fieldPath, ENV_FIELD_PATHS));
    }
  }
  if (from.resourceFieldRef && !from.resourceFieldRef.resource) errors.push(required(`${field}.resourceFieldRef.resource`));
  if (from.configMapKeyRef) errors.push(...validateKeySelector(from.configMapKeyRef, `${field}.configMapKeyRef`));
  if (from.secretKeyRef) errors.push(...validateKeySelector(from.secretKeyRef, `${field}.secretKeyRef`));
  const sources = [from.fieldRef, from.resourceFieldRef, from.configMapKeyRef, from.secretKeyRef].filter(Boolean).length;
  if (sources === 0) {
    errors.push(invalid(field, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
  } else if (variable.value) {
    errors.push(invalid(field, "", "may not be specified when `value` is not empty"));
  } else if (sources > 1) {
    errors.push(invalid(field, "", "may not have more than one field specified at a time"));
  }
  return errors;
}

function validateEnv(container: Container, field: string): FieldError[] {
  const errors: FieldError[] = [];
  (container.env ?? []).forEach((variable, i) => {
    const at = `${field}.env[${i}]`;
    if (!variable.name) errors.push(required(`${at}.name`));
    else errors.push(...each(envVarNameProblems(variable.name), `${at}.name`, variable.name));
    errors.push(...validateValueFrom(variable, `${at}.valueFrom`));
  });
  (container.envFrom ?? []).forEach((source, i) => {
    const at = `${field}.envFrom[${i}]`;
    if (source.prefix) errors.push(...each(envVarNameProblems(source.prefix), `${at}.prefix`, source.prefix));
    for (const kind of ["configMapRef", "secretRef"] as const) {
      const ref = source[kind];
      if (!ref) continue;
      if (!ref.name) errors.push(required(`${at}.${kind}.name`));
      else errors.push(...each(dns1123SubdomainProblems(ref.name), `${at}.${kind}.name`, ref.name));
    }
    const sources = [source.configMapRef, source.secretRef].filter(Boolean).length;
    if (sources === 0) errors.push(invalid(`${field}.envFrom`, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (sources > 1) errors.push(invalid(`${field}.envFrom`, "", "may not have more than one field specified at a time"));
  });
  return errors;
}

function hasDotDot(path: string): boolean {
  return path.split("/").includes("..");
}

function validateMounts(container: Container, field: string, context: PodContext): FieldError[] {
  const errors: FieldError[] = [];
  const mountPaths = new Set<string>();
  const devices = container.volumeDevices ?? [];
  (container.volumeMounts ?? []).forEach((mount, i) => {
    const at = `${field}.volumeMounts[${i}]`;
    const name = mount.name ?? "";
    const mountPath = mount.mountPath ?? "";
    if (!name) errors.push(required(`${at}.name`));
    if (!context.volumes.has(name)) errors.push(notFound(`${at}.name`, name));
    if (!mountPath) errors.push(required(`${at}.mountPath`));
    if (mountPaths.has(mountPath)) errors.push(invalid(`${at}.mountPath`, mountPath, "must be unique"));
    mountPaths.add(mountPath);
    if (devices.some((device) => device.name === name)) errors.push(invalid(`${at}.name`, name, "must not already exist in volumeDevices"));
    if (devices.some((device) => device.devicePath === mountPath)) {
      errors.push(invalid(`${at}.mountPath`, mountPath, "must not already exist as a path in volumeDevices"));
    }
    for (const key of ["subPath", "subPathExpr"] as const) {
      const sub = mount[key];
      if (!sub) continue;
      if (sub.startsWith("/")) errors.push(invalid(`${field}.volumeMounts.${key}`, sub, "must be a relative path"));
      if (hasDotDot(sub)) errors.push(invalid(`${field}.volumeMounts.${key}`, sub, "must not contain '..'"));
    }
    if (mount.subPath && mount.subPathExpr) {
      errors.push(invalid(`${at}.subPathExpr`, mount.subPathExpr, "subPathExpr and subPath are mutually exclusive"));
    }
    const propagation = mount.mountPropagation;
    if (propagation !== undefined) {
      const modes = ["Bidirectional", "HostToContainer", "None"];
      if (!modes.includes(propagation)) errors.push(notSupported(`${field}.volumeMounts.mountPropagation`, propagation, modes));
      if (propagation === "Bidirectional" && container.securityContext?.privileged !== true) {
        errors.push(forbidden(`${field}.volumeMounts.mountPropagation`, "Bidirectional mount propagation is available only to privileged containers"));
      }
    }
  });
  const devicePaths = new Set<string>();
  devices.forEach((device, i) => {
    const at = `${field}.volumeDevices[${i}]`;
    const name = device.name ?? "";
    const volume = context.volumes.get(name);
    if (!name) errors.push(required(`${at}.name`));
    if (!volume) errors.push(notFound(`${at}.name`, name));
    else if (!volume.persistentVolumeClaim && !volume.ephemeral) {
      errors.push(invalid(`${at}.name`, name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"));
    }
    if (!device.devicePath) errors.push(required(`${at}.devicePath`));
    else if (devicePaths.has(device.devicePath)) errors.push(invalid(`${at}.devicePath`, device.devicePath, "must be unique"));
    devicePaths.add(device.devicePath ?? "");
  });
  return errors;
}

/** Upstream's validateContainerCommon: what every kind of container must satisfy. */
function validateContainerCommon(container: Container, field: string, context: PodContext): FieldError[] {
  const errors: FieldError[] = [];
  if (!container.name) errors.push(required(`${field}.name`));
  else errors.push(...validateDNS1123Label(container.name, `${field}.name`));
  if (!container.image) errors.push(required(`${field}.image`));
  const policy = container.terminationMessagePolicy;
  if (!policy) errors.push(required(`${field}.terminationMessagePolicy`));
  else if (policy !== "File" && policy !== "FallbackToLogsOnError") {
    errors.push(notSupported(`${field}.terminationMessagePolicy`, policy, ["File", "FallbackToLogsOnError"]));
  }
  errors.push(...validatePorts(container, `${field}.ports`));
  errors.push(...validateEnv(container, field));
  errors.push(...validateMounts(container, field, context));
  if (!container.imagePullPolicy) errors.push(required(`${field}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(container.imagePullPolicy)) {
    errors.push(notSupported(`${field}.imagePullPolicy`, container.imagePullPolicy, PULL_POLICIES));
  }
  errors.push(...validateResourceRequirements(container.resources, `${field}.resources`, context.claimNames));
  errors.push(...validateSecurityContext(container.securityContext, `${field}.securityContext`, context.hostUsers));
  return errors;
}

/** Upstream's AccumulateUniqueHostPorts: one protocol/hostIP/hostPort per pod. */
function hostPortConflicts(containers: readonly Container[], field: string, seen = new Set<string>()): FieldError[] {
  const errors: FieldError[] = [];
  containers.forEach((container, i) => {
    (container.ports ?? []).forEach((port, j) => {
      if (!port.hostPort) return;
      const key = `${port.protocol ?? ""}/${port.hostIP ?? ""}/${port.hostPort}`;
      if (seen.has(key)) errors.push(duplicate(`${field}[${i}].ports[${j}].hostPort`, key));
      seen.add(key);
    });
  });
  return errors;
}

export function validateContainers(containers: readonly Container[] | undefined, field: string, context: PodContext): FieldError[] {
  if (!containers?.length) return [required(field)];
  const errors: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((container, i) => {
    const at = `${field}[${i}]`;
    errors.push(...validateContainerCommon(container, at, context));
    if (names.has(container.name ?? "")) errors.push(duplicate(`${at}.name`, container.name ?? ""));
    names.add(container.name ?? "");
    errors.push(...validateProbesAndLifecycle(container, at, context.gracePeriod));
    if (container.restartPolicy !== undefined) errors.push(forbidden(`${at}.restartPolicy`, "may not be set for non-init containers"));
  });
  return [...errors, ...hostPortConflicts(containers, field)];
}

export function validateInitContainers(
  initContainers: readonly Container[] | undefined,
  containers: readonly Container[],
  field: string,
  context: PodContext,
): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set(containers.map((container) => container.name ?? ""));
  (initContainers ?? []).forEach((container, i) => {
    const at = `${field}[${i}]`;
    errors.push(...validateContainerCommon(container, at, context));
    const sidecar = container.restartPolicy === "Always";
    if (container.restartPolicy !== undefined && !sidecar) {
      errors.push(notSupported(`${at}.restartPolicy`, container.restartPolicy, ["Always"]));
    }
    if (names.has(container.name ?? "")) errors.push(duplicate(`${at}.name`, container.name ?? ""));
    else if (container.name) names.add(container.name);
    // Init containers run one at a time, so only ports within one container can collide.
    errors.push(...hostPortConflicts([container], field));
    if (sidecar) errors.push(...validateProbesAndLifecycle(container, at, context.gracePeriod));
    else {
      for (const key of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] as const) {
        if (container[key] !== undefined) errors.push(forbidden(`${at}.${key}`, "may not be set for init containers without restartPolicy=Always"));
      }
    }
    if (container.resizePolicy?.length) errors.push(invalid(`${at}.resizePolicy`, container.resizePolicy, "must not be set for init containers"));
  });
  return errors;
}

/** Fields an ephemeral (debug) container may not use: it must not take part in the pod's serving. */
const EPHEMERAL_FORBIDDEN = ["ports", "resources", "resizePolicy", "lifecycle", "livenessProbe", "readinessProbe", "startupProbe", "restartPolicy"];

export function validateEphemeralContainers(
  ephemeral: readonly Container[] | undefined,
  others: readonly Container[],
  field: string,
  context: PodContext,
): FieldError[] {
  const errors: FieldError[] = [];
  const otherNames = new Set(others.map((container) => container.name ?? ""));
  const names = new Set(otherNames);
  (ephemeral ?? []).forEach((container, i) => {
    const at = `${field}[${i}]`;
    errors.push(...validateContainerCommon(container, at, context));
    errors.push(...validateImageWhitespace(container, at));
    if (names.has(container.name ?? "")) errors.push(duplicate(`${at}.name`, container.name ?? ""));
    else names.add(container.name ?? "");
    const target = container.targetContainerName;
    if (target && !otherNames.has(target)) errors.push(notFound(`${at}.targetContainerName`, target));
    for (const key of EPHEMERAL_FORBIDDEN) {
      if (container[key] !== undefined) errors.push(forbidden(`${at}.${key}`, "cannot be set for an Ephemeral Container"));
    }
    (container.volumeMounts ?? []).forEach((mount, j) => {
      for (const key of ["subPath", "subPathExpr"] as const) {
        if (mount[key]) errors.push(forbidden(`${at}.volumeMounts[${j}].${key}`, "cannot be set for an Ephemeral Container"));
      }
    });
  });
  return errors;
}

/** Pods (not templates) may not have images with surrounding whitespace. */
export function validateImageWhitespace(container: Container, field: string): FieldError[] {
  const image = container.image ?? "";
  return image.trim() === image ? [] : [invalid(`${field}.image`, image, "must not have leading or trailing whitespace")];
}

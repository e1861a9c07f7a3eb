/**
 * Container and pod security contexts: user and group IDs in range, known
 * proc mount, seccomp and AppArmor profile types, sysctl names, and the
 * combinations upstream refuses.
 */
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.js";
import type { PodSecurityContext, PodSpec, SecurityContext } from "./pod-types.js";
import { inclusiveRange } from "./validation-helpers.js";

const MAX_ID = 2147483647;
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

function validateID(value: unknown, field: string): FieldError[] {
  if (typeof value !== "number") return [];
  return value >= 0 && value <= MAX_ID ? [] : [invalid(field, value, inclusiveRange(0, MAX_ID))];
}

/** Seccomp and AppArmor profiles share their shape and rules. */
function validateProfile(profile: { type?: string; localhostProfile?: string } | undefined, field: string, label: string): FieldError[] {
  if (!profile) return [];
  const errors: FieldError[] = [];
  const name = label === "seccomp" ? "seccompProfile" : "appArmorProfile";
  const types = ["Localhost", "RuntimeDefault", "Unconfined"];
  if (!profile.type) errors.push(required(`${field}.type`, `type is required when ${name} is set`));
  else if (!types.includes(profile.type)) errors.push(notSupported(`${field}.type`, profile.type, types));
  if (profile.type === "Localhost") {
    if (profile.localhostProfile === undefined) {
      errors.push(required(`${field}.localhostProfile`, `must be set when ${label} type is Localhost`));
    }
  } else if (profile.localhostProfile !== undefined) {
    errors.push(invalid(`${field}.localhostProfile`, profile, `can only be set when ${label} type is Localhost`));
  }
  return errors;
}

/** Upstream's ValidateSecurityContext for one container. */
export function validateSecurityContext(context: SecurityContext | undefined, field: string, hostUsers: boolean): FieldError[] {
  if (!context) return [];
  const errors = [...validateID(context.runAsUser, `${field}.runAsUser`), ...validateID(context.runAsGroup, `${field}.runAsGroup`)];
  if (context.procMount !== undefined) {
    if (context.procMount !== "Default" && context.procMount !== "Unmasked") {
      errors.push(notSupported(`${field}.procMount`, context.procMount, ["Default", "Unmasked"]));
    }
    if (hostUsers && context.procMount === "Unmasked") {
      errors.push(forbidden(`${field}.procMount`, "`hostUsers` must be false to use `Unmasked`"));
    }
  }
  errors.push(...validateProfile(context.seccompProfile, `${field}.seccompProfile`, "seccomp"));
  if (context.allowPrivilegeEscalation === false) {
    if (context.privileged === true) {
      errors.push(invalid(field, context, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
    }
    if (context.capabilities?.add?.includes("CAP_SYS_ADMIN")) {
      errors.push(invalid(field, context, "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
    }
  }
  errors.push(...validateProfile(context.appArmorProfile, `${field}.appArmorProfile`, "AppArmor"));
  return errors;
}

function validateSysctls(sysctls: NonNullable<PodSecurityContext["sysctls"]>, field: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  sysctls.forEach((sysctl, i) => {
    const name = sysctl.name ?? "";
    if (!name) errors.push(required(`${field}[${i}].name`));
    else if (name.length > 253 || !SYSCTL_NAME.test(name)) {
      errors.push(invalid(`${field}[${i}].name`, name, `must have at most 253 characters and match regex ${SYSCTL_NAME.source}`));
    } else if (seen.has(name)) errors.push(duplicate(`${field}[${i}].name`, name));
    seen.add(name);
  });
  return errors;
}

function validateChoice(value: unknown, field: string, valid: readonly string[]): FieldError[] {
  return value === undefined || valid.includes(value as string) ? [] : [notSupported(field, value, valid)];
}

/** Upstream's validatePodSpecSecurityContext. */
export function validatePodSecurityContext(spec: PodSpec, field: string): FieldError[] {
  const context = spec.securityContext;
  if (!context) return [];
  const errors = [
    ...validateID(context.fsGroup, `${field}.fsGroup`),
    ...validateID(context.runAsUser, `${field}.runAsUser`),
    ...validateID(context.runAsGroup, `${field}.runAsGroup`),
  ];
  ((context.supplementalGroups as unknown[] | undefined) ?? []).forEach((group, i) => {
    errors.push(...validateID(group, `${field}.supplementalGroups[${i}]`));
  });
  if (spec.hostPID === true && spec.shareProcessNamespace === true) {
    errors.push(invalid(`${field}.shareProcessNamespace`, true, "ShareProcessNamespace and HostPID cannot both be enabled"));
  }
  if (context.sysctls?.length) errors.push(...validateSysctls(context.sysctls, `${field}.sysctls`));
  errors.push(...validateChoice(context.fsGroupChangePolicy, `${field}.fsGroupChangePolicy`, ["Always", "OnRootMismatch"]));
  errors.push(...validateChoice(context.supplementalGroupsPolicy, `${field}.supplementalGroupsPolicy`, ["Merge", "Strict"]));
  errors.push(...validateChoice(context.seLinuxChangePolicy, `${field}.seLinuxChangePolicy`, ["MountOption", "Recursive"]));
  errors.push(...validateProfile(context.seccompProfile as SecurityContext["seccompProfile"], `${field}.seccompProfile`, "seccomp"));
  errors.push(...validateProfile(context.appArmorProfile as SecurityContext["appArmorProfile"], `${field}.appArmorProfile`, "AppArmor"));
  return errors;
}

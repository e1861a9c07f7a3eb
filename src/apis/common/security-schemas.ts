/**
 * Container and pod security contexts.
 */
import { string, enumString, int64, boolean, object, describe, list } from "./schema-builders.js";

const capabilitiesSchema = object({
  add: list({ type: "string" }, "Capabilities to add.", { type: "atomic" }),
  drop: list({ type: "string" }, "Capabilities to drop.", { type: "atomic" }),
});

const seLinuxOptionsSchema = object({
  user: string("SELinux user label."),
  role: string("SELinux role label."),
  type: string("SELinux type label."),
  level: string("SELinux level label."),
});

const windowsSecurityContextOptionsSchema = object({
  gmsaCredentialSpecName: string("Name of the GMSA credential spec to use."),
  gmsaCredentialSpec: string("Contents of the GMSA credential spec."),
  runAsUserName: string("Windows user to run the entrypoint as."),
  hostProcess: boolean("Run as a Windows HostProcess container."),
});

const seccompProfileSchema = object({
  type: enumString(["Localhost", "RuntimeDefault", "Unconfined"], "RuntimeDefault, Unconfined or Localhost."),
  localhostProfile: string("Profile file under the kubelet's seccomp directory, for Localhost."),
}, ["type"]);

const appArmorProfileSchema = object({
  type: enumString(["Localhost", "RuntimeDefault", "Unconfined"], "RuntimeDefault, Unconfined or Localhost."),
  localhostProfile: string("Name of a profile loaded on the node, for Localhost."),
}, ["type"]);

export const securityContextSchema = object({
  capabilities: describe(capabilitiesSchema, "Linux capabilities to add and drop."),
  privileged: boolean("Run as privileged, like root on the host."),
  seLinuxOptions: describe(seLinuxOptionsSchema, "SELinux context to apply."),
  windowsOptions: describe(windowsSecurityContextOptionsSchema, "Windows-specific settings."),
  runAsUser: int64("UID to run the entrypoint as."),
  runAsGroup: int64("GID to run the entrypoint as."),
  runAsNonRoot: boolean("Refuse to start if the container would run as UID 0."),
  readOnlyRootFilesystem: boolean("Mount the root filesystem read-only."),
  allowPrivilegeEscalation: boolean("Whether a process may gain more privileges than its parent (no_new_privs)."),
  procMount: enumString(["Default", "Unmasked"], "Default or Unmasked /proc mount."),
  seccompProfile: describe(seccompProfileSchema, "Seccomp profile to apply."),
  appArmorProfile: describe(appArmorProfileSchema, "AppArmor profile to apply."),
});

const sysctlSchema = object({
  name: string("Sysctl to set."),
  value: string("Value to set."),
}, ["name", "value"]);

export const podSecurityContextSchema = object({
  seLinuxOptions: describe(seLinuxOptionsSchema, "SELinux context applied to all containers."),
  windowsOptions: describe(windowsSecurityContextOptionsSchema, "Windows-specific settings for all containers."),
  runAsUser: int64("UID to run containers' entrypoints as."),
  runAsGroup: int64("GID to run containers' entrypoints as."),
  runAsNonRoot: boolean("Refuse to start containers that would run as UID 0."),
  supplementalGroups: list({ type: "integer", format: "int64" }, "Extra GIDs given to the first process of every container.", { type: "atomic" }),
  supplementalGroupsPolicy: enumString(["Merge", "Strict"], "Merge (default) or Strict: whether groups from the image are added."),
  fsGroup: int64("GID that owns supported volumes and is added to every container."),
  sysctls: list(sysctlSchema, "Namespaced sysctls to set.", { type: "atomic" }),
  fsGroupChangePolicy: enumString(["Always", "OnRootMismatch"], "OnRootMismatch or Always: when volume ownership is changed."),
  seccompProfile: describe(seccompProfileSchema, "Seccomp profile applied to all containers."),
  appArmorProfile: describe(appArmorProfileSchema, "AppArmor profile applied to all containers."),
  seLinuxChangePolicy: string("Recursive or MountOption: how the SELinux label is applied to volumes."),
});

/**
 * core/v1 containers: ports, env and envFrom, resources, mounts, probes, lifecycle hooks, security context.
 * Field numbers and types: k8s.io/api core/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

/** Container and EphemeralContainerCommon share every field number and name in upstream's proto. */
const CONTAINER_FIELDS = {
  1: { name: "name", type: "string" },
  2: { name: "image", type: "string", omitEmpty: true },
  3: { name: "command", type: "string", list: "repeated" },
  4: { name: "args", type: "string", list: "repeated" },
  5: { name: "workingDir", type: "string", omitEmpty: true },
  6: { name: "ports", type: "core.v1.ContainerPort", list: "repeated" },
  7: { name: "env", type: "core.v1.EnvVar", list: "repeated" },
  8: { name: "resources", type: "core.v1.ResourceRequirements" },
  9: { name: "volumeMounts", type: "core.v1.VolumeMount", list: "repeated" },
  10: { name: "livenessProbe", type: "core.v1.Probe" },
  11: { name: "readinessProbe", type: "core.v1.Probe" },
  12: { name: "lifecycle", type: "core.v1.Lifecycle" },
  13: { name: "terminationMessagePath", type: "string", omitEmpty: true },
  14: { name: "imagePullPolicy", type: "string", omitEmpty: true },
  15: { name: "securityContext", type: "core.v1.SecurityContext" },
  16: { name: "stdin", type: "bool", omitEmpty: true },
  17: { name: "stdinOnce", type: "bool", omitEmpty: true },
  18: { name: "tty", type: "bool", omitEmpty: true },
  19: { name: "envFrom", type: "core.v1.EnvFromSource", list: "repeated" },
  20: { name: "terminationMessagePolicy", type: "string", omitEmpty: true },
  21: { name: "volumeDevices", type: "core.v1.VolumeDevice", list: "repeated" },
  22: { name: "startupProbe", type: "core.v1.Probe" },
  23: { name: "resizePolicy", type: "core.v1.ContainerResizePolicy", list: "repeated" },
  24: { name: "restartPolicy", type: "string" },
  25: { name: "restartPolicyRules", type: "core.v1.ContainerRestartRule", list: "repeated" },
} as const;

export const coreContainerMessages = {
  "core.v1.AppArmorProfile": {
    1: { name: "type", type: "string" },
    2: { name: "localhostProfile", type: "string" },
  },
  "core.v1.Capabilities": {
    1: { name: "add", type: "string", list: "repeated" },
    2: { name: "drop", type: "string", list: "repeated" },
  },
  "core.v1.ConfigMapEnvSource": {
    1: { name: "localObjectReference", type: "core.v1.LocalObjectReference", inline: true },
    2: { name: "optional", type: "bool" },
  },
  "core.v1.ConfigMapKeySelector": {
    1: { name: "localObjectReference", type: "core.v1.LocalObjectReference", inline: true },
    2: { name: "key", type: "string" },
    3: { name: "optional", type: "bool" },
  },
  "core.v1.Container": CONTAINER_FIELDS,
  "core.v1.ContainerPort": {
    1: { name: "name", type: "string", omitEmpty: true },
    2: { name: "hostPort", type: "int32", omitEmpty: true },
    3: { name: "containerPort", type: "int32" },
    4: { name: "protocol", type: "string", omitEmpty: true },
    5: { name: "hostIP", type: "string", omitEmpty: true },
  },
  "core.v1.ContainerResizePolicy": {
    1: { name: "resourceName", type: "string" },
    2: { name: "restartPolicy", type: "string" },
  },
  "core.v1.ContainerRestartRule": {
    1: { name: "action", type: "string", omitEmpty: true },
    2: { name: "exitCodes", type: "core.v1.ContainerRestartRuleOnExitCodes" },
  },
  "core.v1.ContainerRestartRuleOnExitCodes": {
    1: { name: "operator", type: "string", omitEmpty: true },
    2: { name: "values", type: "int32", list: "repeated" },
  },
  "core.v1.EnvFromSource": {
    1: { name: "prefix", type: "string", omitEmpty: true },
    2: { name: "configMapRef", type: "core.v1.ConfigMapEnvSource" },
    3: { name: "secretRef", type: "core.v1.SecretEnvSource" },
  },
  "core.v1.EnvVar": {
    1: { name: "name", type: "string" },
    2: { name: "value", type: "string", omitEmpty: true },
    3: { name: "valueFrom", type: "core.v1.EnvVarSource" },
  },
  "core.v1.EnvVarSource": {
    1: { name: "fieldRef", type: "core.v1.ObjectFieldSelector" },
    2: { name: "resourceFieldRef", type: "core.v1.ResourceFieldSelector" },
    3: { name: "configMapKeyRef", type: "core.v1.ConfigMapKeySelector" },
    4: { name: "secretKeyRef", type: "core.v1.SecretKeySelector" },
    5: { name: "fileKeyRef", type: "core.v1.FileKeySelector" },
  },
  "core.v1.EphemeralContainer": {
    1: { name: "ephemeralContainerCommon", type: "core.v1.EphemeralContainerCommon", inline: true },
    2: { name: "targetContainerName", type: "string", omitEmpty: true },
  },
  "core.v1.EphemeralContainerCommon": CONTAINER_FIELDS,
  "core.v1.ExecAction": {
    1: { name: "command", type: "string", list: "repeated" },
  },
  "core.v1.FileKeySelector": {
    1: { name: "volumeName", type: "string" },
    2: { name: "path", type: "string" },
    3: { name: "key", type: "string" },
    4: { name: "optional", type: "bool" },
  },
  "core.v1.GRPCAction": {
    1: { name: "port", type: "int32" },
    2: { name: "service", type: "string" },
  },
  "core.v1.HTTPGetAction": {
    1: { name: "path", type: "string", omitEmpty: true },
    2: { name: "port", type: "intOrString" },
    3: { name: "host", type: "string", omitEmpty: true },
    4: { name: "scheme", type: "string", omitEmpty: true },
    5: { name: "httpHeaders", type: "core.v1.HTTPHeader", list: "repeated" },
  },
  "core.v1.HTTPHeader": {
    1: { name: "name", type: "string" },
    2: { name: "value", type: "string" },
  },
  "core.v1.Lifecycle": {
    1: { name: "postStart", type: "core.v1.LifecycleHandler" },
    2: { name: "preStop", type: "core.v1.LifecycleHandler" },
    3: { name: "stopSignal", type: "string" },
  },
  "core.v1.LifecycleHandler": {
    1: { name: "exec", type: "core.v1.ExecAction" },
    2: { name: "httpGet", type: "core.v1.HTTPGetAction" },
    3: { name: "tcpSocket", type: "core.v1.TCPSocketAction" },
    4: { name: "sleep", type: "core.v1.SleepAction" },
  },
  "core.v1.ObjectFieldSelector": {
    1: { name: "apiVersion", type: "string", omitEmpty: true },
    2: { name: "fieldPath", type: "string" },
  },
  "core.v1.Probe": {
    1: { name: "handler", type: "core.v1.ProbeHandler", inline: true },
    2: { name: "initialDelaySeconds", type: "int32", omitEmpty: true },
    3: { name: "timeoutSeconds", type: "int32", omitEmpty: true },
    4: { name: "periodSeconds", type: "int32", omitEmpty: true },
    5: { name: "successThreshold", type: "int32", omitEmpty: true },
    6: { name: "failureThreshold", type: "int32", omitEmpty: true },
    7: { name: "terminationGracePeriodSeconds", type: "int64" },
  },
  "core.v1.ProbeHandler": {
    1: { name: "exec", type: "core.v1.ExecAction" },
    2: { name: "httpGet", type: "core.v1.HTTPGetAction" },
    3: { name: "tcpSocket", type: "core.v1.TCPSocketAction" },
    4: { name: "grpc", type: "core.v1.GRPCAction" },
  },
  "core.v1.ResourceClaim": {
    1: { name: "name", type: "string" },
    2: { name: "request", type: "string", omitEmpty: true },
  },
  "core.v1.ResourceFieldSelector": {
    1: { name: "containerName", type: "string", omitEmpty: true },
    2: { name: "resource", type: "string" },
    3: { name: "divisor", type: "quantity" },
  },
  "core.v1.ResourceRequirements": {
    1: { name: "limits", type: "quantity", list: "map" },
    2: { name: "requests", type: "quantity", list: "map" },
    3: { name: "claims", type: "core.v1.ResourceClaim", list: "repeated" },
  },
  "core.v1.SELinuxOptions": {
    1: { name: "user", type: "string", omitEmpty: true },
    2: { name: "role", type: "string", omitEmpty: true },
    3: { name: "type", type: "string", omitEmpty: true },
    4: { name: "level", type: "string", omitEmpty: true },
  },
  "core.v1.SeccompProfile": {
    1: { name: "type", type: "string" },
    2: { name: "localhostProfile", type: "string" },
  },
  "core.v1.SecretEnvSource": {
    1: { name: "localObjectReference", type: "core.v1.LocalObjectReference", inline: true },
    2: { name: "optional", type: "bool" },
  },
  "core.v1.SecretKeySelector": {
    1: { name: "localObjectReference", type: "core.v1.LocalObjectReference", inline: true },
    2: { name: "key", type: "string" },
    3: { name: "optional", type: "bool" },
  },
  "core.v1.SecurityContext": {
    1: { name: "capabilities", type: "core.v1.Capabilities" },
    2: { name: "privileged", type: "bool" },
    3: { name: "seLinuxOptions", type: "core.v1.SELinuxOptions" },
    4: { name: "runAsUser", type: "int64" },
    5: { name: "runAsNonRoot", type: "bool" },
    6: { name: "readOnlyRootFilesystem", type: "bool" },
    7: { name: "allowPrivilegeEscalation", type: "bool" },
    8: { name: "runAsGroup", type: "int64" },
    9: { name: "procMount", type: "string" },
    10: { name: "windowsOptions", type: "core.v1.WindowsSecurityContextOptions" },
    11: { name: "seccompProfile", type: "core.v1.SeccompProfile" },
    12: { name: "appArmorProfile", type: "core.v1.AppArmorProfile" },
  },
  "core.v1.SleepAction": {
    1: { name: "seconds", type: "int64" },
  },
  "core.v1.TCPSocketAction": {
    1: { name: "port", type: "intOrString" },
    2: { name: "host", type: "string", omitEmpty: true },
  },
  "core.v1.VolumeDevice": {
    1: { name: "name", type: "string" },
    2: { name: "devicePath", type: "string" },
  },
  "core.v1.VolumeMount": {
    1: { name: "name", type: "string" },
    2: { name: "readOnly", type: "bool", omitEmpty: true },
    3: { name: "mountPath", type: "string" },
    4: { name: "subPath", type: "string", omitEmpty: true },
    5: { name: "mountPropagation", type: "string" },
    6: { name: "subPathExpr", type: "string", omitEmpty: true },
    7: { name: "recursiveReadOnly", type: "string" },
  },
  "core.v1.WindowsSecurityContextOptions": {
    1: { name: "gmsaCredentialSpecName", type: "string" },
    2: { name: "gmsaCredentialSpec", type: "string" },
    3: { name: "runAsUserName", type: "string" },
    4: { name: "hostProcess", type: "bool" },
  },
} satisfies MessageTable;

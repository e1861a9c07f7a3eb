/**
 * Container, its ports, environment, resources and mounts, and the ephemeral debug container.
 */
import type { Schema } from "../types.js";
import { lifecycleSchema, probeSchema } from "./probe-schemas.js";
import { objectFieldSelectorSchema, resourceFieldSelectorSchema } from "./reference-schemas.js";
import { securityContextSchema } from "./security-schemas.js";
import { string, enumString, int32, boolean, quantityMap, object, describe, list } from "./schema-builders.js";

const containerPortSchema = object({
  name: string("Port name, unique in the pod; an IANA service name."),
  hostPort: int32("Port to expose on the node."),
  containerPort: int32("Port number on the pod's IP."),
  protocol: enumString(["SCTP", "TCP", "UDP"], "TCP (default), UDP or SCTP.", { default: "TCP" }),
  hostIP: string("Node IP to bind the host port to."),
}, ["containerPort"]);

const configMapEnvSourceSchema = object({
  name: string("Name of the ConfigMap.", { default: "" }),
  optional: boolean("Allow the ConfigMap to be missing."),
});

const secretEnvSourceSchema = object({
  name: string("Name of the Secret.", { default: "" }),
  optional: boolean("Allow the Secret to be missing."),
});

const envFromSourceSchema = object({
  prefix: string("Prefix added to every variable name."),
  configMapRef: describe(configMapEnvSourceSchema, "ConfigMap to read variables from."),
  secretRef: describe(secretEnvSourceSchema, "Secret to read variables from."),
});

const configMapKeySelectorSchema = object({
  name: string("Name of the ConfigMap.", { default: "" }),
  key: string("The key to select."),
  optional: boolean("Allow the ConfigMap or key to be missing."),
}, ["key"], { "x-kubernetes-map-type": "atomic" });

const secretKeySelectorSchema = object({
  name: string("Name of the Secret.", { default: "" }),
  key: string("The key to select."),
  optional: boolean("Allow the Secret or key to be missing."),
}, ["key"], { "x-kubernetes-map-type": "atomic" });

const envVarSourceSchema = object({
  fieldRef: describe(objectFieldSelectorSchema, "A pod field, e.g. metadata.name or status.podIP."),
  resourceFieldRef: describe(resourceFieldSelectorSchema, "A resource limit or request of a container."),
  configMapKeyRef: describe(configMapKeySelectorSchema, "A key of a ConfigMap."),
  secretKeyRef: describe(secretKeySelectorSchema, "A key of a Secret."),
});

const envVarSchema = object({
  name: string("Variable name."),
  value: string("Literal value; $(VAR) expands earlier variables."),
  valueFrom: describe(envVarSourceSchema, "Where to read the value from instead."),
}, ["name"]);

const resourceClaimSchema = object({
  name: string("Name of an entry in the pod's resourceClaims."),
  request: string("Request within the claim to use; empty for all."),
}, ["name"]);

export const resourceRequirementsSchema = object({
  limits: quantityMap("Largest amount of each resource allowed."),
  requests: quantityMap("Amount of each resource reserved; defaults to limits."),
  claims: list(resourceClaimSchema, "Pod resource claims this container uses.", { type: "map", keys: ["name"] }),
});

const containerResizePolicySchema = object({
  resourceName: string("Resource the policy applies to: cpu or memory."),
  restartPolicy: string("NotRequired or RestartContainer when the resource changes."),
}, ["resourceName", "restartPolicy"]);

const volumeMountSchema = object({
  name: string("Name of the pod volume."),
  readOnly: boolean("Mount read-only."),
  recursiveReadOnly: string("Whether submounts are read-only too: Disabled, IfPossible or Enabled."),
  mountPath: string("Path in the container to mount at; must not contain ':'."),
  subPath: string("Path inside the volume to mount instead of its root."),
  mountPropagation: enumString(["Bidirectional", "HostToContainer", "None"], "How mounts propagate: None, HostToContainer or Bidirectional."),
  subPathExpr: string("Like subPath, with $(VAR) expanded from the environment."),
}, ["name", "mountPath"]);

const volumeDeviceSchema = object({
  name: string("Name of a claim-backed pod volume."),
  devicePath: string("Path in the container for the device."),
}, ["name", "devicePath"]);

/** The fields of a container, shared by app, init and ephemeral containers. */
const containerProperties: Record<string, Schema> = {
  name: string("Container name, unique in the pod; a DNS label."),
  image: string("Container image reference."),
  command: list({ type: "string" }, "Entrypoint, replacing the image's ENTRYPOINT; $(VAR) expands from env.", { type: "atomic" }),
  args: list({ type: "string" }, "Arguments to the entrypoint, replacing the image's CMD; $(VAR) expands from env.", { type: "atomic" }),
  workingDir: string("Working directory; defaults to the image's."),
  ports: list(containerPortSchema, "Ports the container exposes; informational, except for hostPort.", { type: "map", keys: ["containerPort", "protocol"], mergeKey: "containerPort", strategy: "merge" }),
  envFrom: list(envFromSourceSchema, "Sources whose keys all become environment variables.", { type: "atomic" }),
  env: list(envVarSchema, "Environment variables to set.", { type: "map", keys: ["name"], mergeKey: "name", strategy: "merge" }),
  resources: describe(resourceRequirementsSchema, "Compute resources the container requests and is limited to."),
  resizePolicy: list(containerResizePolicySchema, "How each resource may be resized in place.", { type: "atomic" }),
  restartPolicy: string("For init containers, Always makes it a sidecar that keeps running."),
  volumeMounts: list(volumeMountSchema, "Pod volumes mounted into the container's filesystem.", { type: "map", keys: ["mountPath"], mergeKey: "mountPath", strategy: "merge" }),
  volumeDevices: list(volumeDeviceSchema, "Block devices from pod volumes to expose in the container.", { type: "map", keys: ["devicePath"], mergeKey: "devicePath", strategy: "merge" }),
  livenessProbe: describe(probeSchema, "Check that restarts the container when it fails."),
  readinessProbe: describe(probeSchema, "Check that removes the pod from service endpoints when it fails."),
  startupProbe: describe(probeSchema, "Check that must pass before the other probes start."),
  lifecycle: describe(lifecycleSchema, "Actions run after the container starts and before it stops."),
  terminationMessagePath: string("File whose contents become the termination message (default /dev/termination-log)."),
  terminationMessagePolicy: enumString(["FallbackToLogsOnError", "File"], "File, or FallbackToLogsOnError to use the log tail when the file is empty."),
  imagePullPolicy: enumString(["Always", "IfNotPresent", "Never"], "When to pull the image: Always, Never or IfNotPresent (Always for :latest)."),
  securityContext: describe(securityContextSchema, "Security settings for this container; override the pod's."),
  stdin: boolean("Allocate a stdin buffer for the container."),
  stdinOnce: boolean("Close stdin after the first attach disconnects."),
  tty: boolean("Allocate a TTY; needs stdin."),
};

export const containerSchema = object(containerProperties, ["name"]);

export const ephemeralContainerSchema = object(
  {
    ...containerProperties,
    targetContainerName: string("Container whose namespaces (IPC, PID) the debug container joins."),
  },
  ["name"],
);

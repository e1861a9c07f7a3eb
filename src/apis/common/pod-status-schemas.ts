/**
 * PodStatus as the kubelet reports it.
 */
import { resourceRequirementsSchema } from "./container-schemas.js";
import { string, enumString, int32, int64, boolean, dateTime, quantityMap, object, describe, list, condition } from "./schema-builders.js";

const podConditionSchema = condition("Condition type: PodScheduled, Initialized, ContainersReady, Ready, PodReadyToStartContainers or DisruptionTarget.", { lastProbeTime: dateTime("When the condition was last checked.") });

/** One entry of hostIPs or podIPs. */
const ipSchema = object({
  ip: string("The IP address."),
}, ["ip"]);

const containerStateWaitingSchema = object({
  reason: string("Why the container is not running yet."),
  message: string("Details about the wait."),
});

const containerStateRunningSchema = object({
  startedAt: dateTime("When the container last started."),
});

const containerStateTerminatedSchema = object({
  exitCode: int32("Exit code of the last run."),
  signal: int32("Signal that ended the last run."),
  reason: string("Short reason, e.g. Completed or OOMKilled."),
  message: string("Details about the termination."),
  startedAt: dateTime("When the last run started."),
  finishedAt: dateTime("When the last run ended."),
  containerID: string("Runtime ID of the container, as <type>://<id>."),
}, ["exitCode"]);

const containerStateSchema = object({
  waiting: describe(containerStateWaitingSchema, "Details when the container is waiting."),
  running: describe(containerStateRunningSchema, "Details when the container is running."),
  terminated: describe(containerStateTerminatedSchema, "Details when the container has terminated."),
});

const volumeMountStatusSchema = object({
  name: string("Name of the volume mount."),
  mountPath: string("Path it is mounted at."),
  readOnly: boolean("Whether it is read-only."),
  recursiveReadOnly: string("Whether submounts are read-only: Disabled or Enabled."),
}, ["name", "mountPath"]);

const linuxContainerUserSchema = object({
  uid: int64("Primary UID."),
  gid: int64("Primary GID."),
  supplementalGroups: list({ type: "integer", format: "int64" }, "Supplemental GIDs.", { type: "atomic" }),
}, ["uid", "gid"]);

const containerUserSchema = object({
  linux: describe(linuxContainerUserSchema, "Identity on Linux."),
});

const resourceHealthSchema = object({
  resourceID: string("Identifier of the device."),
  health: string("Healthy, Unhealthy or Unknown."),
}, ["resourceID"]);

const resourceStatusSchema = object({
  name: string("Resource name, e.g. a device plugin or claim resource."),
  resources: list(resourceHealthSchema, "Health of each allocated device.", { type: "map", keys: ["resourceID"] }),
}, ["name"]);

const containerStatusSchema = object({
  name: string("Name of the container."),
  state: describe(containerStateSchema, "Current state."),
  lastState: describe(containerStateSchema, "State of the previous run, if any."),
  ready: boolean("Whether the container passes its readiness check."),
  restartCount: int32("Times the container has been restarted."),
  image: string("Image the container runs."),
  imageID: string("ID of that image."),
  containerID: string("Runtime ID of the container, as <type>://<id>."),
  started: boolean("Whether the startup probe has passed."),
  allocatedResources: quantityMap("Resources the node allocated to the container."),
  resources: describe(resourceRequirementsSchema, "Resources actually applied to the running container."),
  volumeMounts: list(volumeMountStatusSchema, "Mounts as applied to the container.", { type: "map", keys: ["mountPath"], mergeKey: "mountPath", strategy: "merge" }),
  user: describe(containerUserSchema, "Identity the container's first process runs as."),
  allocatedResourcesStatus: list(resourceStatusSchema, "Health of allocated resources.", { type: "map", keys: ["name"], mergeKey: "name", strategy: "merge" }),
}, ["name", "ready", "restartCount", "image", "imageID"]);

const podResourceClaimStatusSchema = object({
  name: string("Entry in the pod's resourceClaims."),
  resourceClaimName: string("Name of the ResourceClaim created for it, if any."),
}, ["name"]);

export const podStatusSchema = object({
  phase: enumString(["Failed", "Pending", "Running", "Succeeded", "Unknown"], "Lifecycle phase: Pending, Running, Succeeded, Failed or Unknown."),
  conditions: list(podConditionSchema, "Current service state of the pod.", { type: "map", keys: ["type"], mergeKey: "type", strategy: "merge" }),
  message: string("Human-readable reason for the current state."),
  reason: string("Short CamelCase reason for the current state, e.g. Evicted."),
  nominatedNodeName: string("Node the pod may run on once preemption finishes."),
  hostIP: string("IP of the node the pod runs on."),
  hostIPs: list(ipSchema, "IPs of the node, one per address family.", { type: "atomic", mergeKey: "ip", strategy: "merge" }),
  podIP: string("The pod's IP address."),
  podIPs: list(ipSchema, "The pod's IPs, one per address family.", { type: "map", keys: ["ip"], mergeKey: "ip", strategy: "merge" }),
  startTime: dateTime("When the kubelet accepted the pod."),
  initContainerStatuses: list(containerStatusSchema, "Status of each init container.", { type: "atomic" }),
  containerStatuses: list(containerStatusSchema, "Status of each app container.", { type: "atomic" }),
  qosClass: enumString(["BestEffort", "Burstable", "Guaranteed"], "Quality of service: Guaranteed, Burstable or BestEffort."),
  ephemeralContainerStatuses: list(containerStatusSchema, "Status of each ephemeral container.", { type: "atomic" }),
  resize: string("Progress of an in-place resize."),
  resourceClaimStatuses: list(podResourceClaimStatusSchema, "Names of ResourceClaims created for the pod's claims.", { type: "map", keys: ["name"], mergeKey: "name", strategy: "merge,retainKeys" }),
});

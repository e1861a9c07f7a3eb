/**
 * PodSpec and PodTemplateSpec: the schema every pod and workload template
 * shares, and the front door for their defaulting and validation.
 */
import { containerSchema, ephemeralContainerSchema, resourceRequirementsSchema } from "./container-schemas.js";
import { objectMetaSchema } from "./meta.js";
import { localObjectReferenceSchema } from "./reference-schemas.js";
import { affinitySchema, tolerationSchema, topologySpreadConstraintSchema } from "./scheduling-schemas.js";
import { podSecurityContextSchema } from "./security-schemas.js";
import { boolean, describe, enumString, int32, int64, list, object, quantityMap, string, stringMap } from "./schema-builders.js";
import { volumeSchema } from "./volume-schemas.js";

export { defaultPodSpec, defaultPodTemplate } from "./pod-defaults.js";
export { validatePodSpec, validatePodTemplate } from "./pod-validation.js";

const hostAliasSchema = object({
  ip: string("IP address of the entry."),
  hostnames: list({ type: "string" }, "Hostnames for that IP.", { type: "atomic" }),
}, ["ip"]);

const podDNSConfigOptionSchema = object({
  name: string("Option name."),
  value: string("Option value."),
});

const podDNSConfigSchema = object({
  nameservers: list({ type: "string" }, "DNS server IPs.", { type: "atomic" }),
  searches: list({ type: "string" }, "DNS search domains.", { type: "atomic" }),
  options: list(podDNSConfigOptionSchema, "Resolver options.", { type: "atomic" }),
});

const podReadinessGateSchema = object({
  conditionType: string("Pod condition type that must be True."),
}, ["conditionType"]);

const podOSSchema = object({
  name: string("linux or windows."),
}, ["name"]);

const podSchedulingGateSchema = object({
  name: string("Name of the gate."),
}, ["name"]);

const podResourceClaimSchema = object({
  name: string("Name of this claim within the pod."),
  resourceClaimName: string("Existing ResourceClaim in the pod's namespace."),
  resourceClaimTemplateName: string("ResourceClaimTemplate a claim is created from for this pod."),
}, ["name"]);

export const podSpecSchema = object({
  volumes: list(volumeSchema, "Volumes the pod's containers can mount.", { type: "map", keys: ["name"], mergeKey: "name", strategy: "merge,retainKeys" }),
  initContainers: list(containerSchema, "Containers run one after another, to completion, before the app containers start.", { type: "map", keys: ["name"], mergeKey: "name", strategy: "merge" }),
  containers: list(containerSchema, "The pod's application containers; at least one.", { type: "map", keys: ["name"], mergeKey: "name", strategy: "merge" }),
  ephemeralContainers: list(ephemeralContainerSchema, "Debugging containers added to a running pod; set through the ephemeralcontainers subresource.", { type: "map", keys: ["name"], mergeKey: "name", strategy: "merge" }),
  restartPolicy: enumString(["Always", "Never", "OnFailure"], "When containers are restarted: Always, OnFailure or Never (default Always)."),
  terminationGracePeriodSeconds: int64("Seconds between the stop signal and a forced kill when the pod is deleted (default 30)."),
  activeDeadlineSeconds: int64("Seconds the pod may run, counted from its start, before the kubelet fails it."),
  dnsPolicy: enumString(["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"], "How the pod resolves names: ClusterFirst (default), ClusterFirstWithHostNet, Default or None."),
  nodeSelector: stringMap("Labels a node must carry for the pod to be scheduled onto it.", { "x-kubernetes-map-type": "atomic" }),
  serviceAccountName: string("Service account the pod runs as."),
  serviceAccount: string("Deprecated alias of serviceAccountName."),
  automountServiceAccountToken: boolean("Whether the service account token is mounted into the pod."),
  nodeName: string("Node the pod is bound to; set by the scheduler, or by hand to bypass it."),
  hostNetwork: boolean("Use the node's network namespace instead of a pod network."),
  hostPID: boolean("Use the node's process namespace."),
  hostIPC: boolean("Use the node's IPC namespace."),
  shareProcessNamespace: boolean("Put all containers of the pod in one process namespace."),
  securityContext: describe(podSecurityContextSchema, "Security settings that apply to every container of the pod."),
  imagePullSecrets: list(localObjectReferenceSchema, "Secrets with registry credentials used to pull the pod's images.", { type: "map", keys: ["name"], mergeKey: "name", strategy: "merge" }),
  hostname: string("Hostname of the pod; defaults to the pod's name."),
  subdomain: string("Subdomain that, with hostname, forms the pod's DNS name <hostname>.<subdomain>.<namespace>.svc."),
  affinity: describe(affinitySchema, "Node affinity and pod (anti-)affinity rules for scheduling."),
  schedulerName: string("Scheduler that places the pod (default default-scheduler)."),
  tolerations: list(tolerationSchema, "Taints the pod tolerates.", { type: "atomic" }),
  hostAliases: list(hostAliasSchema, "Extra entries written to the pod's /etc/hosts.", { type: "map", keys: ["ip"], mergeKey: "ip", strategy: "merge" }),
  priorityClassName: string("PriorityClass that sets the pod's priority."),
  priority: int32("Scheduling priority, resolved from priorityClassName by admission."),
  dnsConfig: describe(podDNSConfigSchema, "DNS resolver settings merged with those chosen by dnsPolicy."),
  readinessGates: list(podReadinessGateSchema, "Extra pod conditions that must be True for the pod to be ready.", { type: "atomic" }),
  runtimeClassName: string("RuntimeClass used to run the pod."),
  enableServiceLinks: boolean("Whether service environment variables are injected (default true)."),
  preemptionPolicy: enumString(["Never", "PreemptLowerPriority"], "Whether the pod may preempt lower-priority pods: PreemptLowerPriority or Never."),
  overhead: quantityMap("Resources the pod's runtime consumes beyond its containers, set from the RuntimeClass."),
  topologySpreadConstraints: list(topologySpreadConstraintSchema, "How the pod's replicas spread across topology domains.", { type: "map", keys: ["topologyKey", "whenUnsatisfiable"], mergeKey: "topologyKey", strategy: "merge" }),
  setHostnameAsFQDN: boolean("Set the pod's hostname to its fully qualified domain name."),
  os: describe(podOSSchema, "Operating system the pod's containers need."),
  hostUsers: boolean("Use the node's user namespace (default true); false gives the pod its own."),
  schedulingGates: list(podSchedulingGateSchema, "Gates that hold the pod back from scheduling while any remain.", { type: "map", keys: ["name"], mergeKey: "name", strategy: "merge" }),
  resourceClaims: list(podResourceClaimSchema, "Dynamic resource claims the pod's containers may use.", { type: "map", keys: ["name"], mergeKey: "name", strategy: "merge,retainKeys" }),
  resources: describe(resourceRequirementsSchema, "Pod-level resource requests and limits, shared by all containers."),
}, ["containers"]);

export const podTemplateSpecSchema = object({
  metadata: describe(objectMetaSchema, "Labels and annotations of the created pods."),
  spec: describe(podSpecSchema, "Spec of the created pods."),
});

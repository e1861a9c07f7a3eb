/**
 * Node (core/v1, cluster-scoped): a machine that runs pods. Kubelets create
 * their node with status included; afterwards status changes through the
 * status subresource only. `kubectl get nodes` reads readiness, roles and
 * versions from it.
 */
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { atomicList, mapList, objectField, setList, stringList } from "./common/core-schemas.js";
import { boolean, condition, dateTime, enumString, int32, int64, quantityMap, string } from "./common/schema-builders.js";
import { TAINT_EFFECTS, validateNode, validateNodeUpdate, type Node } from "./common/node-validation.js";
import type { KindDefinition, KubeObject, Schema } from "./types.js";

const configMapSource = objectField(
  "A ConfigMap holding kubelet configuration (deprecated).",
  {
    kubeletConfigKey: string("Key of the ConfigMap that holds the KubeletConfiguration."),
    name: string("Name of the ConfigMap."),
    namespace: string("Namespace of the ConfigMap."),
    resourceVersion: string("Resource version of the ConfigMap; set in status only."),
    uid: string("UID of the ConfigMap; set in status only."),
  },
  ["namespace", "name", "kubeletConfigKey"],
);

function configSource(description: string): Schema {
  return objectField(description, { configMap: configMapSource });
}

const taint = objectField(
  "Repels pods that do not tolerate it.",
  {
    effect: enumString([...TAINT_EFFECTS].sort(), "What happens to pods that do not tolerate the taint."),
    key: string("The taint key."),
    timeAdded: dateTime("When the taint was added; set for NoExecute taints only."),
    value: string("The taint value."),
  },
  ["key", "effect"],
);

const spec = objectField("The desired configuration of the node.", {
  configSource: configSource("Deprecated: where the kubelet read its configuration; no longer used."),
  externalID: string("Deprecated: the node's external ID; not set by current kubelets."),
  podCIDR: string("The pod IP range of the node; the first of podCIDRs."),
  podCIDRs: setList("Pod IP ranges of the node, at most one per IP family.", { merge: true }),
  providerID: string("ID of the node at the cloud provider, as <provider>://<id>."),
  taints: atomicList(taint, "Taints that keep pods without matching tolerations away."),
  unschedulable: boolean("When true, no new pods are scheduled to the node (cordoned)."),
});

const nodeInfoFields = {
  architecture: "CPU architecture, e.g. amd64.",
  bootID: "Boot ID of the node.",
  containerRuntimeVersion: "Container runtime and version, e.g. containerd://1.7.2.",
  kernelVersion: "Kernel version, from uname -r.",
  kubeProxyVersion: "Deprecated: the kube-proxy version.",
  kubeletVersion: "Kubelet version.",
  machineID: "Machine ID, from /etc/machine-id.",
  operatingSystem: "Operating system, e.g. linux.",
  osImage: "Operating system image, from /etc/os-release.",
  systemUUID: "System UUID reported by the hardware.",
} as const;

const status = objectField("The most recently observed state of the node.", {
  addresses: mapList(
    objectField(
      "One address of the node.",
      { address: string("The address."), type: string("Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS.") },
      ["type", "address"],
    ),
    "Addresses that reach the node.",
    ["type"],
  ),
  allocatable: quantityMap("Resources available to pods; defaults to capacity."),
  capacity: quantityMap("Total resources of the node."),
  conditions: mapList(
    condition("Condition type, e.g. Ready or MemoryPressure.", { lastHeartbeatTime: dateTime("When the condition was last reported.") }),
    "Observed conditions such as Ready.",
    ["type"],
  ),
  config: objectField("Deprecated: the status of dynamic kubelet configuration.", {
    active: configSource("The configuration in use."),
    assigned: configSource("The configuration the node will try to use."),
    error: string("Problems applying the assigned configuration."),
    lastKnownGood: configSource("The configuration to fall back to."),
  }),
  daemonEndpoints: objectField("Ports of daemons running on the node.", {
    kubeletEndpoint: objectField("Where the kubelet listens.", { Port: int32("The port number.") }, ["Port"]),
  }),
  features: objectField("Features of the node's container runtime.", {
    supplementalGroupsPolicy: boolean("Whether the runtime supports supplementalGroupsPolicy."),
  }),
  images: atomicList(
    objectField("A container image present on the node.", {
      names: stringList("Names (tags and digests) of the image."),
      sizeBytes: int64("Size of the image in bytes."),
    }),
    "Container images on the node.",
  ),
  nodeInfo: objectField(
    "Versions and identifiers of the node's system.",
    Object.fromEntries(Object.entries(nodeInfoFields).map(([field, description]) => [field, string(description)])),
    Object.keys(nodeInfoFields),
  ),
  phase: enumString(["Pending", "Running", "Terminated"], "Deprecated lifecycle phase; never set."),
  runtimeHandlers: atomicList(
    objectField("A runtime handler (RuntimeClass handler) of the container runtime.", {
      features: objectField("Features the handler supports.", {
        recursiveReadOnlyMounts: boolean("Whether recursive read-only mounts are supported."),
        userNamespaces: boolean("Whether user namespaces are supported, including for volumes."),
      }),
      name: string("Handler name; empty for the default handler."),
    }),
    "Runtime handlers the container runtime offers.",
  ),
  volumesAttached: atomicList(
    objectField(
      "A volume attached to the node.",
      { devicePath: string("Where the device is available."), name: string("Name of the attached volume.") },
      ["name", "devicePath"],
    ),
    "Volumes attached to the node.",
  ),
  volumesInUse: stringList("Attachable volumes mounted on the node."),
});

const schema = objectSchema("A worker machine that runs pods.", { spec, status });

const NODE_ROLE_PREFIX = "node-role.kubernetes.io/";
const LEGACY_ROLE_LABEL = "kubernetes.io/role";

/** `Ready`, `NotReady` or `Unknown` from the Ready condition, plus `SchedulingDisabled` when cordoned. */
function statusCell(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  const states = [ready ? (ready.status === "True" ? "Ready" : "NotReady") : "Unknown"];
  if (node.spec?.unschedulable) states.push("SchedulingDisabled");
  return states.join(",");
}

/** Roles from `node-role.kubernetes.io/<role>` labels and the legacy `kubernetes.io/role`. */
function rolesCell(node: Node): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(NODE_ROLE_PREFIX) && key.length > NODE_ROLE_PREFIX.length) roles.add(key.slice(NODE_ROLE_PREFIX.length));
    else if (key === LEGACY_ROLE_LABEL && value) roles.add(value);
  }
  return [...roles].sort().join(",") || "<none>";
}

function addressCell(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? "<none>";
}

const asNode = (object: KubeObject) => object as Node;
const infoCell = (field: "osImage" | "kernelVersion" | "containerRuntimeVersion") => (object: KubeObject) =>
  asNode(object).status?.nodeInfo?.[field] || "<unknown>";

export const nodeKind = {
  group: "",
  version: "v1",
  kind: "Node",
  listKind: "NodeList",
  plural: "nodes",
  singular: "node",
  shortNames: ["no"],
  categories: [],
  namespaced: false,
  schema,
  tracksGeneration: false,
  subresources: { status: true },
  strategy: {
    defaults(object) {
      const node = asNode(object);
      const nodeSpec = node.spec;
      // podCIDRs wins; podCIDR mirrors its first entry, as upstream's conversion keeps them.
      if (nodeSpec?.podCIDR && !nodeSpec.podCIDRs?.length) nodeSpec.podCIDRs = [nodeSpec.podCIDR];
      if (nodeSpec?.podCIDRs?.[0]) nodeSpec.podCIDR = nodeSpec.podCIDRs[0];
      if (node.status?.capacity && !node.status.allocatable) node.status.allocatable = { ...node.status.capacity };
    },
    prepareForCreate(object) {
      // Dynamic kubelet configuration is gone; nothing may start using it.
      const node = asNode(object);
      delete node.spec?.configSource;
      delete node.status?.config;
    },
    prepareForUpdate(object, old) {
      if (asNode(old).spec?.configSource === undefined) delete asNode(object).spec?.configSource;
    },
    validate: (object) => validateNode(asNode(object)),
    validateUpdate: (object, old) => validateNodeUpdate(asNode(object), asNode(old)),
  },
  selectableFields: (object) => ({ "spec.unschedulable": String(asNode(object).spec?.unschedulable ?? false) }),
  columns: [
    nameColumn,
    {
      name: "Status",
      type: "string",
      description: "Readiness of the node.",
      priority: 0,
      cell: (object) => statusCell(asNode(object)),
    },
    {
      name: "Roles",
      type: "string",
      description: "Roles of the node, from its labels.",
      priority: 0,
      cell: (object) => rolesCell(asNode(object)),
    },
    ageColumn,
    {
      name: "Version",
      type: "string",
      description: "Kubelet version of the node.",
      priority: 0,
      cell: (object) => asNode(object).status?.nodeInfo?.kubeletVersion ?? "",
    },
    {
      name: "Internal-IP",
      type: "string",
      description: "The node's first internal IP.",
      priority: 1,
      cell: (object) => addressCell(asNode(object), "InternalIP"),
    },
    {
      name: "External-IP",
      type: "string",
      description: "The node's first external IP.",
      priority: 1,
      cell: (object) => addressCell(asNode(object), "ExternalIP"),
    },
    {
      name: "OS-Image",
      type: "string",
      description: "Operating system image of the node.",
      priority: 1,
      cell: infoCell("osImage"),
    },
    {
      name: "Kernel-Version",
      type: "string",
      description: "Kernel version of the node.",
      priority: 1,
      cell: infoCell("kernelVersion"),
    },
    {
      name: "Container-Runtime",
      type: "string",
      description: "Container runtime and version of the node.",
      priority: 1,
      cell: infoCell("containerRuntimeVersion"),
    },
  ],
} satisfies KindDefinition;

/**
 * The Node this kubelet registers and the status it posts: capacity from
 * the host (allocatable equal to it: nothing is reserved), addresses,
 * nodeInfo, the labels a k3s server node carries, and the four
 * conditions with upstream's reasons and messages. Heartbeat times are
 * left out of the comparison that decides whether a write is needed.
 */
import type { KubeObject } from "../apis/types.js";
import { goArch } from "../fake/nodes.js";
import type { HostInfo } from "./host-info.js";

export interface NodeSettings {
  readonly host: HostInfo;
  readonly maxPods: number;
  readonly podCIDR: string;
  readonly runtimeVersion: string;
  readonly kubeletVersion: string;
}

interface NodeCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  lastHeartbeatTime: string;
  lastTransitionTime: string;
}

export function nodeLabels(host: HostInfo): Record<string, string> {
  const arch = goArch();
  return {
    "kubernetes.io/hostname": host.hostname,
    "kubernetes.io/os": "linux",
    "kubernetes.io/arch": arch,
    "beta.kubernetes.io/os": "linux",
    "beta.kubernetes.io/arch": arch,
    "node-role.kubernetes.io/control-plane": "true",
  };
}

export function newNode(settings: NodeSettings): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: settings.host.hostname, labels: nodeLabels(settings.host) },
    spec: settings.podCIDR ? { podCIDR: settings.podCIDR, podCIDRs: [settings.podCIDR] } : {},
  };
}

function kibibytes(bytes: number): string {
  return `${Math.floor(bytes / 1024)}Ki`;
}

/** What the conditions say, before times are attached: why the node is not ready (upstream's runtime and network errors), none when it is. */
export interface Health {
  readonly errors: readonly string[];
}

function conditions(health: Health): Omit<NodeCondition, "lastHeartbeatTime" | "lastTransitionTime">[] {
  const { errors } = health;
  return [
    { type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available" },
    { type: "DiskPressure", status: "False", reason: "KubeletHasNoDiskPressure", message: "kubelet has no disk pressure" },
    { type: "PIDPressure", status: "False", reason: "KubeletHasSufficientPID", message: "kubelet has sufficient PID available" },
    errors.length === 0
      ? { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }
      : // As Go's errors.NewAggregate prints them: one alone, several in brackets.
        { type: "Ready", status: "False", reason: "KubeletNotReady", message: errors.length === 1 ? (errors[0] ?? "") : `[${errors.join(", ")}]` },
  ];
}

/** The node's status: `previous` keeps transition times of unchanged conditions; `now` stamps heartbeats. */
export function nodeStatus(settings: NodeSettings, health: Health, previous: Readonly<Record<string, unknown>> | undefined, now: string): Record<string, unknown> {
  const { host } = settings;
  const capacity = { cpu: String(host.cpus), memory: kibibytes(host.memoryBytes), "ephemeral-storage": kibibytes(host.storageBytes), pods: String(settings.maxPods) };
  const before = ((previous?.conditions as NodeCondition[] | undefined) ?? []);
  return {
    ...previous,
    capacity,
    allocatable: { ...capacity },
    conditions: conditions(health).map((c) => {
      const old = before.find((b) => b.type === c.type);
      return { ...c, lastHeartbeatTime: now, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now };
    }),
    addresses: [
      { type: "InternalIP", address: host.internalIP },
      { type: "Hostname", address: host.hostname },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      architecture: goArch(),
      bootID: host.bootID,
      containerRuntimeVersion: settings.runtimeVersion,
      kernelVersion: host.kernelVersion,
      kubeProxyVersion: "",
      kubeletVersion: settings.kubeletVersion,
      machineID: host.machineID,
      operatingSystem: "linux",
      osImage: host.osImage,
      systemUUID: host.systemUUID,
    },
  };
}

/** The status without heartbeat times: two statuses equal here need no write. */
export function withoutHeartbeats(status: Readonly<Record<string, unknown>> | undefined): string {
  const conditions = ((status?.conditions as NodeCondition[] | undefined) ?? []).map(({ lastHeartbeatTime: _ignored, ...rest }) => rest);
  return JSON.stringify({ ...status, conditions });
}

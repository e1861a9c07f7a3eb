/** Builders for plugin tests: pods, nodes, NodeInfos and a cycle over them. */
import type { Container, PodSpec } from "../../apis/common/pod-types.js";
import { CycleState, NodeInfo, PodInfo, StaticSnapshot, type Node, type Pod, type Taint } from "../framework/index.js";

let uid = 0;

export interface PodOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  /** Requests of one container, e.g. `{ cpu: "500m" }`. */
  readonly requests?: Record<string, string>;
  readonly spec?: Partial<PodSpec>;
  readonly nodeName?: string;
  readonly priority?: number;
  readonly ownerUid?: string;
}

export function makePod(options: PodOptions = {}): Pod {
  const container: Container = { name: "c", image: "busybox", ...(options.requests ? { resources: { requests: options.requests } } : {}) };
  uid++;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: options.name ?? `pod-${uid}`,
      namespace: options.namespace ?? "default",
      uid: `uid-${uid}`,
      labels: options.labels ?? {},
      ...(options.ownerUid ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: options.ownerUid, controller: true }] } : {}),
    },
    spec: {
      containers: [container],
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
      ...options.spec,
    },
  };
}

export interface NodeOptions {
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: string;
  readonly extra?: Record<string, string>;
  readonly labels?: Record<string, string>;
  readonly taints?: Taint[];
  readonly unschedulable?: boolean;
  readonly images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, options: NodeOptions = {}): Node {
  const allocatable = { cpu: options.cpu ?? "4", memory: options.memory ?? "8Gi", pods: options.pods ?? "110", ...options.extra };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...options.labels } },
    spec: { ...(options.taints ? { taints: options.taints } : {}), ...(options.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: allocatable, allocatable, ...(options.images ? { images: options.images } : {}) },
  };
}

/** A NodeInfo holding the node and the given pods (bound to it). */
export function makeNodeInfo(node: Node, pods: readonly Pod[] = []): NodeInfo {
  const info = new NodeInfo(node.metadata.name ?? "", node);
  for (const pod of pods) info.addPod(new PodInfo({ ...pod, spec: { ...pod.spec, nodeName: info.name } }));
  return info;
}

export function cycleFor(pod: Pod, nodes: readonly NodeInfo[]): CycleState {
  return new CycleState(new PodInfo(pod), new StaticSnapshot(nodes));
}

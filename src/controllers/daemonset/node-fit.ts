/**
 * Which nodes a DaemonSet runs on (upstream's NodeShouldRunDaemonPod): the
 * template's nodeName, nodeSelector and required node affinity must match
 * the node, and its taints must be tolerated, counting the tolerations
 * every daemon pod gets. A pod already running stays as long as it
 * tolerates the node's NoExecute taints.
 */
import type { KubeObject } from "../../apis/types.js";
import type { PodSpec, Toleration } from "../../apis/common/pod-types.js";
import { fitsNodeSelectorAndAffinity } from "../../apis/common/node-selector.js";
import {
  findUntoleratedTaint,
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  type Taint,
} from "../../apis/common/node-taints.js";

/** Tolerations every daemon pod carries: it must keep running on unhealthy and cordoned nodes. */
const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: TAINT_NOT_READY, operator: "Exists", effect: "NoExecute" },
  { key: TAINT_UNREACHABLE, operator: "Exists", effect: "NoExecute" },
  { key: TAINT_DISK_PRESSURE, operator: "Exists", effect: "NoSchedule" },
  { key: TAINT_MEMORY_PRESSURE, operator: "Exists", effect: "NoSchedule" },
  { key: TAINT_PID_PRESSURE, operator: "Exists", effect: "NoSchedule" },
  { key: TAINT_UNSCHEDULABLE, operator: "Exists", effect: "NoSchedule" },
];
/** Host-network pods are the network plugin itself, so they also run where the network is not up. */
const HOST_NETWORK_TOLERATION: Toleration = { key: TAINT_NETWORK_UNAVAILABLE, operator: "Exists", effect: "NoSchedule" };

function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? "") === (b.key ?? "") && (a.operator ?? "") === (b.operator ?? "") && (a.value ?? "") === (b.value ?? "") && (a.effect ?? "") === (b.effect ?? "");
}

/** The spec's tolerations with the daemon ones added or put in place of equal ones (upstream's AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(spec: PodSpec): Toleration[] {
  const result = [...(spec.tolerations ?? [])];
  const wanted = spec.hostNetwork ? [...DAEMON_TOLERATIONS, HOST_NETWORK_TOLERATION] : DAEMON_TOLERATIONS;
  for (const toleration of wanted) {
    const index = result.findIndex((t) => sameToleration(t, toleration));
    if (index >= 0) result[index] = { ...toleration };
    else result.push({ ...toleration });
  }
  return result;
}

export interface NodeVerdict {
  /** A daemon pod should be created here if missing. */
  readonly shouldRun: boolean;
  /** An existing daemon pod may stay here. */
  readonly shouldContinueRunning: boolean;
}

export function nodeShouldRunDaemonPod(node: KubeObject, template: PodSpec | undefined): NodeVerdict {
  const spec = template ?? {};
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!fitsNodeSelectorAndAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = (node.spec as { taints?: Taint[] } | undefined)?.taints;
  const tolerations = daemonTolerations(spec);
  const blocking = findUntoleratedTaint(taints, { tolerations, effects: ["NoSchedule", "NoExecute"] });
  if (!blocking) return { shouldRun: true, shouldContinueRunning: true };
  const evicting = findUntoleratedTaint(taints, { tolerations, effects: ["NoExecute"] });
  return { shouldRun: false, shouldContinueRunning: evicting === undefined };
}

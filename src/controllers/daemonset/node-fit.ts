/**
 * Which nodes a DaemonSet runs on (upstream's NodeShouldRunDaemonPod): the
 * template's nodeName, nodeSelector and required node affinity must match
 * the node, and its taints must be tolerated, counting the tolerations
 * every daemon pod gets. A pod already running stays as long as it
 * tolerates the node's NoExecute taints.
 */
import type { KubeObject } from "../../apis/types.js";
import type { NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Toleration } from "../../apis/common/pod-types.js";
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

function requirementMatches(requirement: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      const have = Number.parseInt(value ?? "", 10);
      const limit = Number.parseInt(values[0] ?? "", 10);
      if (value === undefined || Number.isNaN(have) || Number.isNaN(limit)) return false;
      return requirement.operator === "Gt" ? have > limit : have < limit;
    }
    default:
      return false;
  }
}

function termMatches(term: NodeSelectorTerm, node: KubeObject): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  // An empty term selects nothing.
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  return (
    expressions.every((r) => requirementMatches(r, Object.hasOwn(labels, r.key ?? "") ? labels[r.key ?? ""] : undefined)) &&
    fields.every((r) => r.key === "metadata.name" && requirementMatches(r, node.metadata.name))
  );
}

/** nodeSelector and required node affinity (any one term must match). */
export function fitsNodeAffinity(spec: PodSpec, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  if (!Object.entries(spec.nodeSelector ?? {}).every(([key, value]) => labels[key] === value)) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((term) => termMatches(term, node));
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
  if (!fitsNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = (node.spec as { taints?: Taint[] } | undefined)?.taints;
  const tolerations = daemonTolerations(spec);
  const blocking = findUntoleratedTaint(taints, { tolerations, effects: ["NoSchedule", "NoExecute"] });
  if (!blocking) return { shouldRun: true, shouldContinueRunning: true };
  const evicting = findUntoleratedTaint(taints, { tolerations, effects: ["NoExecute"] });
  return { shouldRun: false, shouldContinueRunning: evicting === undefined };
}

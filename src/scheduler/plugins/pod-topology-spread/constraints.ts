/**
 * Topology spread constraints as the plugin evaluates them. Explicit
 * constraints come from the pod (matchLabelKeys folded into the selector);
 * a pod without any gets the system defaults, ScheduleAnyway over
 * hostnames (maxSkew 3) and zones (maxSkew 5), counting the pods that
 * share its controller. (Upstream derives that set from the Services and
 * workloads selecting the pod; the controller owner is the same set for
 * pods of a ReplicaSet, StatefulSet or Job, without watching those kinds.)
 */
import type { TopologySpreadConstraint } from "../../../apis/common/pod-types.js";
import { matchesLabels, selectorFromLabelSelector, type LabelSelectorObject } from "../../../machinery/labels.js";
import {
  findUntoleratedTaint,
  isDoNotScheduleTaint,
  fitsNodeSelectorAndAffinity,
  type NodeInfo,
  type PodInfo,
} from "../../framework/index.js";

export const HOSTNAME_LABEL = "kubernetes.io/hostname";
const ZONE_LABEL = "topology.kubernetes.io/zone";

export interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly minDomains: number;
  /** Whether a pod counts toward the spread (namespace aside). */
  readonly selects: (pod: PodInfo) => boolean;
  /** Pods on the node the constraint counts: same namespace, selected, not terminating. */
  readonly count: (node: NodeInfo) => number;
  /** nodeAffinityPolicy and nodeTaintsPolicy: whether the node's pods count toward the spread. */
  readonly includes: (node: NodeInfo) => boolean;
}

/** Counts by walking the node's pods. */
function podCounter(namespace: string, selects: (pod: PodInfo) => boolean): (node: NodeInfo) => number {
  return (node) => {
    let count = 0;
    for (const other of node.pods.values()) if (!other.terminating && other.namespace === namespace && selects(other)) count++;
    return count;
  };
}

function labelSelects(constraint: TopologySpreadConstraint, pod: PodInfo): (other: PodInfo) => boolean {
  const object = (constraint.labelSelector ?? undefined) as LabelSelectorObject | undefined;
  const extra = (constraint.matchLabelKeys ?? [])
    .filter((key) => Object.hasOwn(pod.labels, key))
    .map((key) => ({ key, operator: "In", values: [pod.labels[key] ?? ""] }));
  const merged = object ? { ...object, matchExpressions: [...(object.matchExpressions ?? []), ...extra] } : undefined;
  const parsed = selectorFromLabelSelector(merged);
  if (!parsed.ok) return () => false;
  const selector = parsed.value;
  return (other) => matchesLabels(selector, other.labels);
}

function systemDefaults(pod: PodInfo): Constraint[] {
  const owner = pod.controllerUid;
  if (owner === undefined) return [];
  const selects = (other: PodInfo) => other.controllerUid === owner;
  // A controller's pods share its namespace, and nodes keep a count per controller.
  const count = (node: NodeInfo) => node.podsOfController(owner);
  const policies = { honorNodeAffinity: true, honorTaints: false };
  const base = { minDomains: 1, selects, count, includes: nodeFilter(pod, policies) };
  return [
    { ...base, maxSkew: 3, topologyKey: HOSTNAME_LABEL },
    { ...base, maxSkew: 5, topologyKey: ZONE_LABEL },
  ];
}

/**
 * The pod's constraints of one kind: DoNotSchedule ones filter, ScheduleAnyway
 * ones score (and the system defaults score, for pods that state none).
 */
export function podConstraints(pod: PodInfo, kind: "DoNotSchedule" | "ScheduleAnyway"): Constraint[] {
  const declared = pod.pod.spec.topologySpreadConstraints ?? [];
  if (declared.length === 0) return kind === "ScheduleAnyway" ? systemDefaults(pod) : [];
  return declared
    .filter((c) => (c.whenUnsatisfiable ?? "DoNotSchedule") === kind)
    .map((c) => {
      const selects = labelSelects(c, pod);
      const policies = { honorNodeAffinity: (c.nodeAffinityPolicy ?? "Honor") === "Honor", honorTaints: c.nodeTaintsPolicy === "Honor" };
      return {
        maxSkew: c.maxSkew ?? 1,
        topologyKey: c.topologyKey ?? "",
        minDomains: c.minDomains ?? 1,
        selects,
        count: podCounter(pod.namespace, selects),
        includes: nodeFilter(pod, policies),
      };
    });
}

/** Whether the pod declares constraints itself (then nodes must carry every topology key). */
export function declaresConstraints(pod: PodInfo): boolean {
  return (pod.pod.spec.topologySpreadConstraints ?? []).length > 0;
}

export function hasAllKeys(node: NodeInfo, constraints: readonly Constraint[]): boolean {
  return constraints.every((c) => Object.hasOwn(node.labels, c.topologyKey));
}

function nodeFilter(pod: PodInfo, policies: { readonly honorNodeAffinity: boolean; readonly honorTaints: boolean }): (node: NodeInfo) => boolean {
  return (node) => {
    if (!node.node) return false;
    if (policies.honorNodeAffinity && !fitsNodeSelectorAndAffinity(pod.pod.spec, node.node)) return false;
    if (!policies.honorTaints) return true;
    return !findUntoleratedTaint(node.node.spec?.taints, { tolerations: pod.pod.spec.tolerations, applies: isDoNotScheduleTaint });
  };
}

/**
 * DaemonSet pods: each is pinned to its node by a required node affinity
 * on `metadata.name` (upstream's way, so the scheduler still checks
 * resources and ports) rather than by nodeName, carries the revision hash
 * label and the daemon tolerations.
 */
import type { KubeObject } from "../../apis/types.js";
import type { IntOrString, NodeSelectorTerm, PodSpec, PodTemplateSpec } from "../../apis/common/pod-types.js";
import type { LabelSelector } from "../../apis/common/label-selector.js";
import { REVISION_HASH_LABEL } from "../statefulset/history.js";
import { podFromTemplate } from "../statefulset/pod-template.js";
import { daemonTolerations } from "./node-fit.js";

export interface DaemonSetSpec {
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
}

export interface DaemonSetStatus {
  currentNumberScheduled?: number;
  numberMisscheduled?: number;
  desiredNumberScheduled?: number;
  numberReady?: number;
  observedGeneration?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
  numberUnavailable?: number;
  collisionCount?: number;
  [field: string]: unknown;
}

export interface DaemonSet extends KubeObject {
  spec?: DaemonSetSpec;
  status?: DaemonSetStatus;
}

function nodeNameTerm(nodeName: string): NodeSelectorTerm {
  return { matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] };
}

/** A new daemon pod for the node, at the revision with this hash. */
export function newDaemonPod(ds: DaemonSet, { nodeName, hash }: { nodeName: string; hash: string }): KubeObject {
  const pod = podFromTemplate(ds.spec?.template, ds);
  pod.metadata.generateName = `${ds.metadata.name ?? ""}-`;
  pod.metadata.namespace = ds.metadata.namespace ?? "";
  pod.metadata.labels = { ...pod.metadata.labels, [REVISION_HASH_LABEL]: hash };
  const spec = pod.spec as PodSpec;
  spec.tolerations = daemonTolerations(spec);
  // The template's own node affinity was checked when picking the node; the pod keeps only the pin.
  const affinity = (spec.affinity ??= {});
  affinity.nodeAffinity = {
    ...affinity.nodeAffinity,
    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [nodeNameTerm(nodeName)] },
  };
  return pod;
}

/** The node a daemon pod is for: its nodeName once bound, else the node its affinity pins it to. */
export function targetNodeOf(pod: KubeObject): string | undefined {
  const spec = (pod.spec ?? {}) as PodSpec;
  if (spec.nodeName) return spec.nodeName;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    const pin = term.matchFields?.find((f) => f.key === "metadata.name" && f.operator === "In");
    if (pin) return pin.values?.length === 1 ? pin.values[0] : undefined;
  }
  return undefined;
}

/** Bound pods first, then oldest first, then by name (upstream's podByCreationTimestampAndPhase). */
export function compareDaemonPods(a: KubeObject, b: KubeObject): number {
  const boundA = Boolean((a.spec as PodSpec | undefined)?.nodeName);
  const boundB = Boolean((b.spec as PodSpec | undefined)?.nodeName);
  if (boundA !== boundB) return boundA ? -1 : 1;
  const created = (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "");
  return created || (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
}

export function podHash(pod: KubeObject): string {
  return pod.metadata.labels?.[REVISION_HASH_LABEL] ?? "";
}

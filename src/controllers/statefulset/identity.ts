/**
 * A StatefulSet pod's stable identity: its name `<set>-<ordinal>`, the
 * labels that carry name, index and revision, hostname and subdomain from
 * the governing service, and its claims `<template>-<set>-<ordinal>`.
 */
import type { KubeObject } from "../../apis/types.js";
import type { PodSpec, PodTemplateSpec, Volume } from "../../apis/common/pod-types.js";
import type { ClaimTemplate, StatefulSetSpec } from "../../apis/statefulset.js";
import { podFromTemplate } from "./pod-template.js";
import { REVISION_HASH_LABEL } from "./history.js";
import { cloneJson } from "../../machinery/clone.js";

export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas?: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  [field: string]: unknown;
}

export interface StatefulSet extends KubeObject {
  spec?: StatefulSetSpec;
  status?: StatefulSetStatus;
}

const ORDINAL_NAME = /^(.*)-(\d+)$/;

/** The parent set's name and the ordinal a pod name encodes; ordinal -1 if it encodes none. */
export function parentAndOrdinal(pod: KubeObject): { parent: string; ordinal: number } {
  const match = ORDINAL_NAME.exec(pod.metadata.name ?? "");
  const ordinal = match ? Number(match[2]) : -1;
  return match && ordinal <= 0x7fffffff ? { parent: match[1] ?? "", ordinal } : { parent: "", ordinal: -1 };
}

export function ordinalOf(pod: KubeObject): number {
  return parentAndOrdinal(pod).ordinal;
}

export function isMemberOf(set: StatefulSet, pod: KubeObject): boolean {
  return parentAndOrdinal(pod).parent === set.metadata.name;
}

export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata.name ?? ""}-${ordinal}`;
}

export function claimName(set: StatefulSet, { claim, ordinal }: { claim: ClaimTemplate; ordinal: number }): string {
  return `${claim.metadata?.name ?? ""}-${set.metadata.name ?? ""}-${ordinal}`;
}

export function startOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

export function podRevision(pod: KubeObject): string {
  return pod.metadata.labels?.[REVISION_HASH_LABEL] ?? "";
}

/** The labels upstream's updateIdentity keeps on every pod of the set. */
function identityLabels(set: StatefulSet, ordinal: number): Record<string, string> {
  return { [POD_NAME_LABEL]: podName(set, ordinal), [POD_INDEX_LABEL]: String(ordinal) };
}

export function identityMatches(set: StatefulSet, pod: KubeObject): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  if (ordinal < 0 || parent !== set.metadata.name || pod.metadata.namespace !== set.metadata.namespace) return false;
  return Object.entries(identityLabels(set, ordinal)).every(([key, value]) => pod.metadata.labels?.[key] === value);
}

/** A copy of the pod with its identity labels restored (the parts of identity that may change after creation). */
export function withIdentity(set: StatefulSet, pod: KubeObject): KubeObject {
  const copy = cloneJson(pod);
  copy.metadata.labels = { ...copy.metadata.labels, ...identityLabels(set, ordinalOf(pod)) };
  return copy;
}

/** A new pod for the ordinal from the given template, at the given revision. */
export function newStatefulSetPod(
  set: StatefulSet,
  { template, ordinal, revision }: { template: PodTemplateSpec | undefined; ordinal: number; revision: string },
): KubeObject {
  const pod = podFromTemplate(template, set);
  const name = podName(set, ordinal);
  pod.metadata.name = name;
  pod.metadata.namespace = set.metadata.namespace ?? "";
  pod.metadata.labels = { ...pod.metadata.labels, ...identityLabels(set, ordinal), [REVISION_HASH_LABEL]: revision };
  const spec = pod.spec as PodSpec;
  // Hostname and subdomain are fixed at creation: the pod's DNS name under the set's service.
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const claims = set.spec?.volumeClaimTemplates ?? [];
  const claimVolumes: Volume[] = claims.map((claim) => ({
    name: claim.metadata?.name ?? "",
    persistentVolumeClaim: { claimName: claimName(set, { claim, ordinal }) },
  }));
  const own = (spec.volumes ?? []).filter((v) => !claims.some((c) => c.metadata?.name === v.name));
  if (claimVolumes.length || own.length) spec.volumes = [...claimVolumes, ...own];
  return pod;
}

/** The PersistentVolumeClaims a pod of the set needs, named for its ordinal. */
export function claimsFor(set: StatefulSet, ordinal: number): KubeObject[] {
  const whenDeleted = set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted;
  return (set.spec?.volumeClaimTemplates ?? []).map((claim) => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: claimName(set, { claim, ordinal }),
      namespace: set.metadata.namespace ?? "",
      labels: { ...claim.metadata?.labels, ...set.spec?.selector?.matchLabels },
      ...(claim.metadata?.annotations ? { annotations: { ...claim.metadata.annotations } } : {}),
      // With whenDeleted: Delete the claims go with the set (the garbage collector follows this reference).
      ...(whenDeleted === "Delete"
        ? { ownerReferences: [{ apiVersion: set.apiVersion, kind: set.kind, name: set.metadata.name ?? "", uid: set.metadata.uid ?? "", blockOwnerDeletion: true }] }
        : {}),
    },
    spec: cloneJson(claim.spec ?? {}),
  }));
}

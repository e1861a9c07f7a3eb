/**
 * Claims and volumes side by side (upstream's pv_controller matching, and
 * the volume facts the scheduler's VolumeBinding step reads): which class a
 * claim asks for, whether a volume can serve a claim, which volume an
 * unbound claim should take, and whether a volume is reachable from a node.
 * The binder, the local-path provisioner, volume protection and the
 * scheduler's VolumeBinding plugin all read it.
 */
import type { KubeObject, ObjectReference } from "../types.js";
import type { LabelSelector } from "./label-selector.js";
import { labelSelectorMatches } from "./label-selector.js";
import { nodeSelectorTermMatches } from "./node-selector.js";
import type { NodeSelectorTerm } from "./pod-types.js";
import { compareQuantities, quantityOf } from "./quantity-arithmetic.js";

/** The finalizers that keep a claim in use by a pod, and a bound volume, from going away. */
export const PVC_PROTECTION_FINALIZER = "kubernetes.io/pvc-protection";
export const PV_PROTECTION_FINALIZER = "kubernetes.io/pv-protection";

export const SELECTED_NODE_ANNOTATION = "volume.kubernetes.io/selected-node";
export const STORAGE_PROVISIONER_ANNOTATION = "volume.kubernetes.io/storage-provisioner";
export const BETA_STORAGE_PROVISIONER_ANNOTATION = "volume.beta.kubernetes.io/storage-provisioner";
export const PROVISIONED_BY_ANNOTATION = "pv.kubernetes.io/provisioned-by";
export const BIND_COMPLETED_ANNOTATION = "pv.kubernetes.io/bind-completed";
export const BOUND_BY_CONTROLLER_ANNOTATION = "pv.kubernetes.io/bound-by-controller";
const BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

export type ClaimRef = ObjectReference;

export interface Claim extends KubeObject {
  spec?: {
    accessModes?: string[];
    resources?: { requests?: Record<string, string | number> };
    volumeName?: string;
    storageClassName?: string;
    volumeMode?: string;
    selector?: LabelSelector;
  };
  status?: { phase?: string; accessModes?: string[]; capacity?: Record<string, string | number> };
}

export interface Volume extends KubeObject {
  spec?: {
    capacity?: Record<string, string | number>;
    accessModes?: string[];
    claimRef?: ClaimRef;
    storageClassName?: string;
    volumeMode?: string;
    persistentVolumeReclaimPolicy?: string;
    nodeAffinity?: { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } };
    hostPath?: { path?: string; type?: string };
    [field: string]: unknown;
  };
  status?: { phase?: string; message?: string; reason?: string; lastPhaseTransitionTime?: string };
}

export interface StorageClass extends KubeObject {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
}

export function claimClass(claim: Claim): string {
  return claim.spec?.storageClassName ?? claim.metadata.annotations?.[BETA_CLASS_ANNOTATION] ?? "";
}

export function volumeClass(volume: Volume): string {
  return volume.spec?.storageClassName ?? volume.metadata.annotations?.[BETA_CLASS_ANNOTATION] ?? "";
}

/** Whether the volume is reserved for this claim (by name, and by uid once known). */
export function reservedFor(volume: Volume, claim: Claim): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** Whether a node can reach the volume: no node affinity, or one of its terms selects the node. */
export function volumeFitsNode(volume: Volume, node: KubeObject): boolean {
  const terms = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((term) => nodeSelectorTermMatches(term, node));
}

/** Class, volume mode, access modes, size and selector all fit. */
export function volumeServes(volume: Volume, claim: Claim): boolean {
  if (volume.metadata.deletionTimestamp) return false;
  if (volumeClass(volume) !== claimClass(claim)) return false;
  if ((volume.spec?.volumeMode ?? "Filesystem") !== (claim.spec?.volumeMode ?? "Filesystem")) return false;
  const modes = volume.spec?.accessModes ?? [];
  if (!(claim.spec?.accessModes ?? []).every((mode) => modes.includes(mode))) return false;
  const wanted = quantityOf(claim.spec?.resources?.requests?.["storage"]);
  if (compareQuantities(quantityOf(volume.spec?.capacity?.["storage"]), wanted) < 0) return false;
  return !claim.spec?.selector || labelSelectorMatches(claim.spec.selector, volume.metadata.labels);
}

/**
 * The volume an unbound claim should take: one reserved for it, else the
 * smallest free volume that serves it (reachable from `node` when the claim
 * waited for its first consumer), or undefined.
 */
export function findVolume(claim: Claim, volumes: readonly Volume[], node?: KubeObject): Volume | undefined {
  const reserved = volumes.find((v) => reservedFor(v, claim) && !v.metadata.deletionTimestamp);
  if (reserved) return reserved;
  const free = volumes.filter((v) => !v.spec?.claimRef && v.status?.phase === "Available" && volumeServes(v, claim) && (!node || volumeFitsNode(v, node)));
  free.sort((a, b) => compareQuantities(quantityOf(a.spec?.capacity?.["storage"]), quantityOf(b.spec?.capacity?.["storage"])));
  return free[0];
}

/** The claim names a pod uses: persistentVolumeClaim volumes, and `<pod>-<volume>` for ephemeral ones. */
export function podClaimNames(pod: KubeObject): string[] {
  const volumes = (pod.spec as { volumes?: { name?: string; persistentVolumeClaim?: { claimName?: string }; ephemeral?: unknown }[] } | undefined)?.volumes ?? [];
  return volumes.flatMap((v) => (v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : v.ephemeral ? [`${pod.metadata.name ?? ""}-${v.name ?? ""}`] : []));
}

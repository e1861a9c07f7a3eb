/**
 * DefaultStorageClass (upstream's admission plugin): a new claim that names
 * no class gets the cluster's default StorageClass, so claims written for
 * any cluster (StatefulSet volumeClaimTemplates among them) are provisioned.
 * An empty class name ("") asks for no class and is left alone.
 */
import type { KubeObject } from "../../apis/types.js";
import type { MutatingAdmission, ResourceStore } from "../registry/store.js";
import { listInNamespace } from "./_shared.js";

const DEFAULT_ANNOTATIONS = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"];
const BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

/** Upstream picks the newest default class, then the first by name. */
export function defaultClassName(classes: readonly KubeObject[]): string | undefined {
  const defaults = classes.filter((c) => DEFAULT_ANNOTATIONS.some((key) => c.metadata.annotations?.[key] === "true"));
  defaults.sort((a, b) => (b.metadata.creationTimestamp ?? "").localeCompare(a.metadata.creationTimestamp ?? "") || (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""));
  return defaults[0]?.metadata.name;
}

export function defaultStorageClass(storageClasses: ResourceStore): MutatingAdmission {
  return async (claim) => {
    const spec = (claim.spec ?? {}) as { storageClassName?: string };
    if (spec.storageClassName !== undefined || claim.metadata.annotations?.[BETA_CLASS_ANNOTATION] !== undefined) return;
    const name = defaultClassName(await listInNamespace(storageClasses, ""));
    if (name !== undefined) claim.spec = { ...spec, storageClassName: name };
  };
}

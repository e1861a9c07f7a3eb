/**
 * The admission chain: which checks run on which kinds' writes. The registry
 * calls this once its stores exist; each admission lives in a file of its own.
 */
import type { Registry } from "../registry/index.js";
import { serviceAllocationAdmission } from "./service-allocations.js";
import { limitRangeDefaulting, limitRangeValidation } from "./limit-ranges.js";
import { defaultStorageClass } from "./default-storage-class.js";
import { protectionFinalizer } from "./storage-protection.js";
import { PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from "../../apis/common/volume-matching.js";
import { QUOTA_IGNORED, resourceQuotaAdmission } from "./resource-quota.js";

export function installAdmissions(registry: Registry): void {
  const serves = (group: string, kind: string) => registry.kinds().some((k) => k.group === group && k.kind === kind);
  if (serves("", "Service")) {
    const services = registry.forKind("", "Service");
    services.addAdmission(serviceAllocationAdmission(services));
  }
  if (serves("", "LimitRange")) {
    const limitRanges = registry.forKind("", "LimitRange");
    for (const kind of ["Pod", "PersistentVolumeClaim"].filter((k) => serves("", k))) {
      const store = registry.forKind("", kind);
      if (kind === "Pod") store.addMutatingAdmission(limitRangeDefaulting(limitRanges));
      store.addAdmission(limitRangeValidation(limitRanges, store));
    }
  }
  if (serves("storage.k8s.io", "StorageClass") && serves("", "PersistentVolumeClaim")) {
    registry.forKind("", "PersistentVolumeClaim").addMutatingAdmission(defaultStorageClass(registry.forKind("storage.k8s.io", "StorageClass")));
  }
  if (serves("", "PersistentVolumeClaim")) registry.forKind("", "PersistentVolumeClaim").addMutatingAdmission(protectionFinalizer(PVC_PROTECTION_FINALIZER));
  if (serves("", "PersistentVolume")) registry.forKind("", "PersistentVolume").addMutatingAdmission(protectionFinalizer(PV_PROTECTION_FINALIZER));
  // Quota goes last, as upstream orders it: it charges only writes every other check let through.
  if (serves("", "ResourceQuota")) {
    const quotas = registry.forKind("", "ResourceQuota");
    for (const kind of registry.kinds().filter((k) => k.namespaced && !QUOTA_IGNORED.has(`${k.group}/${k.plural}`))) {
      const store = registry.forKind(kind.group, kind.kind);
      store.addAdmission(resourceQuotaAdmission(quotas, store));
    }
  }
}

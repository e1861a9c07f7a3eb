/**
 * StorageObjectInUseProtection (upstream's admission plugin): new claims
 * and volumes get the protection finalizer, so deleting a claim a pod still
 * uses, or a volume still bound, waits until that is no longer so. The
 * volume protection controller removes the finalizers.
 */
import type { MutatingAdmission } from "../registry/store.js";

export function protectionFinalizer(finalizer: string): MutatingAdmission {
  return async (object) => {
    const finalizers = object.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) object.metadata.finalizers = [...finalizers, finalizer];
  };
}

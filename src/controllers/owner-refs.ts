/**
 * Controller references: the one ownerReference with `controller: true`
 * names the controller that manages an object. Shared by every workload
 * controller.
 */
import type { KubeObject, OwnerReference } from "../apis/types.js";

export function controllerRefOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

/** The reference a controller puts on what it creates: blocks foreground deletion of the owner. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * PersistentVolumeClaim: the spec used by ephemeral volumes and the whole object used by
 * StatefulSet volumeClaimTemplates.
 */
import { labelSelectorSchema, objectMetaSchema } from "./meta.js";
import { typedLocalObjectReferenceSchema, typedObjectReferenceSchema } from "./reference-schemas.js";
import { string, enumString, dateTime, quantityMap, object, describe, list, condition } from "./schema-builders.js";

const volumeResourceRequirementsSchema = object({
  limits: quantityMap("Largest amount of each resource allowed."),
  requests: quantityMap("Amount of each resource required."),
});

const persistentVolumeClaimSpecSchema = object({
  accessModes: list({ type: "string", enum: ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"] }, "Access modes the volume must support.", { type: "atomic" }),
  selector: describe(labelSelectorSchema, "Label query over volumes to bind to."),
  resources: describe(volumeResourceRequirementsSchema, "Minimum resources the volume must offer."),
  volumeName: string("Name of the PersistentVolume to bind to."),
  storageClassName: string("StorageClass that provisions the volume."),
  volumeMode: enumString(["Block", "Filesystem"], "Filesystem (default) or Block."),
  dataSource: describe(typedLocalObjectReferenceSchema, "Existing snapshot or claim to populate the volume from."),
  dataSourceRef: describe(typedObjectReferenceSchema, "Any object to populate the volume from, including custom populators."),
  volumeAttributesClassName: string("VolumeAttributesClass that sets mutable volume attributes."),
});

const persistentVolumeClaimConditionSchema = condition("Condition type, e.g. Resizing or FileSystemResizePending.", { lastProbeTime: dateTime("When the condition was last checked.") });

const modifyVolumeStatusSchema = object({
  targetVolumeAttributesClassName: string("VolumeAttributesClass being applied."),
  status: enumString(["InProgress", "Infeasible", "Pending"], "Pending, InProgress or Infeasible."),
}, ["status"]);

const persistentVolumeClaimStatusSchema = object({
  phase: enumString(["Bound", "Lost", "Pending"], "Pending, Bound or Lost."),
  accessModes: list({ type: "string", enum: ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"] }, "Access modes of the bound volume.", { type: "atomic" }),
  capacity: quantityMap("Capacity of the bound volume."),
  conditions: list(persistentVolumeClaimConditionSchema, "Current conditions of the claim.", { type: "map", keys: ["type"], mergeKey: "type", strategy: "merge" }),
  allocatedResources: quantityMap("Resources allocated to the claim, including pending expansions."),
  allocatedResourceStatuses: describe({ type: "object", additionalProperties: { type: "string", enum: ["ControllerResizeInProgress", "ControllerResizeInfeasible", "NodeResizeInProgress", "NodeResizeInfeasible", "NodeResizePending"] } }, "State of each resource's resize."),
  currentVolumeAttributesClassName: string("VolumeAttributesClass currently applied."),
  modifyVolumeStatus: describe(modifyVolumeStatusSchema, "Progress of a volume attributes change."),
});

export const persistentVolumeClaimSchema = object({
  apiVersion: string("Versioned schema of this representation."),
  kind: string("The REST resource this object represents."),
  metadata: describe(objectMetaSchema, "Standard object metadata."),
  spec: describe(persistentVolumeClaimSpecSchema, "The storage the claim asks for."),
  status: describe(persistentVolumeClaimStatusSchema, "The claim's current state."),
});

export const persistentVolumeClaimTemplateSchema = object({
  metadata: describe(objectMetaSchema, "Labels and annotations copied to the created claim."),
  spec: describe(persistentVolumeClaimSpecSchema, "Spec of the created claim."),
}, ["spec"]);

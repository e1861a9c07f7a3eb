/**
 * PersistentVolume (core/v1, cluster-scoped): a piece of storage with a
 * capacity, access modes and exactly one volume source, bound to at most one
 * claim. Its source and volume mode are fixed once created.
 */
import { forbidden, immutable, notSupported, required, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { legacyVolumeSourceProperties } from "./common/legacy-volume-schemas.js";
import { objectReferenceSchema } from "./common/reference-schemas.js";
import { affinitySchema } from "./common/scheduling-schemas.js";
import { boolean, dateTime, describe, enumString, list, object, quantityMap, string, stringMap } from "./common/schema-builders.js";
import { volumeSchema } from "./common/volume-schemas.js";
import { jsonEqual } from "./common/validation-helpers.js";
import { accessModesString, phaseCell, storageClassOf, validateAccessModes, validateStorage, validateVolumeMode, VOLUME_MODES } from "./persistentvolumeclaim.js";
import type { KindDefinition, KubeObject, Schema } from "./types.js";
import { timestamp } from "../machinery/time.js";

const RECLAIM_POLICIES = ["Delete", "Recycle", "Retain"] as const;
const ACCESS_MODE_ENUM = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"] as const;

const secretReferenceSchema = object({
  name: string("Name of the secret."),
  namespace: string("Namespace of the secret."),
}, [], { "x-kubernetes-map-type": "atomic" });

const localVolumeSourceSchema = object({
  path: string("Full path of the directory, disk or partition on the node."),
  fsType: string("Filesystem type, for block devices only; e.g. ext4."),
}, ["path"]);

const csiPersistentVolumeSourceSchema = object({
  driver: string("Name of the CSI driver."),
  volumeHandle: string("Driver's unique ID of the volume."),
  readOnly: boolean("Publish the volume read-only."),
  fsType: string("Filesystem type to mount, e.g. ext4."),
  volumeAttributes: stringMap("Driver-specific properties of the volume."),
  controllerPublishSecretRef: describe(secretReferenceSchema, "Secret for ControllerPublishVolume and ControllerUnpublishVolume calls."),
  nodeStageSecretRef: describe(secretReferenceSchema, "Secret for NodeStageVolume, NodeUnstageVolume and NodeExpandVolume calls."),
  nodePublishSecretRef: describe(secretReferenceSchema, "Secret for NodePublishVolume and NodeUnpublishVolume calls."),
  controllerExpandSecretRef: describe(secretReferenceSchema, "Secret for ControllerExpandVolume calls."),
  nodeExpandSecretRef: describe(secretReferenceSchema, "Secret for NodeExpandVolume calls."),
}, ["driver", "volumeHandle"]);

/** The pod volume sources a PersistentVolume shares; gitRepo is pod-only. */
function podVolumeSource(name: string): Schema {
  const schema = volumeSchema.properties?.[name];
  if (!schema) throw new Error(`no volume source ${name}`);
  return schema;
}
const { gitRepo: _podOnly, ...legacySources } = legacyVolumeSourceProperties;

const volumeSources: Record<string, Schema> = {
  hostPath: describe(podVolumeSource("hostPath"), "A directory on the node; for single-node development only."),
  nfs: podVolumeSource("nfs"),
  local: describe(localVolumeSourceSchema, "A disk, partition or directory on one node; needs nodeAffinity."),
  csi: describe(csiPersistentVolumeSourceSchema, "A volume managed by a CSI driver."),
  ...legacySources,
};
const VOLUME_SOURCE_NAMES = Object.keys(volumeSources);

const nodeSelectorSchema = affinitySchema.properties?.["nodeAffinity"]?.properties?.["requiredDuringSchedulingIgnoredDuringExecution"] ?? {};

const persistentVolumeSpecSchema = object({
  capacity: quantityMap("The volume's resources; only storage is supported."),
  accessModes: list({ type: "string", enum: ACCESS_MODE_ENUM }, "Ways the volume can be mounted.", { type: "atomic" }),
  claimRef: describe(objectReferenceSchema, "The claim bound to this volume, or reserved for it."),
  persistentVolumeReclaimPolicy: enumString(RECLAIM_POLICIES, "What happens when the claim is released: Retain (default), Delete or Recycle."),
  storageClassName: string("StorageClass the volume belongs to; empty for none."),
  mountOptions: list({ type: "string" }, "Mount options, not validated; a wrong one fails the mount.", { type: "atomic" }),
  volumeMode: enumString(VOLUME_MODES, "Filesystem (default) or Block."),
  nodeAffinity: describe(object({ required: describe(nodeSelectorSchema, "Nodes the volume can be reached from.") }), "Nodes the volume is limited to."),
  volumeAttributesClassName: string("VolumeAttributesClass the volume belongs to."),
  ...volumeSources,
});

const persistentVolumeStatusSchema = object({
  phase: enumString(["Available", "Bound", "Failed", "Pending", "Released"], "Pending, Available, Bound, Released or Failed."),
  message: string("Human-readable reason for the phase."),
  reason: string("Short CamelCase reason for a failure."),
  lastPhaseTransitionTime: dateTime("When the phase last changed."),
});

const schema = objectSchema("A piece of storage in the cluster, provisioned by an administrator or a StorageClass.", {
  spec: describe(persistentVolumeSpecSchema, "What the volume offers and where it lives."),
  status: describe(persistentVolumeStatusSchema, "The volume's current state."),
});

interface PersistentVolumeSpec {
  capacity?: Record<string, string | number>;
  accessModes?: string[];
  claimRef?: { namespace?: string; name?: string };
  persistentVolumeReclaimPolicy?: string;
  storageClassName?: string;
  volumeMode?: string;
  volumeAttributesClassName?: string;
  nodeAffinity?: { required?: unknown };
  hostPath?: { path?: string; type?: string };
  local?: { path?: string };
  [source: string]: unknown;
}

interface PersistentVolume extends KubeObject {
  spec?: PersistentVolumeSpec;
  status?: { phase?: string; reason?: string; lastPhaseTransitionTime?: string };
}

function validateCapacity(capacity: PersistentVolumeSpec["capacity"]): FieldError[] {
  if (!capacity || Object.keys(capacity).length === 0) return [required("spec.capacity")];
  return Object.entries(capacity).flatMap(([name, value]) =>
    name === "storage" ? validateStorage(value, "spec.capacity[storage]") : [notSupported("spec.capacity", name, ["storage"])],
  );
}

/** Exactly one source, with the paths hostPath and local need. */
function validateSource(spec: PersistentVolumeSpec): FieldError[] {
  const present = VOLUME_SOURCE_NAMES.filter((name) => spec[name] !== undefined && spec[name] !== null);
  if (present.length === 0) return [required("spec", "must specify a volume type")];
  const errors = present.slice(1).map((name) => forbidden(`spec.${name}`, "may not specify more than 1 volume type"));
  if (spec.hostPath && !spec.hostPath.path) errors.push(required("spec.hostPath.path"));
  if (spec.local) {
    if (!spec.local.path) errors.push(required("spec.local.path"));
    if (!spec.nodeAffinity?.required) errors.push(required("spec.nodeAffinity", "Local volume requires node affinity"));
  }
  return errors;
}

function validateVolume(volume: PersistentVolume): FieldError[] {
  const spec = volume.spec ?? {};
  const policy = spec.persistentVolumeReclaimPolicy;
  return [
    ...validateAccessModes(spec.accessModes, "spec.accessModes"),
    ...validateCapacity(spec.capacity),
    ...(policy !== undefined && !(RECLAIM_POLICIES as readonly string[]).includes(policy)
      ? [notSupported("spec.persistentVolumeReclaimPolicy", policy, RECLAIM_POLICIES)]
      : []),
    ...validateSource(spec),
    ...validateVolumeMode(spec.volumeMode, "spec.volumeMode"),
  ];
}

function sourceOf(spec: PersistentVolumeSpec | undefined): Record<string, unknown> {
  return Object.fromEntries(VOLUME_SOURCE_NAMES.map((name) => [name, spec?.[name]]));
}

function validateVolumeUpdate(volume: PersistentVolume, old: PersistentVolume): FieldError[] {
  const errors: FieldError[] = [];
  if (!jsonEqual(sourceOf(volume.spec), sourceOf(old.spec))) {
    errors.push(forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation"));
  }
  // Upstream reports this one without the spec prefix.
  if (volume.spec?.volumeMode !== old.spec?.volumeMode) errors.push(immutable("volumeMode", volume.spec?.volumeMode));
  return errors;
}

export const persistentVolumeKind = {
  group: "",
  version: "v1",
  kind: "PersistentVolume",
  listKind: "PersistentVolumeList",
  plural: "persistentvolumes",
  singular: "persistentvolume",
  shortNames: ["pv"],
  categories: [],
  namespaced: false,
  schema,
  tracksGeneration: false,
  subresources: { status: true },
  strategy: {
    defaults: (object) => {
      const spec = ((object as PersistentVolume).spec ??= {});
      spec.persistentVolumeReclaimPolicy ??= "Retain";
      spec.volumeMode ??= "Filesystem";
      if (spec.hostPath) spec.hostPath.type ??= "";
    },
    prepareForCreate: (object) => {
      const now = timestamp();
      (object as PersistentVolume).status = { phase: "Pending", lastPhaseTransitionTime: now };
    },
    validate: (object) => validateVolume(object as PersistentVolume),
    validateUpdate: (object, old) => validateVolumeUpdate(object as PersistentVolume, old as PersistentVolume),
  },
  columns: [
    nameColumn,
    { name: "Capacity", type: "string", description: "Storage the volume offers.", priority: 0, cell: (o) => String((o as PersistentVolume).spec?.capacity?.["storage"] ?? "") },
    { name: "Access Modes", type: "string", description: "Ways the volume can be mounted.", priority: 0, cell: (o) => accessModesString((o as PersistentVolume).spec?.accessModes) },
    { name: "Reclaim Policy", type: "string", description: "What happens when the claim is released.", priority: 0, cell: (o) => (o as PersistentVolume).spec?.persistentVolumeReclaimPolicy ?? "" },
    { name: "Status", type: "string", description: "Phase of the volume.", priority: 0, cell: (o) => phaseCell(o, (o as PersistentVolume).status?.phase) },
    {
      name: "Claim",
      type: "string",
      description: "Claim bound to the volume, as namespace/name.",
      priority: 0,
      cell: (o) => {
        const ref = (o as PersistentVolume).spec?.claimRef;
        return ref ? `${ref.namespace ?? ""}/${ref.name ?? ""}` : "";
      },
    },
    { name: "StorageClass", type: "string", description: "StorageClass of the volume.", priority: 0, cell: (o) => storageClassOf(o, (o as PersistentVolume).spec?.storageClassName) },
    { name: "VolumeAttributesClass", type: "string", description: "VolumeAttributesClass of the volume.", priority: 0, cell: (o) => (o as PersistentVolume).spec?.volumeAttributesClassName || "<unset>" },
    { name: "Reason", type: "string", description: "Reason for a failed phase.", priority: 0, cell: (o) => (o as PersistentVolume).status?.reason ?? "" },
    ageColumn,
    { name: "VolumeMode", type: "string", description: "Block or Filesystem.", priority: 1, cell: (o) => (o as PersistentVolume).spec?.volumeMode ?? "<unset>" },
  ],
} satisfies KindDefinition;

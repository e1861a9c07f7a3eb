/**
 * PersistentVolumeClaim (core/v1): a pod's request for storage. The claim is
 * bound to a PersistentVolume; after creation only the requested size may
 * grow and an unbound claim may be given a volumeName.
 */
import { forbidden, invalid, notSupported, required, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { persistentVolumeClaimSchema } from "./common/pvc-schemas.js";
import { parseQuantity, QUANTITY_FORMAT_MESSAGE } from "./common/quantity.js";
import { describe } from "./common/schema-builders.js";
import { jsonEqual } from "./common/validation-helpers.js";
import type { KindDefinition, KubeObject } from "./types.js";

/** In the order kubectl prints their abbreviations. */
const ACCESS_MODES: readonly (readonly [string, string])[] = [
  ["ReadWriteOnce", "RWO"],
  ["ReadOnlyMany", "ROX"],
  ["ReadWriteMany", "RWX"],
  ["ReadWriteOncePod", "RWOP"],
];
const ACCESS_MODE_NAMES = ACCESS_MODES.map(([mode]) => mode);
export const VOLUME_MODES = ["Block", "Filesystem"] as const;
/** Pre-storageClassName claims and volumes named their class in this annotation. */
const BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

interface PersistentVolumeClaimSpec {
  accessModes?: string[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  volumeName?: string;
  storageClassName?: string;
  volumeMode?: string;
  volumeAttributesClassName?: string;
}

interface PersistentVolumeClaim extends KubeObject {
  spec?: PersistentVolumeClaimSpec;
  status?: { phase?: string; accessModes?: string[]; capacity?: Record<string, string | number> };
}

/** `RWO,RWX`: the modes present, abbreviated, in a fixed order (upstream's GetAccessModesAsString). */
export function accessModesString(modes: readonly string[] | undefined): string {
  return ACCESS_MODES.filter(([mode]) => modes?.includes(mode)).map(([, short]) => short).join(",");
}

/** The class from spec.storageClassName, falling back to the beta annotation. */
export function storageClassOf(object: KubeObject, className: string | undefined): string {
  return className ?? object.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? "";
}

/** Access modes: at least one, each a known mode; ReadWriteOncePod excludes the others. */
export function validateAccessModes(modes: readonly string[] | undefined, field: string): FieldError[] {
  if (!modes?.length) return [required(field, "at least 1 access mode is required")];
  const errors = modes.filter((mode) => !ACCESS_MODE_NAMES.includes(mode)).map((mode) => notSupported(field, mode, ACCESS_MODE_NAMES));
  if (modes.includes("ReadWriteOncePod") && modes.length > 1) {
    errors.push(forbidden(field, "may not use ReadWriteOncePod with other access modes"));
  }
  return errors;
}

/** A storage size that must be a positive quantity. */
export function validateStorage(value: string | number | undefined, field: string): FieldError[] {
  if (value === undefined) return [required(field)];
  const amount = parseQuantity(value);
  if (amount === undefined) return [invalid(field, value, QUANTITY_FORMAT_MESSAGE)];
  return amount > 0 ? [] : [invalid(field, String(value), "must be greater than zero")];
}

export function validateVolumeMode(mode: string | undefined, field: string): FieldError[] {
  return mode === undefined || (VOLUME_MODES as readonly string[]).includes(mode) ? [] : [notSupported(field, mode, VOLUME_MODES)];
}

/** The phase, or Terminating once deletion has begun. */
export function phaseCell(object: KubeObject, phase: string | undefined): string {
  return object.metadata.deletionTimestamp ? "Terminating" : phase ?? "";
}

function validateClaim(claim: PersistentVolumeClaim): FieldError[] {
  const spec = claim.spec ?? {};
  return [
    ...validateAccessModes(spec.accessModes, "spec.accessModes"),
    ...validateStorage(spec.resources?.requests?.["storage"], "spec.resources[storage]"),
    ...validateVolumeMode(spec.volumeMode, "spec.volumeMode"),
  ];
}

/** The spec without what may change: resources.requests once bound (expansion) and volumeName while unbound (binding). */
function frozenPart(spec: PersistentVolumeClaimSpec, claimBound: boolean, volumeBound: boolean): unknown {
  const { resources, volumeName, ...rest } = spec;
  const { requests, ...otherResources } = resources ?? {};
  return { ...rest, resources: { ...otherResources, requests: claimBound ? undefined : requests }, volumeName: volumeBound ? volumeName : undefined };
}

function validateClaimUpdate(claim: PersistentVolumeClaim, old: PersistentVolumeClaim): FieldError[] {
  const spec = claim.spec ?? {};
  const oldSpec = old.spec ?? {};
  const claimBound = claim.status?.phase === "Bound";
  const volumeBound = Boolean(oldSpec.volumeName);
  if (!jsonEqual(frozenPart(spec, claimBound, volumeBound), frozenPart(oldSpec, claimBound, volumeBound))) {
    return [forbidden("spec", "spec is immutable after creation except resources.requests for bound claims")];
  }
  const size = parseQuantity(spec.resources?.requests?.["storage"]);
  const oldSize = parseQuantity(oldSpec.resources?.requests?.["storage"]);
  if (size !== undefined && oldSize !== undefined && size < oldSize) {
    return [forbidden("spec.resources.requests.storage", "field can not be less than previous value")];
  }
  return [];
}

export const persistentVolumeClaimKind = {
  group: "",
  version: "v1",
  kind: "PersistentVolumeClaim",
  listKind: "PersistentVolumeClaimList",
  plural: "persistentvolumeclaims",
  singular: "persistentvolumeclaim",
  shortNames: ["pvc"],
  categories: [],
  namespaced: true,
  schema: describe(persistentVolumeClaimSchema, "A user's request for, and claim to, a persistent volume."),
  tracksGeneration: false,
  subresources: { status: true },
  strategy: {
    defaults: (object) => {
      const spec = ((object as PersistentVolumeClaim).spec ??= {});
      spec.volumeMode ??= "Filesystem";
    },
    prepareForCreate: (object) => {
      (object as PersistentVolumeClaim).status = { phase: "Pending" };
    },
    validate: (object) => validateClaim(object as PersistentVolumeClaim),
    validateUpdate: (object, old) => validateClaimUpdate(object as PersistentVolumeClaim, old as PersistentVolumeClaim),
  },
  columns: [
    nameColumn,
    { name: "Status", type: "string", description: "Phase of the claim.", priority: 0, cell: (o) => phaseCell(o, (o as PersistentVolumeClaim).status?.phase) },
    { name: "Volume", type: "string", description: "Volume the claim is bound to.", priority: 0, cell: (o) => (o as PersistentVolumeClaim).spec?.volumeName ?? "" },
    {
      name: "Capacity",
      type: "string",
      description: "Capacity of the bound volume.",
      priority: 0,
      // Only a bound claim has a meaningful capacity.
      cell: (o) => {
        const claim = o as PersistentVolumeClaim;
        return claim.spec?.volumeName ? String(claim.status?.capacity?.["storage"] ?? "") : "";
      },
    },
    {
      name: "Access Modes",
      type: "string",
      description: "Access modes of the bound volume.",
      priority: 0,
      cell: (o) => {
        const claim = o as PersistentVolumeClaim;
        return claim.spec?.volumeName ? accessModesString(claim.status?.accessModes) : "";
      },
    },
    { name: "StorageClass", type: "string", description: "StorageClass of the claim.", priority: 0, cell: (o) => storageClassOf(o, (o as PersistentVolumeClaim).spec?.storageClassName) },
    { name: "VolumeAttributesClass", type: "string", description: "VolumeAttributesClass of the claim.", priority: 0, cell: (o) => (o as PersistentVolumeClaim).spec?.volumeAttributesClassName || "<unset>" },
    ageColumn,
    { name: "VolumeMode", type: "string", description: "Block or Filesystem.", priority: 1, cell: (o) => (o as PersistentVolumeClaim).spec?.volumeMode ?? "<unset>" },
  ],
} satisfies KindDefinition;

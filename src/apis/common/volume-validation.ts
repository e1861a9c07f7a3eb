/**
 * Pod volumes with upstream's rules: unique DNS-label names, exactly one
 * source each, and the checks of the sources people use (hostPath,
 * emptyDir, secret, configMap, downwardAPI, projected, PVC, NFS, CSI,
 * ephemeral, image). In-tree cloud plugins are only checked for their
 * required fields.
 */
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.js";
import type { DownwardAPIFile, KeyToPath, Volume, VolumeProjection } from "./pod-types.js";
import { parseQuantity } from "./quantity.js";
import { validateDNS1123Label } from "./validation-helpers.js";

/** Every volume source, in the order upstream checks them (which decides the one reported as extra). */
export const VOLUME_SOURCES = [
  "emptyDir",
  "hostPath",
  "gitRepo",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "flocker",
  "persistentVolumeClaim",
  "rbd",
  "cinder",
  "cephfs",
  "quobyte",
  "downwardAPI",
  "fc",
  "flexVolume",
  "configMap",
  "azureFile",
  "vsphereVolume",
  "photonPersistentDisk",
  "portworxVolume",
  "azureDisk",
  "storageos",
  "projected",
  "scaleIO",
  "csi",
  "ephemeral",
  "image",
];
const FILE_MODE_MESSAGE = "must be a number between 0 and 0777 (octal), both inclusive";
const HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];
const VOLUME_FIELD_PATHS = ["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"];

type Source = Record<string, unknown>;

/** Required fields of the in-tree plugins, which a developer cluster does not mount. */
const REQUIRED_FIELDS: Record<string, readonly string[]> = {
  gcePersistentDisk: ["pdName"],
  awsElasticBlockStore: ["volumeID"],
  gitRepo: ["repository"],
  iscsi: ["targetPortal", "iqn"],
  glusterfs: ["endpoints", "path"],
  rbd: ["monitors", "image"],
  flexVolume: ["driver"],
  cinder: ["volumeID"],
  cephfs: ["monitors"],
  azureFile: ["secretName", "shareName"],
  vsphereVolume: ["volumePath"],
  quobyte: ["registry", "volume"],
  azureDisk: ["diskName", "diskURI"],
  photonPersistentDisk: ["pdID"],
  portworxVolume: ["volumeID"],
  scaleIO: ["gateway", "system", "secretRef"],
  nfs: ["server", "path"],
  persistentVolumeClaim: ["claimName"],
  csi: ["driver"],
};

function validateMode(mode: unknown, field: string): FieldError[] {
  return typeof mode === "number" && (mode < 0 || mode > 0o777) ? [invalid(field, mode, FILE_MODE_MESSAGE)] : [];
}

/** A path relative to the volume root that does not climb out of it. */
function validateLocalPath(path: string, field: string): FieldError[] {
  const errors: FieldError[] = [];
  if (path.startsWith("/")) errors.push(invalid(field, path, "must be a relative path"));
  if (path.split("/").includes("..")) errors.push(invalid(field, path, "must not contain '..'"));
  else if (path.startsWith("..")) errors.push(invalid(field, path, "must not start with '..'"));
  return errors;
}

function validateItems(items: KeyToPath[] | undefined, field: string): FieldError[] {
  return (items ?? []).flatMap((item, i) => {
    const at = `${field}[${i}]`;
    const errors: FieldError[] = [];
    if (!item.key) errors.push(required(`${at}.key`));
    if (!item.path) errors.push(required(`${at}.path`));
    errors.push(...validateLocalPath(item.path ?? "", `${at}.path`), ...validateMode(item.mode, `${at}.mode`));
    return errors;
  });
}

function validateDownwardAPIFiles(files: DownwardAPIFile[] | undefined, field: string): FieldError[] {
  return (files ?? []).flatMap((file) => {
    const errors: FieldError[] = [];
    if (!file.path) errors.push(required(`${field}.path`));
    errors.push(...validateLocalPath(file.path ?? "", `${field}.path`));
    if (file.fieldRef) {
      const path = (file.fieldRef.fieldPath ?? "").replace(/\[.*\]$/, "");
      if (!file.fieldRef.fieldPath) errors.push(required(`${field}.fieldRef.fieldPath`));
      else if (!VOLUME_FIELD_PATHS.includes(path)) errors.push(notSupported(`${field}.fieldRef.fieldPath`, path, VOLUME_FIELD_PATHS));
      if (file.resourceFieldRef) errors.push(invalid(field, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
    } else if (file.resourceFieldRef) {
      if (!file.resourceFieldRef.containerName) errors.push(required(`${field}.resourceFieldRef.containerName`));
      else if (!file.resourceFieldRef.resource) errors.push(required(`${field}.resourceFieldRef.resource`));
    } else {
      errors.push(required(field, "one of fieldRef and resourceFieldRef is required"));
    }
    errors.push(...validateMode(file.mode, `${field}.mode`));
    return errors;
  });
}

function validateProjection(projected: Source, field: string): FieldError[] {
  const errors = validateMode(projected.defaultMode, `${field}.defaultMode`);
  const paths = new Set<string>();
  const claim = (path: string | undefined, value: unknown): void => {
    if (!path) return;
    if (paths.has(path)) errors.push(invalid(field, value, "conflicting duplicate paths"));
    paths.add(path);
  };
  ((projected.sources ?? []) as VolumeProjection[]).forEach((source, i) => {
    const at = `${field}.sources[${i}]`;
    const kinds = Object.keys(source).filter((kind) => source[kind as keyof VolumeProjection] !== undefined);
    if (kinds.length > 1) errors.push(forbidden(at, "may not specify more than 1 volume type per source"));
    for (const kind of ["secret", "configMap"] as const) {
      const keys = source[kind];
      if (!keys) continue;
      if (!keys.name) errors.push(required(`${at}.${kind}.name`));
      errors.push(...validateItems(keys.items, `${at}.${kind}.items`));
      for (const item of keys.items ?? []) claim(item.path, keys.name ?? "");
    }
    if (source.downwardAPI) {
      errors.push(...validateDownwardAPIFiles(source.downwardAPI.items, `${at}.downwardAPI`));
      for (const item of source.downwardAPI.items ?? []) claim(item.path, item.path);
    }
    const token = source.serviceAccountToken;
    if (token) {
      const seconds = token.expirationSeconds ?? 0;
      if (seconds < 600) errors.push(invalid(`${at}.serviceAccountToken.expirationSeconds`, seconds, "may not specify a duration less than 10 minutes"));
      if (seconds > 2 ** 32) errors.push(invalid(`${at}.serviceAccountToken.expirationSeconds`, seconds, "may not specify a duration larger than 2^32 seconds"));
      if (!token.path) errors.push(required(`${field}.path`));
      else errors.push(...validateLocalPath(token.path, `${field}.path`));
    }
    if (source.clusterTrustBundle) {
      if (!source.clusterTrustBundle.path) errors.push(required(`${at}.clusterTrustBundle.path`));
      claim(source.clusterTrustBundle.path, source.clusterTrustBundle.path);
    }
  });
  return errors;
}

function validateSource(kind: string, source: Source, field: string): FieldError[] {
  const errors = (REQUIRED_FIELDS[kind] ?? []).filter((key) => !source[key]).map((key) => required(`${field}.${key}`));
  switch (kind) {
    case "hostPath": {
      if (!source.path) return [required(`${field}.path`)];
      if (String(source.path).split("/").includes("..")) errors.push(invalid(`${field}.path`, source.path, "must not contain '..'"));
      if (source.type !== undefined && !HOST_PATH_TYPES.includes(source.type as string)) {
        errors.push(notSupported(`${field}.type`, source.type, HOST_PATH_TYPES));
      }
      break;
    }
    case "emptyDir": {
      const limit = source.sizeLimit === undefined ? undefined : parseQuantity(source.sizeLimit);
      if (limit !== undefined && limit < 0) errors.push(forbidden(`${field}.sizeLimit`, "SizeLimit field must be a valid resource quantity"));
      break;
    }
    case "secret":
    case "configMap":
      if (!source[kind === "secret" ? "secretName" : "name"]) errors.push(required(`${field}.${kind === "secret" ? "secretName" : "name"}`));
      errors.push(...validateMode(source.defaultMode, `${field}.defaultMode`), ...validateItems(source.items as KeyToPath[], `${field}.items`));
      break;
    case "downwardAPI":
      errors.push(
        ...validateMode(source.defaultMode, `${field}.defaultMode`),
        ...validateDownwardAPIFiles(source.items as DownwardAPIFile[], field),
      );
      break;
    case "projected":
      errors.push(...validateProjection(source, field));
      break;
    case "nfs":
      if (source.path && !String(source.path).startsWith("/")) errors.push(invalid(`${field}.path`, source.path, "must be an absolute path"));
      break;
    case "ephemeral":
      if (!source.volumeClaimTemplate) errors.push(required(`${field}.volumeClaimTemplate`));
      break;
    case "image":
      if (!source.reference) errors.push(required(`${field}.reference`));
      break;
  }
  return errors;
}

/** Upstream's ValidateVolumes: the errors, and the valid volumes by name for mount checks. */
export function validateVolumes(volumes: readonly Volume[] | undefined, field: string): { volumes: Map<string, Volume>; errors: FieldError[] } {
  const valid = new Map<string, Volume>();
  const errors: FieldError[] = [];
  (volumes ?? []).forEach((volume, i) => {
    const at = `${field}[${i}]`;
    const found: FieldError[] = [];
    const present = VOLUME_SOURCES.filter((kind) => volume[kind] !== undefined && volume[kind] !== null);
    present.forEach((kind, n) => {
      if (n > 0) found.push(forbidden(`${at}.${kind}`, "may not specify more than 1 volume type"));
      else found.push(...validateSource(kind, volume[kind] as Source, `${at}.${kind}`));
    });
    if (present.length === 0) found.push(required(at, "must specify a volume type"));
    const name = volume.name ?? "";
    if (!name) found.push(required(`${at}.name`));
    else found.push(...validateDNS1123Label(name, `${at}.name`));
    if (valid.has(name)) found.push(duplicate(`${at}.name`, name));
    if (found.length === 0) valid.set(name, volume);
    errors.push(...found);
  });
  return { volumes: valid, errors };
}

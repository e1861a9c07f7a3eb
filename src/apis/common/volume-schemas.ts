/**
 * Pod volumes and the sources a developer cluster actually serves (emptyDir, hostPath,
 * configMap, secret, projected, downwardAPI, PVC, ephemeral, image, CSI).
 */
import type { Schema } from "../types.js";
import { legacyVolumeSourceProperties } from "./legacy-volume-schemas.js";
import { labelSelectorSchema } from "./meta.js";
import { persistentVolumeClaimTemplateSchema } from "./pvc-schemas.js";
import { localObjectReferenceSchema, objectFieldSelectorSchema, resourceFieldSelectorSchema } from "./reference-schemas.js";
import { string, enumString, int32, int64, boolean, quantity, stringMap, object, describe, list } from "./schema-builders.js";

const hostPathVolumeSourceSchema = object({
  path: string("Path on the node."),
  type: enumString(["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"], "What must exist at the path: \"\", DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice."),
}, ["path"]);

const emptyDirVolumeSourceSchema = object({
  medium: string("Storage medium: \"\" for the node's disk, or Memory for tmpfs."),
  sizeLimit: quantity("Largest size the directory may grow to."),
});

const keyToPathSchema = object({
  key: string("The key to project."),
  path: string("Relative path of the file to write the key to."),
  mode: int32("Permission bits for this file; defaults to the volume's defaultMode."),
}, ["key", "path"]);

const secretVolumeSourceSchema = object({
  secretName: string("Name of the Secret in the pod's namespace."),
  items: list(keyToPathSchema, "Keys to project and where; by default every key becomes a file.", { type: "atomic" }),
  defaultMode: int32("Permission bits for created files (default 0644)."),
  optional: boolean("Allow the Secret or its keys to be missing."),
});

const nfsVolumeSourceSchema = object({
  server: string("Hostname or IP of the NFS server."),
  path: string("Path exported by the server."),
  readOnly: boolean("Mount read-only."),
}, ["server", "path"]);

const persistentVolumeClaimVolumeSourceSchema = object({
  claimName: string("Name of the claim in the pod's namespace."),
  readOnly: boolean("Mount read-only."),
}, ["claimName"]);

const downwardAPIVolumeFileSchema = object({
  path: string("Relative path of the file to create."),
  fieldRef: describe(objectFieldSelectorSchema, "Pod field to write: metadata name, namespace, uid, labels or annotations."),
  resourceFieldRef: describe(resourceFieldSelectorSchema, "Container resource limit or request to write."),
  mode: int32("Permission bits for this file; defaults to the volume's defaultMode."),
}, ["path"]);

const downwardAPIVolumeSourceSchema = object({
  items: list(downwardAPIVolumeFileSchema, "The files to create.", { type: "atomic" }),
  defaultMode: int32("Permission bits for created files (default 0644)."),
});

const configMapVolumeSourceSchema = object({
  name: string("Name of the ConfigMap in the pod's namespace.", { default: "" }),
  items: list(keyToPathSchema, "Keys to project and where; by default every key becomes a file.", { type: "atomic" }),
  defaultMode: int32("Permission bits for created files (default 0644)."),
  optional: boolean("Allow the ConfigMap or its keys to be missing."),
});

const secretProjectionSchema = object({
  name: string("Name of the Secret.", { default: "" }),
  items: list(keyToPathSchema, "Keys to project and where; by default every key.", { type: "atomic" }),
  optional: boolean("Allow the Secret or its keys to be missing."),
});

const downwardAPIProjectionSchema = object({
  items: list(downwardAPIVolumeFileSchema, "The files to create.", { type: "atomic" }),
});

const configMapProjectionSchema = object({
  name: string("Name of the ConfigMap.", { default: "" }),
  items: list(keyToPathSchema, "Keys to project and where; by default every key.", { type: "atomic" }),
  optional: boolean("Allow the ConfigMap or its keys to be missing."),
});

const serviceAccountTokenProjectionSchema = object({
  audience: string("Intended audience of the token (default the API server's)."),
  expirationSeconds: int64("Requested token lifetime in seconds (default 3600, at least 600)."),
  path: string("Relative path of the token file."),
}, ["path"]);

const clusterTrustBundleProjectionSchema = object({
  name: string("Select one ClusterTrustBundle by name."),
  signerName: string("Select ClusterTrustBundles by signer name."),
  labelSelector: describe(labelSelectorSchema, "Select ClusterTrustBundles of the signer by labels."),
  optional: boolean("Allow no bundle to match."),
  path: string("Relative path of the file to write."),
}, ["path"]);

const volumeProjectionSchema = object({
  secret: describe(secretProjectionSchema, "A Secret's keys."),
  downwardAPI: describe(downwardAPIProjectionSchema, "Pod and container fields."),
  configMap: describe(configMapProjectionSchema, "A ConfigMap's keys."),
  serviceAccountToken: describe(serviceAccountTokenProjectionSchema, "A token for the pod's service account."),
  clusterTrustBundle: describe(clusterTrustBundleProjectionSchema, "Certificates from ClusterTrustBundle objects."),
});

const projectedVolumeSourceSchema = object({
  sources: list(volumeProjectionSchema, "The sources to project.", { type: "atomic" }),
  defaultMode: int32("Permission bits for created files (default 0644)."),
});

const csiVolumeSourceSchema = object({
  driver: string("Name of the CSI driver."),
  readOnly: boolean("Mount read-only."),
  fsType: string("Filesystem type to mount, e.g. ext4."),
  volumeAttributes: stringMap("Driver-specific properties."),
  nodePublishSecretRef: describe(localObjectReferenceSchema, "Secret passed to the driver's NodePublishVolume calls."),
}, ["driver"]);

const ephemeralVolumeSourceSchema = object({
  volumeClaimTemplate: describe(persistentVolumeClaimTemplateSchema, "Template for the claim created for this volume, named <pod>-<volume>."),
});

const imageVolumeSourceSchema = object({
  reference: string("Image or artifact reference to mount."),
  pullPolicy: enumString(["Always", "IfNotPresent", "Never"], "When to pull the image: Always, Never or IfNotPresent."),
});

const volumeSourceProperties: Record<string, Schema> = {
  hostPath: describe(hostPathVolumeSourceSchema, "A file or directory on the node."),
  emptyDir: describe(emptyDirVolumeSourceSchema, "An empty directory that lives as long as the pod."),
  secret: describe(secretVolumeSourceSchema, "A Secret's keys as files."),
  nfs: describe(nfsVolumeSourceSchema, "An NFS export."),
  persistentVolumeClaim: describe(persistentVolumeClaimVolumeSourceSchema, "A PersistentVolumeClaim in the pod's namespace."),
  downwardAPI: describe(downwardAPIVolumeSourceSchema, "Pod and container fields as files."),
  configMap: describe(configMapVolumeSourceSchema, "A ConfigMap's keys as files."),
  projected: describe(projectedVolumeSourceSchema, "Several sources (secrets, config maps, downward API, tokens) in one directory."),
  csi: describe(csiVolumeSourceSchema, "An ephemeral volume from a CSI driver."),
  ephemeral: describe(ephemeralVolumeSourceSchema, "A volume provisioned from a claim template for this pod only."),
  image: describe(imageVolumeSourceSchema, "An OCI image or artifact mounted read-only."),
  ...legacyVolumeSourceProperties,
};

export const volumeSchema = object({
  name: string("Volume name, unique in the pod; a DNS label."),
  ...volumeSourceProperties,
}, ["name"]);

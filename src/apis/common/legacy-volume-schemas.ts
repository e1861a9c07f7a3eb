/**
 * Volume sources of the in-tree storage plugins (cloud disks, network filesystems). Most are
 * deprecated or removed upstream; they stay in the schema so existing manifests still validate.
 */
import type { Schema } from "../types.js";
import { localObjectReferenceSchema } from "./reference-schemas.js";
import { string, enumString, int32, boolean, stringMap, object, describe, list } from "./schema-builders.js";

const gcePersistentDiskVolumeSourceSchema = object({
  pdName: string("Name of the persistent disk in GCE."),
  fsType: string("Filesystem type to mount, e.g. ext4."),
  partition: int32("Partition to mount; 0 or unset mounts the whole disk."),
  readOnly: boolean("Mount read-only."),
}, ["pdName"]);

const awsElasticBlockStoreVolumeSourceSchema = object({
  volumeID: string("ID of the EBS volume."),
  fsType: string("Filesystem type to mount, e.g. ext4."),
  partition: int32("Partition to mount; 0 or unset mounts the whole volume."),
  readOnly: boolean("Mount read-only."),
}, ["volumeID"]);

const gitRepoVolumeSourceSchema = object({
  repository: string("URL of the repository."),
  revision: string("Commit hash to check out."),
  directory: string("Target directory name; '.' clones into the volume root."),
}, ["repository"]);

const iscsiVolumeSourceSchema = object({
  targetPortal: string("Target portal as IP or IP:port."),
  iqn: string("iSCSI qualified name of the target."),
  lun: int32("Logical unit number of the target."),
  iscsiInterface: string("iSCSI interface name (default 'default', tcp).", { default: "default" }),
  fsType: string("Filesystem type to mount, e.g. ext4."),
  readOnly: boolean("Mount read-only."),
  portals: list({ type: "string" }, "Additional target portals.", { type: "atomic" }),
  chapAuthDiscovery: boolean("Use CHAP authentication for discovery."),
  chapAuthSession: boolean("Use CHAP authentication for the session."),
  secretRef: describe(localObjectReferenceSchema, "Secret with the CHAP credentials."),
  initiatorName: string("Custom initiator name, used with iscsiInterface."),
}, ["targetPortal", "iqn", "lun"]);

const glusterfsVolumeSourceSchema = object({
  endpoints: string("Endpoints object listing the Glusterfs servers."),
  path: string("Glusterfs volume path."),
  readOnly: boolean("Mount read-only."),
}, ["endpoints", "path"]);

const rbdVolumeSourceSchema = object({
  monitors: list({ type: "string" }, "Ceph monitor addresses.", { type: "atomic" }),
  image: string("RBD image name."),
  fsType: string("Filesystem type to mount, e.g. ext4."),
  pool: string("RADOS pool (default rbd).", { default: "rbd" }),
  user: string("RADOS user (default admin).", { default: "admin" }),
  keyring: string("Keyring path for the RADOS user (default /etc/ceph/keyring).", { default: "/etc/ceph/keyring" }),
  secretRef: describe(localObjectReferenceSchema, "Secret with the RADOS user's key; overrides keyring."),
  readOnly: boolean("Mount read-only."),
}, ["monitors", "image"]);

const flexVolumeSourceSchema = object({
  driver: string("Name of the FlexVolume driver."),
  fsType: string("Filesystem type to mount."),
  secretRef: describe(localObjectReferenceSchema, "Secret passed to the driver's scripts."),
  readOnly: boolean("Mount read-only."),
  options: stringMap("Extra options passed to the driver."),
}, ["driver"]);

const cinderVolumeSourceSchema = object({
  volumeID: string("ID of the Cinder volume."),
  fsType: string("Filesystem type to mount, e.g. ext4."),
  readOnly: boolean("Mount read-only."),
  secretRef: describe(localObjectReferenceSchema, "Secret with the OpenStack connection parameters."),
}, ["volumeID"]);

const cephFSVolumeSourceSchema = object({
  monitors: list({ type: "string" }, "Ceph monitor addresses.", { type: "atomic" }),
  path: string("Path under the CephFS root to mount (default /)."),
  user: string("RADOS user (default admin)."),
  secretFile: string("Keyring path for the user (default /etc/ceph/user.secret)."),
  secretRef: describe(localObjectReferenceSchema, "Secret with the user's key; overrides secretFile."),
  readOnly: boolean("Mount read-only."),
}, ["monitors"]);

const flockerVolumeSourceSchema = object({
  datasetName: string("Flocker dataset name."),
  datasetUUID: string("Flocker dataset UUID."),
});

const fcVolumeSourceSchema = object({
  targetWWNs: list({ type: "string" }, "Fibre Channel target worldwide names.", { type: "atomic" }),
  lun: int32("Logical unit number of the target."),
  fsType: string("Filesystem type to mount, e.g. ext4."),
  readOnly: boolean("Mount read-only."),
  wwids: list({ type: "string" }, "World wide identifiers of the volume; exclusive with targetWWNs and lun.", { type: "atomic" }),
});

const azureFileVolumeSourceSchema = object({
  secretName: string("Secret with the storage account name and key."),
  shareName: string("Name of the file share."),
  readOnly: boolean("Mount read-only."),
}, ["secretName", "shareName"]);

const vsphereVirtualDiskVolumeSourceSchema = object({
  volumePath: string("Path of the vSphere disk."),
  fsType: string("Filesystem type to mount, e.g. ext4."),
  storagePolicyName: string("Storage policy name."),
  storagePolicyID: string("Storage policy ID."),
}, ["volumePath"]);

const quobyteVolumeSourceSchema = object({
  registry: string("Quobyte registry addresses as host:port pairs."),
  volume: string("Name of the Quobyte volume."),
  readOnly: boolean("Mount read-only."),
  user: string("User to map volume access to."),
  group: string("Group to map volume access to."),
  tenant: string("Tenant owning the volume."),
}, ["registry", "volume"]);

const azureDiskVolumeSourceSchema = object({
  diskName: string("Name of the data disk."),
  diskURI: string("URI of the data disk."),
  cachingMode: enumString(["None", "ReadOnly", "ReadWrite"], "Host caching: None, ReadOnly or ReadWrite.", { default: "ReadWrite" }),
  fsType: string("Filesystem type to mount, e.g. ext4.", { default: "ext4" }),
  readOnly: boolean("Mount read-only.", { default: false }),
  kind: enumString(["Dedicated", "Managed", "Shared"], "Disk kind: Shared, Dedicated or Managed.", { default: "Shared" }),
}, ["diskName", "diskURI"]);

const photonPersistentDiskVolumeSourceSchema = object({
  pdID: string("ID of the Photon Controller disk."),
  fsType: string("Filesystem type to mount, e.g. ext4."),
}, ["pdID"]);

const portworxVolumeSourceSchema = object({
  volumeID: string("ID of the Portworx volume."),
  fsType: string("Filesystem type to mount, e.g. ext4."),
  readOnly: boolean("Mount read-only."),
}, ["volumeID"]);

const scaleIOVolumeSourceSchema = object({
  gateway: string("ScaleIO API gateway host."),
  system: string("ScaleIO storage system name."),
  secretRef: describe(localObjectReferenceSchema, "Secret with the ScaleIO user credentials."),
  sslEnabled: boolean("Use SSL to talk to the gateway."),
  protectionDomain: string("ScaleIO protection domain."),
  storagePool: string("ScaleIO storage pool."),
  storageMode: string("ThickProvisioned or ThinProvisioned (default).", { default: "ThinProvisioned" }),
  volumeName: string("Name of an existing ScaleIO volume."),
  fsType: string("Filesystem type to mount (default xfs).", { default: "xfs" }),
  readOnly: boolean("Mount read-only."),
}, ["gateway", "system", "secretRef"]);

const storageOSVolumeSourceSchema = object({
  volumeName: string("StorageOS volume name."),
  volumeNamespace: string("StorageOS namespace of the volume."),
  fsType: string("Filesystem type to mount, e.g. ext4."),
  readOnly: boolean("Mount read-only."),
  secretRef: describe(localObjectReferenceSchema, "Secret with the StorageOS API credentials."),
});

export const legacyVolumeSourceProperties: Record<string, Schema> = {
  gcePersistentDisk: describe(gcePersistentDiskVolumeSourceSchema, "A GCE persistent disk (deprecated in-tree plugin)."),
  awsElasticBlockStore: describe(awsElasticBlockStoreVolumeSourceSchema, "An AWS EBS volume (deprecated in-tree plugin)."),
  gitRepo: describe(gitRepoVolumeSourceSchema, "A git repository cloned into an empty directory (deprecated)."),
  iscsi: describe(iscsiVolumeSourceSchema, "An iSCSI disk."),
  glusterfs: describe(glusterfsVolumeSourceSchema, "A GlusterFS volume (removed plugin)."),
  rbd: describe(rbdVolumeSourceSchema, "A Ceph RBD image (deprecated in-tree plugin)."),
  flexVolume: describe(flexVolumeSourceSchema, "A volume provided by a FlexVolume driver (deprecated)."),
  cinder: describe(cinderVolumeSourceSchema, "An OpenStack Cinder volume (deprecated in-tree plugin)."),
  cephfs: describe(cephFSVolumeSourceSchema, "A CephFS mount (deprecated in-tree plugin)."),
  flocker: describe(flockerVolumeSourceSchema, "A Flocker dataset (removed plugin)."),
  fc: describe(fcVolumeSourceSchema, "A Fibre Channel disk."),
  azureFile: describe(azureFileVolumeSourceSchema, "An Azure File share (deprecated in-tree plugin)."),
  vsphereVolume: describe(vsphereVirtualDiskVolumeSourceSchema, "A vSphere disk (deprecated in-tree plugin)."),
  quobyte: describe(quobyteVolumeSourceSchema, "A Quobyte volume (removed plugin)."),
  azureDisk: describe(azureDiskVolumeSourceSchema, "An Azure data disk (deprecated in-tree plugin)."),
  photonPersistentDisk: describe(photonPersistentDiskVolumeSourceSchema, "A Photon Controller disk (removed plugin)."),
  portworxVolume: describe(portworxVolumeSourceSchema, "A Portworx volume (deprecated in-tree plugin)."),
  scaleIO: describe(scaleIOVolumeSourceSchema, "A ScaleIO volume (removed plugin)."),
  storageos: describe(storageOSVolumeSourceSchema, "A StorageOS volume (removed plugin)."),
};

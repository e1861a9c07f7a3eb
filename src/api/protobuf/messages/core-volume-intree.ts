/**
 * core/v1 volume sources of in-tree cloud and storage drivers. mini mounts none
 * of them, but a pod template that names one must still decode whole, so that
 * validation can reject it by name rather than lose it.
 * Field numbers and types: k8s.io/api core/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const coreInTreeVolumeMessages = {
  "core.v1.AWSElasticBlockStoreVolumeSource": {
    1: { name: "volumeID", type: "string" },
    2: { name: "fsType", type: "string", omitEmpty: true },
    3: { name: "partition", type: "int32", omitEmpty: true },
    4: { name: "readOnly", type: "bool", omitEmpty: true },
  },
  "core.v1.AzureDiskVolumeSource": {
    1: { name: "diskName", type: "string" },
    2: { name: "diskURI", type: "string" },
    3: { name: "cachingMode", type: "string" },
    4: { name: "fsType", type: "string" },
    5: { name: "readOnly", type: "bool" },
    6: { name: "kind", type: "string" },
  },
  "core.v1.AzureFileVolumeSource": {
    1: { name: "secretName", type: "string" },
    2: { name: "shareName", type: "string" },
    3: { name: "readOnly", type: "bool", omitEmpty: true },
  },
  "core.v1.CephFSVolumeSource": {
    1: { name: "monitors", type: "string", list: "repeated" },
    2: { name: "path", type: "string", omitEmpty: true },
    3: { name: "user", type: "string", omitEmpty: true },
    4: { name: "secretFile", type: "string", omitEmpty: true },
    5: { name: "secretRef", type: "core.v1.LocalObjectReference" },
    6: { name: "readOnly", type: "bool", omitEmpty: true },
  },
  "core.v1.CinderVolumeSource": {
    1: { name: "volumeID", type: "string" },
    2: { name: "fsType", type: "string", omitEmpty: true },
    3: { name: "readOnly", type: "bool", omitEmpty: true },
    4: { name: "secretRef", type: "core.v1.LocalObjectReference" },
  },
  "core.v1.FCVolumeSource": {
    1: { name: "targetWWNs", type: "string", list: "repeated" },
    2: { name: "lun", type: "int32" },
    3: { name: "fsType", type: "string", omitEmpty: true },
    4: { name: "readOnly", type: "bool", omitEmpty: true },
    5: { name: "wwids", type: "string", list: "repeated" },
  },
  "core.v1.FlexVolumeSource": {
    1: { name: "driver", type: "string" },
    2: { name: "fsType", type: "string", omitEmpty: true },
    3: { name: "secretRef", type: "core.v1.LocalObjectReference" },
    4: { name: "readOnly", type: "bool", omitEmpty: true },
    5: { name: "options", type: "string", list: "map" },
  },
  "core.v1.FlockerVolumeSource": {
    1: { name: "datasetName", type: "string", omitEmpty: true },
    2: { name: "datasetUUID", type: "string", omitEmpty: true },
  },
  "core.v1.GCEPersistentDiskVolumeSource": {
    1: { name: "pdName", type: "string" },
    2: { name: "fsType", type: "string", omitEmpty: true },
    3: { name: "partition", type: "int32", omitEmpty: true },
    4: { name: "readOnly", type: "bool", omitEmpty: true },
  },
  "core.v1.GitRepoVolumeSource": {
    1: { name: "repository", type: "string" },
    2: { name: "revision", type: "string", omitEmpty: true },
    3: { name: "directory", type: "string", omitEmpty: true },
  },
  "core.v1.GlusterfsVolumeSource": {
    1: { name: "endpoints", type: "string" },
    2: { name: "path", type: "string" },
    3: { name: "readOnly", type: "bool", omitEmpty: true },
  },
  "core.v1.ISCSIVolumeSource": {
    1: { name: "targetPortal", type: "string" },
    2: { name: "iqn", type: "string" },
    3: { name: "lun", type: "int32" },
    4: { name: "iscsiInterface", type: "string", omitEmpty: true },
    5: { name: "fsType", type: "string", omitEmpty: true },
    6: { name: "readOnly", type: "bool", omitEmpty: true },
    7: { name: "portals", type: "string", list: "repeated" },
    8: { name: "chapAuthDiscovery", type: "bool", omitEmpty: true },
    10: { name: "secretRef", type: "core.v1.LocalObjectReference" },
    11: { name: "chapAuthSession", type: "bool", omitEmpty: true },
    12: { name: "initiatorName", type: "string" },
  },
  "core.v1.PhotonPersistentDiskVolumeSource": {
    1: { name: "pdID", type: "string" },
    2: { name: "fsType", type: "string", omitEmpty: true },
  },
  "core.v1.PortworxVolumeSource": {
    1: { name: "volumeID", type: "string" },
    2: { name: "fsType", type: "string", omitEmpty: true },
    3: { name: "readOnly", type: "bool", omitEmpty: true },
  },
  "core.v1.QuobyteVolumeSource": {
    1: { name: "registry", type: "string" },
    2: { name: "volume", type: "string" },
    3: { name: "readOnly", type: "bool", omitEmpty: true },
    4: { name: "user", type: "string", omitEmpty: true },
    5: { name: "group", type: "string", omitEmpty: true },
    6: { name: "tenant", type: "string", omitEmpty: true },
  },
  "core.v1.RBDVolumeSource": {
    1: { name: "monitors", type: "string", list: "repeated" },
    2: { name: "image", type: "string" },
    3: { name: "fsType", type: "string", omitEmpty: true },
    4: { name: "pool", type: "string", omitEmpty: true },
    5: { name: "user", type: "string", omitEmpty: true },
    6: { name: "keyring", type: "string", omitEmpty: true },
    7: { name: "secretRef", type: "core.v1.LocalObjectReference" },
    8: { name: "readOnly", type: "bool", omitEmpty: true },
  },
  "core.v1.ScaleIOVolumeSource": {
    1: { name: "gateway", type: "string" },
    2: { name: "system", type: "string" },
    3: { name: "secretRef", type: "core.v1.LocalObjectReference" },
    4: { name: "sslEnabled", type: "bool", omitEmpty: true },
    5: { name: "protectionDomain", type: "string", omitEmpty: true },
    6: { name: "storagePool", type: "string", omitEmpty: true },
    7: { name: "storageMode", type: "string", omitEmpty: true },
    8: { name: "volumeName", type: "string", omitEmpty: true },
    9: { name: "fsType", type: "string", omitEmpty: true },
    10: { name: "readOnly", type: "bool", omitEmpty: true },
  },
  "core.v1.StorageOSVolumeSource": {
    1: { name: "volumeName", type: "string", omitEmpty: true },
    2: { name: "volumeNamespace", type: "string", omitEmpty: true },
    3: { name: "fsType", type: "string", omitEmpty: true },
    4: { name: "readOnly", type: "bool", omitEmpty: true },
    5: { name: "secretRef", type: "core.v1.LocalObjectReference" },
  },
  "core.v1.VsphereVirtualDiskVolumeSource": {
    1: { name: "volumePath", type: "string" },
    2: { name: "fsType", type: "string", omitEmpty: true },
    3: { name: "storagePolicyName", type: "string", omitEmpty: true },
    4: { name: "storagePolicyID", type: "string", omitEmpty: true },
  },
} satisfies MessageTable;

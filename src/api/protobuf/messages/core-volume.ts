/**
 * core/v1 volumes: Volume, VolumeSource and the sources a developer cluster
 * serves (emptyDir, hostPath, configMap, secret, projected, downwardAPI, PVCs
 * and ephemeral claim templates, CSI, image, NFS).
 * Field numbers and types: k8s.io/api core/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const coreVolumeMessages = {
  "core.v1.CSIVolumeSource": {
    1: { name: "driver", type: "string" },
    2: { name: "readOnly", type: "bool" },
    3: { name: "fsType", type: "string" },
    4: { name: "volumeAttributes", type: "string", list: "map" },
    5: { name: "nodePublishSecretRef", type: "core.v1.LocalObjectReference" },
  },
  "core.v1.ClusterTrustBundleProjection": {
    1: { name: "name", type: "string" },
    2: { name: "signerName", type: "string" },
    3: { name: "labelSelector", type: "meta.v1.LabelSelector" },
    4: { name: "path", type: "string" },
    5: { name: "optional", type: "bool" },
  },
  "core.v1.ConfigMapProjection": {
    1: { name: "localObjectReference", type: "core.v1.LocalObjectReference", inline: true },
    2: { name: "items", type: "core.v1.KeyToPath", list: "repeated" },
    4: { name: "optional", type: "bool" },
  },
  "core.v1.ConfigMapVolumeSource": {
    1: { name: "localObjectReference", type: "core.v1.LocalObjectReference", inline: true },
    2: { name: "items", type: "core.v1.KeyToPath", list: "repeated" },
    3: { name: "defaultMode", type: "int32" },
    4: { name: "optional", type: "bool" },
  },
  "core.v1.DownwardAPIProjection": {
    1: { name: "items", type: "core.v1.DownwardAPIVolumeFile", list: "repeated" },
  },
  "core.v1.DownwardAPIVolumeFile": {
    1: { name: "path", type: "string" },
    2: { name: "fieldRef", type: "core.v1.ObjectFieldSelector" },
    3: { name: "resourceFieldRef", type: "core.v1.ResourceFieldSelector" },
    4: { name: "mode", type: "int32" },
  },
  "core.v1.DownwardAPIVolumeSource": {
    1: { name: "items", type: "core.v1.DownwardAPIVolumeFile", list: "repeated" },
    2: { name: "defaultMode", type: "int32" },
  },
  "core.v1.EmptyDirVolumeSource": {
    1: { name: "medium", type: "string", omitEmpty: true },
    2: { name: "sizeLimit", type: "quantity" },
  },
  "core.v1.EphemeralVolumeSource": {
    1: { name: "volumeClaimTemplate", type: "core.v1.PersistentVolumeClaimTemplate" },
  },
  "core.v1.HostPathVolumeSource": {
    1: { name: "path", type: "string" },
    2: { name: "type", type: "string" },
  },
  "core.v1.ImageVolumeSource": {
    1: { name: "reference", type: "string", omitEmpty: true },
    2: { name: "pullPolicy", type: "string", omitEmpty: true },
  },
  "core.v1.KeyToPath": {
    1: { name: "key", type: "string" },
    2: { name: "path", type: "string" },
    3: { name: "mode", type: "int32" },
  },
  "core.v1.NFSVolumeSource": {
    1: { name: "server", type: "string" },
    2: { name: "path", type: "string" },
    3: { name: "readOnly", type: "bool", omitEmpty: true },
  },
  "core.v1.PersistentVolumeClaimSpec": {
    1: { name: "accessModes", type: "string", list: "repeated" },
    2: { name: "resources", type: "core.v1.VolumeResourceRequirements" },
    3: { name: "volumeName", type: "string", omitEmpty: true },
    4: { name: "selector", type: "meta.v1.LabelSelector" },
    5: { name: "storageClassName", type: "string" },
    6: { name: "volumeMode", type: "string" },
    7: { name: "dataSource", type: "core.v1.TypedLocalObjectReference" },
    8: { name: "dataSourceRef", type: "core.v1.TypedObjectReference" },
    9: { name: "volumeAttributesClassName", type: "string" },
  },
  "core.v1.PersistentVolumeClaimTemplate": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "core.v1.PersistentVolumeClaimSpec" },
  },
  "core.v1.PersistentVolumeClaimVolumeSource": {
    1: { name: "claimName", type: "string" },
    2: { name: "readOnly", type: "bool", omitEmpty: true },
  },
  "core.v1.PodCertificateProjection": {
    1: { name: "signerName", type: "string", omitEmpty: true },
    2: { name: "keyType", type: "string", omitEmpty: true },
    3: { name: "maxExpirationSeconds", type: "int32" },
    4: { name: "credentialBundlePath", type: "string", omitEmpty: true },
    5: { name: "keyPath", type: "string", omitEmpty: true },
    6: { name: "certificateChainPath", type: "string", omitEmpty: true },
    7: { name: "userAnnotations", type: "string", list: "map" },
  },
  "core.v1.ProjectedVolumeSource": {
    1: { name: "sources", type: "core.v1.VolumeProjection", list: "repeated" },
    2: { name: "defaultMode", type: "int32" },
  },
  "core.v1.SecretProjection": {
    1: { name: "localObjectReference", type: "core.v1.LocalObjectReference", inline: true },
    2: { name: "items", type: "core.v1.KeyToPath", list: "repeated" },
    4: { name: "optional", type: "bool" },
  },
  "core.v1.SecretVolumeSource": {
    1: { name: "secretName", type: "string", omitEmpty: true },
    2: { name: "items", type: "core.v1.KeyToPath", list: "repeated" },
    3: { name: "defaultMode", type: "int32" },
    4: { name: "optional", type: "bool" },
  },
  "core.v1.ServiceAccountTokenProjection": {
    1: { name: "audience", type: "string", omitEmpty: true },
    2: { name: "expirationSeconds", type: "int64" },
    3: { name: "path", type: "string" },
  },
  "core.v1.TypedLocalObjectReference": {
    1: { name: "apiGroup", type: "string" },
    2: { name: "kind", type: "string" },
    3: { name: "name", type: "string" },
  },
  "core.v1.TypedObjectReference": {
    1: { name: "apiGroup", type: "string" },
    2: { name: "kind", type: "string" },
    3: { name: "name", type: "string" },
    4: { name: "namespace", type: "string" },
  },
  "core.v1.Volume": {
    1: { name: "name", type: "string" },
    2: { name: "volumeSource", type: "core.v1.VolumeSource", inline: true },
  },
  "core.v1.VolumeProjection": {
    1: { name: "secret", type: "core.v1.SecretProjection" },
    2: { name: "downwardAPI", type: "core.v1.DownwardAPIProjection" },
    3: { name: "configMap", type: "core.v1.ConfigMapProjection" },
    4: { name: "serviceAccountToken", type: "core.v1.ServiceAccountTokenProjection" },
    5: { name: "clusterTrustBundle", type: "core.v1.ClusterTrustBundleProjection" },
    6: { name: "podCertificate", type: "core.v1.PodCertificateProjection" },
  },
  "core.v1.VolumeResourceRequirements": {
    1: { name: "limits", type: "quantity", list: "map" },
    2: { name: "requests", type: "quantity", list: "map" },
  },
  "core.v1.VolumeSource": {
    1: { name: "hostPath", type: "core.v1.HostPathVolumeSource" },
    2: { name: "emptyDir", type: "core.v1.EmptyDirVolumeSource" },
    3: { name: "gcePersistentDisk", type: "core.v1.GCEPersistentDiskVolumeSource" },
    4: { name: "awsElasticBlockStore", type: "core.v1.AWSElasticBlockStoreVolumeSource" },
    5: { name: "gitRepo", type: "core.v1.GitRepoVolumeSource" },
    6: { name: "secret", type: "core.v1.SecretVolumeSource" },
    7: { name: "nfs", type: "core.v1.NFSVolumeSource" },
    8: { name: "iscsi", type: "core.v1.ISCSIVolumeSource" },
    9: { name: "glusterfs", type: "core.v1.GlusterfsVolumeSource" },
    10: { name: "persistentVolumeClaim", type: "core.v1.PersistentVolumeClaimVolumeSource" },
    11: { name: "rbd", type: "core.v1.RBDVolumeSource" },
    12: { name: "flexVolume", type: "core.v1.FlexVolumeSource" },
    13: { name: "cinder", type: "core.v1.CinderVolumeSource" },
    14: { name: "cephfs", type: "core.v1.CephFSVolumeSource" },
    15: { name: "flocker", type: "core.v1.FlockerVolumeSource" },
    16: { name: "downwardAPI", type: "core.v1.DownwardAPIVolumeSource" },
    17: { name: "fc", type: "core.v1.FCVolumeSource" },
    18: { name: "azureFile", type: "core.v1.AzureFileVolumeSource" },
    19: { name: "configMap", type: "core.v1.ConfigMapVolumeSource" },
    20: { name: "vsphereVolume", type: "core.v1.VsphereVirtualDiskVolumeSource" },
    21: { name: "quobyte", type: "core.v1.QuobyteVolumeSource" },
    22: { name: "azureDisk", type: "core.v1.AzureDiskVolumeSource" },
    23: { name: "photonPersistentDisk", type: "core.v1.PhotonPersistentDiskVolumeSource" },
    24: { name: "portworxVolume", type: "core.v1.PortworxVolumeSource" },
    25: { name: "scaleIO", type: "core.v1.ScaleIOVolumeSource" },
    26: { name: "projected", type: "core.v1.ProjectedVolumeSource" },
    27: { name: "storageos", type: "core.v1.StorageOSVolumeSource" },
    28: { name: "csi", type: "core.v1.CSIVolumeSource" },
    29: { name: "ephemeral", type: "core.v1.EphemeralVolumeSource" },
    30: { name: "image", type: "core.v1.ImageVolumeSource" },
  },
} satisfies MessageTable;

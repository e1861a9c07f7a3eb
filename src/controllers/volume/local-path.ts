/**
 * The built-in local-path provisioner (k3s ships rancher's; this is ours):
 * for each claim the binder hands to our provisioner, once the scheduler
 * has picked its node, it creates a directory `<dataDir>/storage/<pv>` and a
 * hostPath PersistentVolume reserved for the claim and pinned to that node.
 * When such a volume is released and its reclaim policy is Delete, the
 * directory and the volume go.
 */
import { mkdir, rm } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import type { KubeObject } from "../../apis/types.js";
import { isApiError } from "../../machinery/status.js";
import { LOCAL_PATH_STORAGE_CLASS } from "../../apis/storageclass.js";
import { runController } from "../controller.js";
import type { ControllerContext, ControllerStarter } from "../index.js";
import {
  claimClass,
  PROVISIONED_BY_ANNOTATION,
  SELECTED_NODE_ANNOTATION,
  STORAGE_PROVISIONER_ANNOTATION,
  type Claim,
  type StorageClass,
  type Volume,
} from "../../apis/common/volume-matching.js";
import { storageParts } from "./storage-parts.js";
import { cloneJson } from "../../machinery/clone.js";

export const LOCAL_PATH_PROVISIONER = LOCAL_PATH_STORAGE_CLASS.provisioner ?? "";
const HOSTNAME_LABEL = "kubernetes.io/hostname";

/** Upstream's external provisioners name volumes after the claim's uid. */
export function volumeNameFor(claim: KubeObject): string {
  return `pvc-${claim.metadata.uid ?? ""}`;
}

/** The volume the provisioner creates for a claim on a node. */
export function provisionedVolume(options: { claim: Claim; storageClass: StorageClass; node: KubeObject; path: string }): Volume {
  const { claim, storageClass, node, path } = options;
  const hostname = node.metadata.labels?.[HOSTNAME_LABEL] ?? node.metadata.name ?? "";
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: volumeNameFor(claim), annotations: { [PROVISIONED_BY_ANNOTATION]: LOCAL_PATH_PROVISIONER } },
    spec: {
      capacity: { storage: claim.spec?.resources?.requests?.["storage"] ?? "0" },
      accessModes: claim.spec?.accessModes ?? ["ReadWriteOnce"],
      persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? "Delete",
      storageClassName: claimClass(claim),
      volumeMode: claim.spec?.volumeMode ?? "Filesystem",
      hostPath: { path, type: "DirectoryOrCreate" },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: "In", values: [hostname] }] }] } },
      claimRef: { kind: "PersistentVolumeClaim", namespace: claim.metadata.namespace ?? "", name: claim.metadata.name ?? "", uid: claim.metadata.uid ?? "", apiVersion: "v1", resourceVersion: claim.metadata.resourceVersion ?? "" },
    },
  };
}

export function localPathProvisioner(dataDir: string): ControllerStarter {
  return (context: ControllerContext) => startLocalPathProvisioner(context, resolve(dataDir, "storage"));
}

function startLocalPathProvisioner(context: ControllerContext, root: string): void {
  const { signal } = context;
  const { log, claims, volumes, classes, nodes, claimClient, volumeClient, events, queue } = storageParts(context, "local-path-provisioner", LOCAL_PATH_PROVISIONER);

  const ours = (claim: KubeObject) => claim.metadata.annotations?.[STORAGE_PROVISIONER_ANNOTATION] === LOCAL_PATH_PROVISIONER;
  claims.addHandlers({
    onAdd: (claim) => ours(claim) && queue.add(`claim/${claim.metadata.namespace ?? ""}/${claim.metadata.name ?? ""}`),
    onUpdate: (_old, claim) => ours(claim) && queue.add(`claim/${claim.metadata.namespace ?? ""}/${claim.metadata.name ?? ""}`),
  });
  const provisioned = (volume: KubeObject) => volume.metadata.annotations?.[PROVISIONED_BY_ANNOTATION] === LOCAL_PATH_PROVISIONER;
  volumes.addHandlers({
    onAdd: (volume) => provisioned(volume) && queue.add(`volume/${volume.metadata.name ?? ""}`),
    onUpdate: (_old, volume) => provisioned(volume) && queue.add(`volume/${volume.metadata.name ?? ""}`),
  });

  /** A path inside our root, so a hand-edited volume cannot make us delete anything else. */
  const inRoot = (path: string | undefined): path is string => path !== undefined && resolve(path).startsWith(root + sep);

  const provision = async (namespace: string, name: string): Promise<void> => {
    const claim = claims.get(namespace, name) as Claim | undefined;
    if (!claim || claim.metadata.deletionTimestamp || claim.spec?.volumeName || !ours(claim)) return;
    const volumeName = volumeNameFor(claim);
    if (volumes.get("", volumeName)) return;
    const storageClass = classes.get("", claimClass(claim)) as StorageClass | undefined;
    const nodeName = claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
    const node = nodeName ? nodes.get("", nodeName) : undefined;
    if (!storageClass || !node) {
      const why = !storageClass ? `storageclass.storage.k8s.io "${claimClass(claim)}" not found` : nodeName ? `node "${nodeName}" not found` : "no node was selected for the claim; local-path volumes need volumeBindingMode WaitForFirstConsumer";
      events.record(claim, "Warning", "ProvisioningFailed", `failed to provision volume with StorageClass "${claimClass(claim)}": ${why}`);
      // A node that is gone cannot take the volume: drop the choice so the scheduler picks again.
      if (storageClass && nodeName) {
        const next = cloneJson(claim);
        delete next.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
        await claimClient.update(next);
      }
      return;
    }
    events.record(claim, "Normal", "Provisioning", `External provisioner is provisioning volume for claim "${namespace}/${name}"`);
    const path = join(root, volumeName);
    // Containers of any user may write there, as rancher's provisioner allows.
    await mkdir(path, { recursive: true, mode: 0o777 });
    try {
      await volumeClient.create("", provisionedVolume({ claim, storageClass, node, path }));
    } catch (error: unknown) {
      if (!isApiError(error, 409)) throw error;
    }
    events.record(claim, "Normal", "ProvisioningSucceeded", `Successfully provisioned volume ${volumeName}`);
    log.debug("volume provisioned", { claim: `${namespace}/${name}`, volume: volumeName, path });
  };

  const reclaim = async (name: string): Promise<void> => {
    const volume = volumes.get("", name) as Volume | undefined;
    if (!volume || !provisioned(volume) || volume.status?.phase !== "Released" || volume.spec?.persistentVolumeReclaimPolicy !== "Delete") return;
    const path = volume.spec?.hostPath?.path;
    if (inRoot(path)) await rm(path, { recursive: true, force: true });
    try {
      await volumeClient.delete("", name);
    } catch (error: unknown) {
      if (!isApiError(error, 404)) throw error;
    }
    log.debug("volume deleted", { volume: name, path });
  };

  const sync = async (key: string): Promise<void> => {
    if (key.startsWith("claim/")) {
      const [namespace = "", name = ""] = key.slice("claim/".length).split("/");
      await provision(namespace, name);
    } else {
      await reclaim(key.slice("volume/".length));
    }
  };
  runController({ name: "local-path-provisioner", queue, sync, log }, signal);
}

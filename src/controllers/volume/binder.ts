/**
 * The persistent volume binder (upstream's PersistentVolumeController):
 * binds each claim to a volume — one reserved for it, a free one that
 * serves it, or one its class's provisioner creates — and keeps the phases
 * true: claims Pending, Bound or Lost; volumes Available, Bound or
 * Released once their claim is gone. Claims of a WaitForFirstConsumer class
 * wait until the scheduler has picked a node (the selected-node annotation).
 * Deleting a released volume is its provisioner's job.
 */
import type { KubeObject } from "../../apis/types.js";
import { isApiError } from "../../machinery/status.js";
import { timestamp } from "../../api/registry/index.js";
import { runController } from "../controller.js";
import type { ControllerContext } from "../index.js";
import {
  BETA_STORAGE_PROVISIONER_ANNOTATION,
  BIND_COMPLETED_ANNOTATION,
  BOUND_BY_CONTROLLER_ANNOTATION,
  claimClass,
  findVolume,
  reservedFor,
  SELECTED_NODE_ANNOTATION,
  STORAGE_PROVISIONER_ANNOTATION,
  type Claim,
  type StorageClass,
  type Volume,
} from "../../apis/common/volume-matching.js";
import { storageParts } from "./storage-parts.js";
import { cloneJson } from "../../machinery/clone.js";

const CLAIM = "claim/";
const VOLUME = "volume/";

export function startPersistentVolumeBinder(context: ControllerContext): void {
  const { signal } = context;
  const { log, claims, volumes, classes, nodes, claimClient, volumeClient, events, queue } = storageParts(context, "persistentvolume-binder", "persistentvolume-controller");

  const claimKey = (claim: KubeObject) => `${CLAIM}${claim.metadata.namespace ?? ""}/${claim.metadata.name ?? ""}`;
  const volumeKey = (volume: KubeObject) => `${VOLUME}${volume.metadata.name ?? ""}`;
  const onClaim = (claim: KubeObject) => {
    queue.add(claimKey(claim));
    // A claim's coming and going can bind or release the volumes that name it.
    for (const volume of volumes.list() as Volume[]) if (volume.spec?.claimRef?.name === claim.metadata.name && volume.spec?.claimRef?.namespace === claim.metadata.namespace) queue.add(volumeKey(volume));
  };
  const onVolume = (volume: KubeObject) => {
    queue.add(volumeKey(volume));
    const ref = (volume as Volume).spec?.claimRef;
    if (ref?.name) queue.add(`${CLAIM}${ref.namespace ?? ""}/${ref.name}`);
    // A new free volume may serve a waiting claim.
    for (const claim of claims.list() as Claim[]) if (!claim.spec?.volumeName) queue.add(claimKey(claim));
  };
  claims.addHandlers({ onAdd: onClaim, onUpdate: (_old, claim) => onClaim(claim), onDelete: onClaim });
  volumes.addHandlers({ onAdd: onVolume, onUpdate: (_old, volume) => onVolume(volume), onDelete: onVolume });

  /** Writes the volume's phase when it differs. */
  const setVolumePhase = async (volume: Volume, phase: string): Promise<Volume> => {
    if (volume.status?.phase === phase) return volume;
    const next = cloneJson(volume);
    next.status = { phase, lastPhaseTransitionTime: timestamp() };
    return (await volumeClient.updateStatus(next)) as Volume;
  };

  /** Both halves of a binding, volume first as upstream does, so a crash leaves the volume reserved. */
  const bind = async (claim: Claim, volume: Volume): Promise<void> => {
    let bound = volume;
    if (!reservedFor(volume, claim) || !volume.spec?.claimRef?.uid) {
      const next = cloneJson(volume);
      const chosen = !volume.spec?.claimRef;
      next.spec = { ...next.spec, claimRef: { kind: "PersistentVolumeClaim", namespace: claim.metadata.namespace ?? "", name: claim.metadata.name ?? "", uid: claim.metadata.uid ?? "", apiVersion: "v1", resourceVersion: claim.metadata.resourceVersion ?? "" } };
      if (chosen) next.metadata.annotations = { ...next.metadata.annotations, [BOUND_BY_CONTROLLER_ANNOTATION]: "yes" };
      bound = (await volumeClient.update(next)) as Volume;
    }
    bound = await setVolumePhase(bound, "Bound");
    let current = claim;
    if (claim.spec?.volumeName !== volume.metadata.name || claim.metadata.annotations?.[BIND_COMPLETED_ANNOTATION] !== "yes") {
      const next = cloneJson(claim);
      const chosen = !claim.spec?.volumeName;
      next.spec = { ...next.spec, volumeName: volume.metadata.name ?? "" };
      next.metadata.annotations = { ...next.metadata.annotations, [BIND_COMPLETED_ANNOTATION]: "yes", ...(chosen ? { [BOUND_BY_CONTROLLER_ANNOTATION]: "yes" } : {}) };
      current = (await claimClient.update(next)) as Claim;
    }
    const status = { ...current.status, phase: "Bound", accessModes: bound.spec?.accessModes ?? [], capacity: bound.spec?.capacity ?? {} };
    if (JSON.stringify(status) !== JSON.stringify(current.status)) await claimClient.updateStatus({ ...current, status });
  };

  /** No volume yet: ask the class's provisioner, or say why the claim waits. */
  const awaitVolume = async (claim: Claim): Promise<void> => {
    const className = claimClass(claim);
    const storageClass = className ? (classes.get("", className) as StorageClass | undefined) : undefined;
    if (!storageClass?.provisioner) {
      const message = className ? `storageclass.storage.k8s.io "${className}" not found` : "no persistent volumes available for this claim and no storage class is set";
      events.record(claim, "Warning", "FailedBinding", message);
      return;
    }
    const waits = storageClass.volumeBindingMode === "WaitForFirstConsumer" && !claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
    if (waits) {
      events.record(claim, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
      return;
    }
    // Handing the claim to its provisioner happens once; later syncs find the annotation and wait.
    if (claim.metadata.annotations?.[STORAGE_PROVISIONER_ANNOTATION] === storageClass.provisioner) return;
    const next = cloneJson(claim);
    next.metadata.annotations = { ...next.metadata.annotations, [STORAGE_PROVISIONER_ANNOTATION]: storageClass.provisioner, [BETA_STORAGE_PROVISIONER_ANNOTATION]: storageClass.provisioner };
    await claimClient.update(next);
    events.record(claim, "Normal", "ExternalProvisioning", `Waiting for a volume to be created either by the external provisioner '${storageClass.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`);
  };

  const syncClaim = async (namespace: string, name: string): Promise<void> => {
    const claim = claims.get(namespace, name) as Claim | undefined;
    if (!claim || claim.metadata.deletionTimestamp) return;
    const all = volumes.list() as Volume[];
    const volumeName = claim.spec?.volumeName;
    if (volumeName) {
      const volume = all.find((v) => v.metadata.name === volumeName);
      if (!volume) {
        if (claim.status?.phase === "Bound") {
          await claimClient.updateStatus({ ...claim, status: { ...claim.status, phase: "Lost" } });
          events.record(claim, "Warning", "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
        }
        return;
      }
      if (volume.spec?.claimRef && !reservedFor(volume, claim)) {
        events.record(claim, "Warning", "FailedBinding", "volume \"" + volumeName + "\" already bound to a different claim.");
        return;
      }
      await bind(claim, volume);
      return;
    }
    const selected = claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
    const node = selected ? nodes.get("", selected) : undefined;
    const volume = findVolume(claim, all, node);
    if (volume) await bind(claim, volume);
    else await awaitVolume(claim);
  };

  const syncVolume = async (name: string): Promise<void> => {
    const volume = volumes.get("", name) as Volume | undefined;
    if (!volume || volume.metadata.deletionTimestamp) return;
    const ref = volume.spec?.claimRef;
    if (!ref?.name) {
      await setVolumePhase(volume, "Available");
      return;
    }
    const claim = claims.get(ref.namespace ?? "", ref.name) as Claim | undefined;
    if (!claim || (ref.uid && claim.metadata.uid !== ref.uid)) {
      // A volume reserved ahead for a claim not yet created stays free for it.
      if (!ref.uid) await setVolumePhase(volume, "Available");
      else if (volume.status?.phase !== "Failed") await setVolumePhase(volume, "Released");
      return;
    }
    if (claim.spec?.volumeName === name) {
      await setVolumePhase(volume, "Bound");
    } else if (claim.spec?.volumeName && volume.metadata.annotations?.[BOUND_BY_CONTROLLER_ANNOTATION] === "yes") {
      // The claim went to another volume: give this one back.
      const next = cloneJson(volume);
      if (next.spec) delete next.spec.claimRef;
      await setVolumePhase((await volumeClient.update(next)) as Volume, "Available");
    }
  };

  const sync = async (key: string): Promise<void> => {
    try {
      if (key.startsWith(CLAIM)) {
        const [namespace = "", name = ""] = key.slice(CLAIM.length).split("/");
        await syncClaim(namespace, name);
      } else {
        await syncVolume(key.slice(VOLUME.length));
      }
    } catch (error: unknown) {
      // Gone meanwhile: its deletion event brings the key back if anything is left to do.
      if (!isApiError(error, 404)) throw error;
    }
  };
  runController({ name: "persistentvolume-binder", queue, sync, log }, signal);
}

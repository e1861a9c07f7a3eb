/**
 * Storage object in use protection (upstream's pvc-protection and
 * pv-protection controllers): a claim being deleted keeps its finalizer
 * while a pod that has not finished uses it, and a volume being deleted
 * keeps its finalizer while it is bound; then the finalizer goes, and with
 * it the object.
 */
import { WorkQueue, type Informer, type ResourceClient } from "../../client/index.js";
import type { KubeObject } from "../../apis/types.js";
import { isApiError } from "../../machinery/status.js";
import { runController } from "../controller.js";
import type { ControllerContext } from "../index.js";
import { podClaimNames, PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER, type Volume } from "../../apis/common/volume-matching.js";
import { cloneJson } from "../../machinery/clone.js";

const deletingWith = (object: KubeObject, finalizer: string) => Boolean(object.metadata.deletionTimestamp) && (object.metadata.finalizers ?? []).includes(finalizer);

function finished(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

export function startVolumeProtectionController(context: ControllerContext): void {
  const { client, informers, signal } = context;
  const log = context.log.child("volume-protection-controller");
  const claims: Informer = informers.forKind("", "PersistentVolumeClaim");
  const volumes: Informer = informers.forKind("", "PersistentVolume");
  const pods: Informer = informers.forKind("", "Pod");
  const claimClient: ResourceClient = client.resource("", "PersistentVolumeClaim");
  const volumeClient: ResourceClient = client.resource("", "PersistentVolume");
  const podClient: ResourceClient = client.resource("", "Pod");
  const queue = new WorkQueue();

  const onClaim = (claim: KubeObject) => deletingWith(claim, PVC_PROTECTION_FINALIZER) && queue.add(`claim/${claim.metadata.namespace ?? ""}/${claim.metadata.name ?? ""}`);
  const onVolume = (volume: KubeObject) => deletingWith(volume, PV_PROTECTION_FINALIZER) && queue.add(`volume/${volume.metadata.name ?? ""}`);
  // A pod that goes or finishes may free the claims it used.
  const onPod = (pod: KubeObject) => {
    for (const name of podClaimNames(pod)) {
      const claim = claims.get(pod.metadata.namespace ?? "", name);
      if (claim) onClaim(claim);
    }
  };
  claims.addHandlers({ onAdd: onClaim, onUpdate: (_old, claim) => onClaim(claim) });
  volumes.addHandlers({ onAdd: onVolume, onUpdate: (_old, volume) => onVolume(volume) });
  pods.addHandlers({ onUpdate: (_old, pod) => finished(pod) && onPod(pod), onDelete: onPod });

  const release = async (object: KubeObject, finalizer: string, target: ResourceClient): Promise<void> => {
    const next = cloneJson(object);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    await target.update(next);
    log.debug("protection finalizer removed", { object: `${object.metadata.namespace ?? ""}/${object.metadata.name ?? ""}` });
  };

  const syncClaim = async (namespace: string, name: string): Promise<void> => {
    const claim = claims.get(namespace, name);
    if (!claim || !deletingWith(claim, PVC_PROTECTION_FINALIZER)) return;
    // The pod cache may lag behind a pod just created; the API has the last word, as upstream asks it.
    const { items } = await podClient.list({ namespace });
    if (items.some((pod) => !finished(pod) && podClaimNames(pod).includes(name))) return;
    await release(claim, PVC_PROTECTION_FINALIZER, claimClient);
  };

  const syncVolume = async (name: string): Promise<void> => {
    const volume = volumes.get("", name) as Volume | undefined;
    if (!volume || !deletingWith(volume, PV_PROTECTION_FINALIZER) || volume.status?.phase === "Bound") return;
    await release(volume, PV_PROTECTION_FINALIZER, volumeClient);
  };

  const sync = async (key: string): Promise<void> => {
    try {
      if (key.startsWith("claim/")) {
        const [namespace = "", name = ""] = key.slice("claim/".length).split("/");
        await syncClaim(namespace, name);
      } else {
        await syncVolume(key.slice("volume/".length));
      }
    } catch (error: unknown) {
      if (!isApiError(error, 404)) throw error;
    }
  };
  runController({ name: "volume-protection", queue, sync, log }, signal);
}

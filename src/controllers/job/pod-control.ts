/**
 * The job controller's writes to pods, with the Events upstream's
 * PodControl records on the job (`SuccessfulCreate`, `FailedCreate`,
 * `SuccessfulDelete`, `FailedDelete`). Metadata edits (the tracking
 * finalizer, adoption) re-read the pod and write conditionally, so they
 * never undo someone else's change made since the cache saw the pod.
 */
import type { EventRecorder, ResourceClient } from "../../client/index.js";
import { controllerOf, errorMessage, isConflict, isNamespaceTerminating, isNotFound } from "./api-helpers.js";
import { TRACKING_FINALIZER, type Job, type Pod } from "./types.js";

const CONFLICT_RETRIES = 5;


export class PodControl {
  readonly #pods: ResourceClient;
  readonly #recorder: EventRecorder;

  constructor(pods: ResourceClient, recorder: EventRecorder) {
    this.#pods = pods;
    this.#recorder = recorder;
  }

  async create(job: Job, pod: Pod): Promise<Pod> {
    try {
      const created = (await this.#pods.create(pod.metadata.namespace ?? "", pod)) as Pod;
      this.#recorder.record(job, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name ?? ""}`);
      return created;
    } catch (error: unknown) {
      if (!isNamespaceTerminating(error)) this.#recorder.record(job, "Warning", "FailedCreate", `Error creating: ${errorMessage(error)}`);
      throw error;
    }
  }

  /** Deletes the pod; a pod already gone is an error the caller may ignore (isNotFound). */
  async delete(job: Job, pod: Pod): Promise<void> {
    const name = pod.metadata.name ?? "";
    try {
      await this.#pods.delete(pod.metadata.namespace ?? "", name);
      this.#recorder.record(job, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`);
    } catch (error: unknown) {
      if (!isNotFound(error)) this.#recorder.record(job, "Warning", "FailedDelete", `Error deleting: ${errorMessage(error)}`);
      throw error;
    }
  }

  /** Removes the tracking finalizer; resolves when it is gone (or the pod is). */
  async removeTrackingFinalizer(pod: Pod): Promise<void> {
    await this.#edit(pod, (fresh) => {
      const finalizers = fresh.metadata.finalizers ?? [];
      if (!finalizers.includes(TRACKING_FINALIZER)) return false;
      fresh.metadata.finalizers = finalizers.filter((finalizer) => finalizer !== TRACKING_FINALIZER);
      return true;
    });
  }

  /** Makes the job the controller of an orphan pod, with the tracking finalizer; false if the pod is no longer an orphan. */
  async adopt(job: Job, pod: Pod): Promise<boolean> {
    let adopted = false;
    await this.#edit(pod, (fresh) => {
      adopted = false;
      if (fresh.metadata.uid !== pod.metadata.uid || controllerOf(fresh) || fresh.metadata.deletionTimestamp) return false;
      const reference = { apiVersion: "batch/v1", kind: "Job", name: job.metadata.name ?? "", uid: job.metadata.uid ?? "", controller: true, blockOwnerDeletion: true };
      fresh.metadata.ownerReferences = [...(fresh.metadata.ownerReferences ?? []), reference];
      const finalizers = fresh.metadata.finalizers ?? [];
      if (!finalizers.includes(TRACKING_FINALIZER)) fresh.metadata.finalizers = [...finalizers, TRACKING_FINALIZER];
      adopted = true;
      return true;
    });
    return adopted;
  }

  /** Re-reads the pod, applies `change` (false: nothing to do) and writes it conditionally, retrying lost races. */
  async #edit(pod: Pod, change: (fresh: Pod) => boolean): Promise<void> {
    const namespace = pod.metadata.namespace ?? "";
    const name = pod.metadata.name ?? "";
    for (let attempt = 0; ; attempt++) {
      try {
        const fresh = (await this.#pods.get(namespace, name)) as Pod;
        if (!change(fresh)) return;
        await this.#pods.update(fresh);
        return;
      } catch (error: unknown) {
        if (isNotFound(error)) return;
        if (!isConflict(error) || attempt >= CONFLICT_RETRIES) throw error;
      }
    }
  }
}

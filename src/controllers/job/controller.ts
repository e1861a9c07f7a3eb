/**
 * The Job controller: runs a Job's pods until enough succeed, or the job
 * fails. Pod events wake the owning job (batched, so a burst of pod
 * changes becomes one status write); the expectations keep a sync from
 * acting on a cache that has not caught up with its own writes. A second
 * queue strips the tracking finalizer from pods no job will count (orphans,
 * pods of finished or deleted jobs), so they can go away.
 */
import { objectKey, EventRecorder, WorkQueue, type Informer } from "../../client/index.js";
import { labelSelectorMatches } from "../../apis/common/label-selector.js";
import { runController } from "../controller.js";
import type { ControllerContext } from "../index.js";
import { BackoffStore } from "./backoff.js";
import { isFinished } from "./conditions.js";
import type { Machinery } from "./context.js";
import { PodExpectations } from "../expectations.js";
import { FinalizerExpectations } from "./finalizer-expectations.js";
import { PodControl } from "./pod-control.js";
import { controllerOf, splitKey } from "./api-helpers.js";
import { hasTrackingFinalizer } from "./pods.js";
import { syncJob } from "./sync.js";
import { JOB_CONTROLLER_NAME, TRACKING_FINALIZER, type Job, type Pod } from "./types.js";

const OWNER_INDEX = "job-controller/owner-uid";
const ORPHAN_INDEX = "job-controller/orphans";

export interface JobControllerOptions {
  /** The clock, epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** First back-off before replacing a failed pod; doubles per failure. @default 10_000 (upstream's 10 s) */
  readonly podFailureBackoffMs?: number;
  /** Longest back-off. @default 600_000 (upstream's MaxJobPodFailureBackOff, 10 min) */
  readonly maxPodFailureBackoffMs?: number;
  /** Pod events wait this long so that bursts share one sync. @default 1_000 (upstream's syncJobBatchPeriod) */
  readonly batchPeriodMs?: number;
  /** @default 5 (upstream's ConcurrentJobSyncs) */
  readonly workers?: number;
}

/** Registers the controller's handlers and runs its workers. */
export function startJobController(context: ControllerContext, options: JobControllerOptions = {}): void {
  new JobController(context, options).run(options.workers ?? 5);
}

const managedElsewhere = (job: Job): boolean => job.spec?.managedBy !== undefined && job.spec.managedBy !== JOB_CONTROLLER_NAME;

class JobController {
  readonly #context: ControllerContext;
  readonly #jobs: Informer;
  readonly #pods: Informer;
  readonly #queue = new WorkQueue({ baseDelayMs: 1_000, maxDelayMs: 60_000 });
  readonly #orphanQueue = new WorkQueue({ baseDelayMs: 1_000, maxDelayMs: 60_000 });
  readonly #machinery: Machinery;
  readonly #batchPeriodMs: number;

  constructor(context: ControllerContext, options: JobControllerOptions) {
    this.#context = context;
    this.#batchPeriodMs = options.batchPeriodMs ?? 1_000;
    const now = options.now ?? Date.now;
    const recorder = new EventRecorder(context.client, { component: "job-controller", log: context.log });
    this.#machinery = {
      podControl: new PodControl(context.client.resource("", "Pod"), recorder),
      jobs: context.client.resource("batch", "Job"),
      recorder,
      expectations: new PodExpectations(now),
      finalizers: new FinalizerExpectations(),
      backoff: new BackoffStore(),
      delays: { baseMs: options.podFailureBackoffMs ?? 10_000, maxMs: options.maxPodFailureBackoffMs ?? 600_000 },
      now,
      // As upstream's enqueueSyncJobWithDelay: never sooner than one batch period.
      requeue: (key, delayMs) => this.#queue.addAfter(key, Math.max(delayMs, this.#batchPeriodMs)),
    };
    this.#jobs = context.informers.forKind("batch", "Job");
    this.#pods = context.informers.forKind("", "Pod");
    this.#pods.addIndex(OWNER_INDEX, (pod) => {
      const owner = controllerOf(pod as Pod);
      return owner?.kind === "Job" ? [owner.uid] : [];
    });
    this.#pods.addIndex(ORPHAN_INDEX, (pod) => (controllerOf(pod as Pod) ? [] : [pod.metadata.namespace ?? ""]));
    this.#jobs.addHandlers({
      onAdd: (job) => this.#queue.add(objectKey(job)),
      onUpdate: (old, current) => this.#jobUpdated(old as Job, current as Job),
      onDelete: (job) => {
        this.#queue.add(objectKey(job));
        this.#releasePods(job as Job);
      },
    });
    this.#pods.addHandlers({
      onAdd: (pod) => this.#podAdded(pod as Pod),
      onUpdate: (old, current) => this.#podUpdated(old as Pod, current as Pod),
      onDelete: (pod) => this.#podDeleted(pod as Pod, true),
    });
  }

  run(workers: number): void {
    const { log, signal } = this.#context;
    runController({ name: "job", queue: this.#queue, sync: (key) => this.#sync(key), workers, log }, signal);
    runController({ name: "job-orphan-pods", queue: this.#orphanQueue, sync: (key) => this.#syncOrphanPod(key), log }, signal);
  }

  #enqueueBatched(job: Job): void {
    this.#queue.addAfter(objectKey(job), this.#batchPeriodMs);
  }

  #jobUpdated(old: Job, current: Job): void {
    const key = objectKey(current);
    // Spec changes are looked at now; status changes (mostly our own) can wait for the batch.
    if (old.metadata.generation === current.metadata.generation) this.#enqueueBatched(current);
    else this.#queue.add(key);
    if (isFinished(current)) this.#releasePods(current);
    const deadline = current.spec?.activeDeadlineSeconds;
    const start = current.status?.startTime;
    if (deadline !== undefined && start !== undefined && deadline !== old.spec?.activeDeadlineSeconds) {
      this.#queue.addAfter(key, deadline * 1000 - (this.#machinery.now() - Date.parse(start)));
    }
  }

  /** The job named by the pod's controller reference, if it is still that job. */
  #ownerOf(pod: Pod, reference = controllerOf(pod)): Job | undefined {
    if (reference?.kind !== "Job") return undefined;
    const job = this.#jobs.get(pod.metadata.namespace ?? "", reference.name) as Job | undefined;
    return job?.metadata.uid === reference.uid ? job : undefined;
  }

  /** Jobs whose selector matches an orphan pod: they may adopt it. */
  #jobsSelecting(pod: Pod): Job[] {
    return (this.#jobs.list(pod.metadata.namespace ?? "") as Job[]).filter((job) => labelSelectorMatches(job.spec?.selector, pod.metadata.labels));
  }

  #podAdded(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) {
      // Seen for the first time already terminating (e.g. after a restart): not a creation we wait for.
      this.#podDeleted(pod, false);
      return;
    }
    if (controllerOf(pod)) {
      const job = this.#ownerOf(pod);
      if (!job) return;
      this.#machinery.expectations.creationObserved(objectKey(job));
      this.#enqueueBatched(job);
      return;
    }
    if (hasTrackingFinalizer(pod)) this.#orphanQueue.add(objectKey(pod));
    for (const job of this.#jobsSelecting(pod)) this.#enqueueBatched(job);
  }

  #podUpdated(old: Pod, current: Pod): void {
    if (old.metadata.resourceVersion === current.metadata.resourceVersion) return;
    if (current.metadata.deletionTimestamp) {
      // Graceful deletion has begun: replacements need not wait for the pod to be gone.
      this.#podDeleted(current, false);
      return;
    }
    const released = !hasTrackingFinalizer(current);
    const oldReference = controllerOf(old);
    const reference = controllerOf(current);
    for (const ref of reference?.uid === oldReference?.uid ? [reference] : [oldReference, reference]) {
      const job = ref ? this.#ownerOf(current, ref) : undefined;
      if (!job) continue;
      if (released) this.#machinery.finalizers.removalObserved(objectKey(job), current.metadata.uid ?? "");
      this.#enqueueBatched(job);
    }
    if (reference) return;
    if (hasTrackingFinalizer(current)) this.#orphanQueue.add(objectKey(current));
    if (JSON.stringify(old.metadata.labels) !== JSON.stringify(current.metadata.labels) || oldReference) {
      for (const job of this.#jobsSelecting(current)) this.#enqueueBatched(job);
    }
  }

  /** `final`: the pod is gone; otherwise it is only being deleted. */
  #podDeleted(pod: Pod, final: boolean): void {
    const job = this.#ownerOf(pod);
    if (!job || isFinished(job)) {
      // No sync will release this pod's finalizer.
      if (hasTrackingFinalizer(pod) && !final) this.#orphanQueue.add(objectKey(pod));
      return;
    }
    const key = objectKey(job);
    const uid = pod.metadata.uid ?? "";
    this.#machinery.expectations.deletionObserved(key, uid);
    if (final || !hasTrackingFinalizer(pod)) this.#machinery.finalizers.removalObserved(key, uid);
    this.#enqueueBatched(job);
  }

  /** A finished or deleted job's pods that still carry the finalizer: free them. */
  #releasePods(job: Job): void {
    for (const pod of this.#pods.byIndex(OWNER_INDEX, job.metadata.uid ?? "")) {
      if (hasTrackingFinalizer(pod as Pod)) this.#orphanQueue.add(objectKey(pod));
    }
  }

  async #sync(key: string): Promise<void> {
    const [namespace, name] = splitKey(key);
    const job = this.#jobs.get(namespace, name) as Job | undefined;
    if (!job) {
      this.#machinery.expectations.forget(key);
      this.#machinery.finalizers.forget(key);
      this.#machinery.backoff.remove(key);
      return;
    }
    if (managedElsewhere(job)) return;
    await syncJob(this.#machinery, key, job, (copy) => this.#claimPods(copy));
  }

  /** The job's pods: those it controls, plus orphans its selector matches, which it adopts. */
  async #claimPods(job: Job): Promise<Pod[]> {
    const owned = this.#pods.byIndex(OWNER_INDEX, job.metadata.uid ?? "") as Pod[];
    if (job.metadata.deletionTimestamp) return owned;
    const orphans = (this.#pods.byIndex(ORPHAN_INDEX, job.metadata.namespace ?? "") as Pod[]).filter(
      (pod) => !pod.metadata.deletionTimestamp && labelSelectorMatches(job.spec?.selector, pod.metadata.labels),
    );
    const claimed = [...owned];
    for (const orphan of orphans) {
      if (await this.#machinery.podControl.adopt(job, orphan)) {
        // Counted from now on as ours, with the finalizer the adoption added.
        claimed.push({ ...orphan, metadata: { ...orphan.metadata, finalizers: [...(orphan.metadata.finalizers ?? []), TRACKING_FINALIZER] } });
      }
    }
    return claimed;
  }

  async #syncOrphanPod(key: string): Promise<void> {
    const pod = this.#pods.get(...splitKey(key)) as Pod | undefined;
    if (!pod || !hasTrackingFinalizer(pod)) return;
    const reference = controllerOf(pod);
    if (reference) {
      // Only a batch/v1 Job's finalizer is ours to remove, and only once that job no longer counts the pod.
      if (reference.kind !== "Job" || reference.apiVersion !== "batch/v1") return;
      const job = this.#ownerOf(pod);
      if (job && (managedElsewhere(job) || !isFinished(job))) return;
    }
    await this.#machinery.podControl.removeTrackingFinalizer(pod);
  }
}

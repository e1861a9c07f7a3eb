/**
 * The TTL-after-finished controller: deletes a finished Job (with its pods)
 * spec.ttlSecondsAfterFinished seconds after its Complete or Failed
 * condition turned true. Before deleting it re-reads the job, since the
 * TTL may have changed since the cache saw it.
 */
import { WorkQueue, objectKey, type Informer, type ResourceClient } from "../../client/index.js";
import { runController } from "../controller.js";
import type { ControllerContext } from "../index.js";
import { CONDITION, type Job } from "./types.js";
import { isNotFound, splitKey } from "./api-helpers.js";

export interface TtlAfterFinishedOptions {
  /** The clock, epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** @default 5 (upstream's ConcurrentTTLSyncs) */
  readonly workers?: number;
}

/** When the job finished (its terminal condition's transition), if it did and has a TTL. */
function finishTime(job: Job): number | undefined {
  if (job.spec?.ttlSecondsAfterFinished === undefined || job.metadata.deletionTimestamp) return undefined;
  const terminal = job.status?.conditions?.find((c) => (c.type === CONDITION.complete || c.type === CONDITION.failed) && c.status === "True");
  if (!terminal) return undefined;
  const time = Date.parse(terminal.lastTransitionTime ?? "");
  if (Number.isNaN(time)) throw new Error(`unable to find the time when the Job ${objectKey(job)} finished`);
  return time;
}

export function startTtlAfterFinishedController(context: ControllerContext, options: TtlAfterFinishedOptions = {}): void {
  const jobs: Informer = context.informers.forKind("batch", "Job");
  const client: ResourceClient = context.client.resource("batch", "Job");
  const queue = new WorkQueue();
  const now = options.now ?? Date.now;
  const enqueue = (job: Job): void => {
    if (job.spec?.ttlSecondsAfterFinished !== undefined && !job.metadata.deletionTimestamp) queue.add(objectKey(job));
  };
  jobs.addHandlers({ onAdd: (job) => enqueue(job as Job), onUpdate: (_old, job) => enqueue(job as Job) });

  /** Milliseconds until the job expires (≤ 0: expired), or undefined when it needs no cleanup. */
  const timeLeft = (job: Job): number | undefined => {
    const finished = finishTime(job);
    return finished === undefined ? undefined : finished + (job.spec?.ttlSecondsAfterFinished ?? 0) * 1000 - now();
  };

  const sync = async (key: string): Promise<void> => {
    const [namespace, name] = splitKey(key);
    const cached = jobs.get(namespace, name) as Job | undefined;
    if (!cached) return;
    const left = timeLeft(cached);
    if (left === undefined) return;
    if (left > 0) {
      queue.addAfter(key, left);
      return;
    }
    let fresh: Job;
    try {
      fresh = (await client.get(namespace, name)) as Job;
    } catch (error: unknown) {
      if (isNotFound(error)) return;
      throw error;
    }
    const freshLeft = timeLeft(fresh);
    if (freshLeft === undefined) return;
    if (freshLeft > 0) {
      queue.addAfter(key, freshLeft);
      return;
    }
    // Foreground: the job stays visible until its pods are gone. The uid guards against a new job of the same name.
    await client.delete(namespace, name, { propagationPolicy: "Foreground", preconditions: { uid: fresh.metadata.uid ?? "" } });
  };
  runController({ name: "ttl-after-finished", queue, sync, workers: options.workers ?? 5, log: context.log }, context.signal);
}

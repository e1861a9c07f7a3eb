/**
 * What the CronJob controller knows about Jobs: how it builds one from the
 * template for a scheduled time (its name is the lock against creating the
 * same run twice), how it reads whether one finished, and the order in
 * which old ones are cleaned up.
 */
import type { KubeObject, ObjectReference } from "../../apis/types.js";
import type { CronJobSpec } from "../../apis/cronjob.js";
import { formatRFC3339, type TimeZone } from "./zoned-time.js";
import { cloneJson } from "../../machinery/clone.js";

export type JobReference = ObjectReference;

export interface CronJobStatus {
  active?: JobReference[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

export interface CronJob extends KubeObject {
  spec?: CronJobSpec;
  status?: CronJobStatus;
}

interface JobCondition {
  type?: string;
  status?: string;
}

export interface Job extends KubeObject {
  status?: { conditions?: JobCondition[]; startTime?: string; completionTime?: string };
}

/** The annotation recording the nominal time of the run (feature CronJobsScheduledAnnotation). */
export const SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

/** `Complete` or `Failed` once the job has finished. */
export function finishedStatus(job: Job): "Complete" | "Failed" | undefined {
  for (const condition of job.status?.conditions ?? []) {
    if ((condition.type === "Complete" || condition.type === "Failed") && condition.status === "True") return condition.type;
  }
  return undefined;
}

/** Runs are named for their scheduled minute, so a retried create finds the run it already made. */
export function jobName(cronJob: CronJob, scheduledMs: number): string {
  return `${cronJob.metadata.name ?? ""}-${Math.floor(scheduledMs / 60_000)}`;
}

/** Upstream's getJobFromTemplate2. `zone` is spec.timeZone's zone, or UTC without one. */
export function jobFromTemplate(cronJob: CronJob, scheduledMs: number, zone: TimeZone): Job {
  const template = cronJob.spec?.jobTemplate ?? {};
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: jobName(cronJob, scheduledMs),
      labels: { ...template.metadata?.labels },
      annotations: { ...template.metadata?.annotations, [SCHEDULED_TIMESTAMP_ANNOTATION]: formatRFC3339(scheduledMs, zone) },
      ownerReferences: [
        {
          apiVersion: "batch/v1",
          kind: "CronJob",
          name: cronJob.metadata.name ?? "",
          uid: cronJob.metadata.uid ?? "",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: cloneJson(template.spec ?? {}),
  };
}

export function inActiveList(cronJob: CronJob, uid: string): boolean {
  return (cronJob.status?.active ?? []).some((reference) => reference.uid === uid);
}

export function removeFromActiveList(cronJob: CronJob, uid: string): void {
  const status = (cronJob.status ??= {});
  status.active = (status.active ?? []).filter((reference) => reference.uid !== uid);
}

/** The status.active entry for a run. */
export function jobReference(job: KubeObject): JobReference {
  const { namespace, name, uid, resourceVersion } = job.metadata;
  return {
    kind: "Job",
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(uid !== undefined ? { uid } : {}),
    apiVersion: "batch/v1",
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
  };
}

/** Oldest first: by status.startTime (jobs never started last), then by name. */
export function byStartTime(a: Job, b: Job): number {
  const left = a.status?.startTime;
  const right = b.status?.startTime;
  if (left === undefined || right === undefined) {
    if (left !== right) return left === undefined ? 1 : -1;
  } else if (left !== right) {
    return Date.parse(left) - Date.parse(right);
  }
  const [x, y] = [a.metadata.name ?? "", b.metadata.name ?? ""];
  return x < y ? -1 : x > y ? 1 : 0;
}

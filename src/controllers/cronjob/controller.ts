/**
 * The CronJob controller (upstream's cronjob_controllerv2): for each
 * CronJob it forgets finished runs, cleans up runs beyond the history
 * limits, creates the Job for the most recent unmet schedule time (named
 * for that minute, so a retry cannot run it twice) under the concurrency
 * policy, records status.active, lastScheduleTime and lastSuccessfulTime,
 * and requeues itself for the next schedule time.
 */
import { EventRecorder, WorkQueue, objectKey, type Informer, type ResourceClient } from "../../client/index.js";
import { runController } from "../controller.js";
import { controllerOf, errorMessage, isAlreadyExists, isNamespaceTerminating, isNotFound, splitKey } from "../job/api-helpers.js";
import { timestamp } from "../../machinery/time.js";
import type { ControllerContext } from "../index.js";
import { parseCronSchedule, type CronSchedule } from "./cron.js";
import { byStartTime, finishedStatus, inActiveList, jobFromTemplate, jobName, jobReference, removeFromActiveList, type CronJob, type Job } from "./jobs.js";
import { mostRecentScheduleTime, nextScheduleDelay, type ScheduleState } from "./schedule-times.js";
import { formatRFC1123Z, TimeZone } from "./zoned-time.js";
import { cloneJson } from "../../machinery/clone.js";

const OWNER_INDEX = "cronjob-controller/owner";

export interface CronJobControllerOptions {
  /** The clock, in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** The zone of schedules with neither spec.timeZone nor a TZ prefix. @default "Local" */
  readonly defaultTimeZone?: string;
  /** @default 5 */
  readonly workers?: number;
}

/** A CronJob being reconciled: a private copy, and whether its status must be written. */
interface Draft {
  readonly cronJob: CronJob;
  changed: boolean;
}

/** Registers the controller's handlers and runs its workers. */
export function startCronJobController(context: ControllerContext, options: CronJobControllerOptions = {}): void {
  new CronJobController(context, options).run(options.workers ?? 5);
}

class CronJobController {
  readonly #context: ControllerContext;
  readonly #cronJobs: Informer;
  readonly #jobs: Informer;
  readonly #cronJobClient: ResourceClient;
  readonly #jobClient: ResourceClient;
  readonly #recorder: EventRecorder;
  readonly #queue = new WorkQueue();
  readonly #now: () => number;
  readonly #defaultTimeZone: string;

  constructor(context: ControllerContext, options: CronJobControllerOptions) {
    this.#context = context;
    this.#now = options.now ?? Date.now;
    this.#defaultTimeZone = options.defaultTimeZone ?? "Local";
    this.#cronJobs = context.informers.forKind("batch", "CronJob");
    this.#jobs = context.informers.forKind("batch", "Job");
    this.#cronJobClient = context.client.resource("batch", "CronJob");
    this.#jobClient = context.client.resource("batch", "Job");
    this.#recorder = new EventRecorder(context.client, { component: "cronjob-controller", log: context.log });
    this.#jobs.addIndex(OWNER_INDEX, (job) => {
      const owner = controllerOf(job);
      return owner?.kind === "CronJob" ? [`${job.metadata.namespace ?? ""}/${owner.name}`] : [];
    });
    this.#jobs.addHandlers({
      onAdd: (job) => this.#enqueueOwner(job as Job),
      onUpdate: (old, current) => {
        if (old.metadata.resourceVersion === current.metadata.resourceVersion) return;
        if (controllerOf(old)?.uid !== controllerOf(current)?.uid) this.#enqueueOwner(old as Job);
        this.#enqueueOwner(current as Job);
      },
      onDelete: (job) => this.#enqueueOwner(job as Job),
    });
    this.#cronJobs.addHandlers({
      onAdd: (cronJob) => this.#queue.add(objectKey(cronJob)),
      onUpdate: (old, current) => this.#cronJobUpdated(old as CronJob, current as CronJob),
      onDelete: (cronJob) => this.#queue.add(objectKey(cronJob)),
    });
  }

  run(workers: number): void {
    const { log, signal } = this.#context;
    runController({ name: "cronjob", queue: this.#queue, sync: (key) => this.#sync(key), workers, log }, signal);
  }

  #enqueueOwner(job: Job): void {
    const owner = controllerOf(job);
    if (owner?.kind !== "CronJob") return;
    const cronJob = this.#cronJobs.get(job.metadata.namespace ?? "", owner.name);
    if (cronJob?.metadata.uid === owner.uid) this.#queue.add(objectKey(cronJob));
  }

  /** A new schedule waits for its next time; any other change is looked at now. */
  #cronJobUpdated(old: CronJob, current: CronJob): void {
    const key = objectKey(current);
    if (old.spec?.schedule === current.spec?.schedule && old.spec?.timeZone === current.spec?.timeZone) {
      this.#queue.add(key);
      return;
    }
    const schedule = this.#parseSchedule(current, false);
    if (typeof schedule === "string") {
      this.#recorder.record(current, "Warning", "UnParseableCronJobSchedule", `unparseable schedule for cronjob: ${current.spec?.schedule ?? ""}`);
      return;
    }
    this.#queue.addAfter(key, nextScheduleDelay(this.#scheduleState(current, schedule), this.#now()) ?? 0);
  }

  /** The schedule as upstream's formatSchedule reads it, or the parser's error. */
  #parseSchedule(cronJob: CronJob, warn: boolean): CronSchedule | string {
    const spec = cronJob.spec ?? {};
    let text = spec.schedule ?? "";
    if (text.includes("TZ")) {
      if (warn) {
        const note = `CRON_TZ or TZ used in schedule ${JSON.stringify(text)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`;
        this.#recorder.record(cronJob, "Warning", "UnsupportedSchedule", note);
      }
    } else if (spec.timeZone !== undefined && TimeZone.load(spec.timeZone)) {
      text = `TZ=${spec.timeZone} ${text}`;
    }
    const parsed = parseCronSchedule(text, { timeZone: this.#defaultTimeZone });
    return parsed.ok ? parsed.schedule : parsed.error;
  }

  /** Counting starts at the last scheduled run, or at the CronJob's creation. */
  #scheduleState(cronJob: CronJob, schedule: CronSchedule): ScheduleState {
    const last = Date.parse(cronJob.status?.lastScheduleTime ?? cronJob.metadata.creationTimestamp ?? "");
    const deadline = cronJob.spec?.startingDeadlineSeconds;
    return { schedule, lastScheduled: Number.isNaN(last) ? this.#now() : last, ...(deadline !== undefined ? { startingDeadlineSeconds: deadline } : {}) };
  }

  async #sync(key: string): Promise<void> {
    const cached = this.#cronJobs.get(...splitKey(key)) as CronJob | undefined;
    if (!cached) return;
    // The time is read once, before any call: the decision is about the state seen at that time.
    const now = this.#now();
    const draft: Draft = { cronJob: cloneJson(cached), changed: false };
    const jobs = this.#jobs.byIndex(OWNER_INDEX, key) as Job[];
    await this.#cleanupFinishedJobs(draft, jobs);
    let requeue: number | undefined;
    let failure: unknown;
    try {
      requeue = await this.#syncCronJob(draft, jobs, now);
    } catch (error: unknown) {
      failure = error;
    }
    if (draft.changed) await this.#cronJobClient.updateStatus(draft.cronJob);
    if (requeue !== undefined) this.#queue.addAfter(key, requeue);
    else if (failure !== undefined) throw failure;
  }

  async #cleanupFinishedJobs(draft: Draft, jobs: readonly Job[]): Promise<void> {
    const spec = draft.cronJob.spec ?? {};
    await this.#removeOldestJobs(draft, jobs.filter((job) => finishedStatus(job) === "Complete"), spec.successfulJobsHistoryLimit);
    await this.#removeOldestJobs(draft, jobs.filter((job) => finishedStatus(job) === "Failed"), spec.failedJobsHistoryLimit);
  }

  async #removeOldestJobs(draft: Draft, jobs: Job[], limit: number | undefined): Promise<void> {
    if (limit === undefined || jobs.length <= limit) return;
    for (const job of jobs.sort(byStartTime).slice(0, jobs.length - limit)) await this.#deleteJob(draft, job);
  }

  /** Deletes a run and forgets it; false (with a Warning event) if the delete failed. */
  async #deleteJob(draft: Draft, job: Job): Promise<boolean> {
    try {
      await this.#jobClient.delete(job.metadata.namespace ?? "", job.metadata.name ?? "", { propagationPolicy: "Background" });
    } catch (error: unknown) {
      this.#recorder.record(draft.cronJob, "Warning", "FailedDelete", `Deleted job: ${errorMessage(error)}`);
      return false;
    }
    removeFromActiveList(draft.cronJob, job.metadata.uid ?? "");
    draft.changed = true;
    this.#recorder.record(draft.cronJob, "Normal", "SuccessfulDelete", `Deleted job ${job.metadata.name ?? ""}`);
    return true;
  }

  /** Reconciles the active list, then starts the due run. Returns when to look again, if ever. */
  async #syncCronJob(draft: Draft, jobs: readonly Job[], now: number): Promise<number | undefined> {
    const { cronJob } = draft;
    await this.#reconcileActive(draft, jobs);
    if (cronJob.metadata.deletionTimestamp) return undefined;
    const spec = cronJob.spec ?? {};
    if (spec.timeZone !== undefined && !TimeZone.load(spec.timeZone)) {
      this.#recorder.record(cronJob, "Warning", "UnknownTimeZone", `invalid timeZone: ${JSON.stringify(spec.timeZone)}: unknown time zone ${spec.timeZone}`);
      return undefined;
    }
    if (spec.suspend === true) return undefined;
    const schedule = this.#parseSchedule(cronJob, true);
    if (typeof schedule === "string") {
      this.#recorder.record(cronJob, "Warning", "UnparseableSchedule", `unparseable schedule: ${JSON.stringify(spec.schedule ?? "")} : ${schedule}`);
      return undefined;
    }
    // Read the state afresh: creating a run moves lastScheduleTime.
    const later = (): number | undefined => nextScheduleDelay(this.#scheduleState(cronJob, schedule), now);
    const recent = mostRecentScheduleTime(this.#scheduleState(cronJob, schedule), now, { withDeadline: true });
    if (recent.error !== undefined) {
      this.#recorder.record(cronJob, "Warning", "InvalidSchedule", `invalid schedule: ${spec.schedule ?? ""} : ${recent.error}`);
      return undefined;
    }
    const scheduled = recent.time;
    if (scheduled === undefined) return later();
    if (recent.missed === "many") {
      this.#recorder.record(cronJob, "Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    }
    if (spec.startingDeadlineSeconds !== undefined && scheduled + spec.startingDeadlineSeconds * 1000 < now) {
      this.#recorder.record(cronJob, "Warning", "MissSchedule", `Missed scheduled time to start a job: ${formatRFC1123Z(scheduled)}`);
      return later();
    }
    const active = cronJob.status?.active ?? [];
    const name = jobName(cronJob, scheduled);
    if (active.some((reference) => reference.name === name) || cronJob.status?.lastScheduleTime === timestamp(scheduled)) return later();
    if (spec.concurrencyPolicy === "Forbid" && active.length > 0) {
      this.#recorder.record(cronJob, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
      return later();
    }
    if (spec.concurrencyPolicy === "Replace") await this.#replaceActive(draft);
    return (await this.#createRun(draft, scheduled)) ? later() : undefined;
  }

  /** Forgets finished and vanished runs, and records the latest success. */
  async #reconcileActive(draft: Draft, jobs: readonly Job[]): Promise<void> {
    const { cronJob } = draft;
    const children = new Set<string>();
    for (const job of jobs) {
      const uid = job.metadata.uid ?? "";
      children.add(uid);
      const listed = inActiveList(cronJob, uid);
      const finished = finishedStatus(job);
      if (!listed && finished === undefined) {
        // Our cached status may lag a run created a moment ago: ask the API before complaining.
        const fresh = (await this.#cronJobClient.get(cronJob.metadata.namespace ?? "", cronJob.metadata.name ?? "")) as CronJob;
        if (inActiveList(fresh, uid)) {
          cronJob.status = fresh.status ?? {};
          if (fresh.metadata.resourceVersion) cronJob.metadata.resourceVersion = fresh.metadata.resourceVersion;
          continue;
        }
        this.#recorder.record(cronJob, "Warning", "UnexpectedJob", `Saw a job that the controller did not create or forgot: ${job.metadata.name ?? ""}`);
      } else if (listed && finished !== undefined) {
        removeFromActiveList(cronJob, uid);
        draft.changed = true;
        this.#recorder.record(cronJob, "Normal", "SawCompletedJob", `Saw completed job: ${job.metadata.name ?? ""}, status: ${finished}`);
      } else if (finished === "Complete") {
        const completed = job.status?.completionTime;
        const last = cronJob.status?.lastSuccessfulTime;
        if (completed !== undefined && (last === undefined || Date.parse(completed) > Date.parse(last))) {
          (cronJob.status ??= {}).lastSuccessfulTime = completed;
          draft.changed = true;
        }
      }
    }
    for (const reference of [...(cronJob.status?.active ?? [])]) {
      if (children.has(reference.uid ?? "")) continue;
      // The cache may lag: only a 404 from the API proves the run is gone.
      try {
        await this.#jobClient.get(reference.namespace ?? "", reference.name ?? "");
      } catch (error: unknown) {
        if (!isNotFound(error)) throw error;
        this.#recorder.record(cronJob, "Normal", "MissingJob", `Active job went missing: ${reference.name ?? ""}`);
        removeFromActiveList(cronJob, reference.uid ?? "");
        draft.changed = true;
      }
    }
  }

  async #replaceActive(draft: Draft): Promise<void> {
    for (const reference of [...(draft.cronJob.status?.active ?? [])]) {
      let job: Job;
      try {
        job = (await this.#jobClient.get(reference.namespace ?? "", reference.name ?? "")) as Job;
      } catch (error: unknown) {
        this.#recorder.record(draft.cronJob, "Warning", "FailedGet", `Get job: ${errorMessage(error)}`);
        throw error;
      }
      if (!(await this.#deleteJob(draft, job))) throw new Error(`could not replace job ${reference.namespace ?? ""}/${reference.name ?? ""}`);
    }
  }

  /** Creates the run for `scheduled` and lists it as active; false when the name is taken by a run that is not ours to list. */
  async #createRun(draft: Draft, scheduled: number): Promise<boolean> {
    const { cronJob } = draft;
    const namespace = cronJob.metadata.namespace ?? "";
    // The scheduled-timestamp annotation is written in spec.timeZone, else in UTC.
    const zone = TimeZone.load(cronJob.spec?.timeZone ?? "") ?? (TimeZone.load("") as TimeZone);
    const request = jobFromTemplate(cronJob, scheduled, zone);
    let created: Job;
    try {
      created = (await this.#jobClient.create(namespace, request)) as Job;
      this.#recorder.record(cronJob, "Normal", "SuccessfulCreate", `Created job ${created.metadata.name ?? ""}`);
    } catch (error: unknown) {
      if (!isAlreadyExists(error)) {
        if (!isNamespaceTerminating(error)) this.#recorder.record(cronJob, "Warning", "FailedCreate", `Error creating job: ${errorMessage(error)}`);
        throw error;
      }
      // Made before but never recorded (a crash, a failed status write): list ours, leave anyone else's.
      created = (await this.#jobClient.get(namespace, request.metadata.name ?? "")) as Job;
      if (controllerOf(created)?.uid !== cronJob.metadata.uid || inActiveList(cronJob, created.metadata.uid ?? "")) return false;
    }
    const status = (cronJob.status ??= {});
    status.active = [...(status.active ?? []), jobReference(created)];
    status.lastScheduleTime = timestamp(scheduled);
    draft.changed = true;
    return true;
  }
}

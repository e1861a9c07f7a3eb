/**
 * batch/v1 CronJob: creates Jobs from a template on a cron schedule.
 */
import { invalid, notSupported, required, type FieldError } from "../machinery/field-errors.js";
import { validateAnnotations, validateLabels } from "../machinery/validation.js";
import { ageColumn, formatAge, nameColumn } from "./columns.js";
import { cronScheduleError } from "./common/cron-schedule.js";
import { jobSpecSchema, validateJobSpec, type JobSpec } from "./common/job-spec.js";
import { objectMetaSchema, objectSchema } from "./common/meta.js";
import { ensureSpec, specOf, statusOf } from "./common/object-fields.js";
import { defaultPodTemplate } from "./common/pod-spec.js";
import { objectReferenceSchema } from "./common/reference-schemas.js";
import { boolean, dateTime, describe, enumString, int32, int64, list, object, string } from "./common/schema-builders.js";
import { nonNegative } from "./common/validation-helpers.js";
import { wideWorkloadColumns } from "./common/workload-columns.js";
import type { KindDefinition, KubeObject, ObjectMeta } from "./types.js";

export interface CronJobSpec {
  schedule?: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: string;
  suspend?: boolean;
  jobTemplate?: { metadata?: ObjectMeta; spec?: JobSpec };
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
}

interface CronJobStatus {
  active?: unknown[];
  lastScheduleTime?: string;
}

const jobTemplateSpecSchema = object({
  metadata: describe(objectMetaSchema, "Labels and annotations of the created jobs."),
  spec: describe(jobSpecSchema, "Spec of the created jobs."),
});

const cronJobSpecSchema = object(
  {
    schedule: string("Cron schedule, e.g. '*/5 * * * *' or @hourly."),
    timeZone: string("IANA time zone the schedule is read in; default the controller's."),
    startingDeadlineSeconds: int64("Seconds after a missed schedule time a job may still start."),
    concurrencyPolicy: enumString(["Allow", "Forbid", "Replace"], "Allow (default), Forbid or Replace concurrent jobs."),
    suspend: boolean("Stop creating new jobs."),
    jobTemplate: describe(jobTemplateSpecSchema, "Template for the created jobs."),
    successfulJobsHistoryLimit: int32("Finished successful jobs kept (default 3)."),
    failedJobsHistoryLimit: int32("Failed jobs kept (default 1)."),
  },
  ["schedule", "jobTemplate"],
);

const cronJobStatusSchema = object({
  active: list(objectReferenceSchema, "Jobs currently running.", { type: "atomic" }),
  lastScheduleTime: dateTime("When a job was last scheduled."),
  lastSuccessfulTime: dateTime("When a job last completed successfully."),
});

const CONCURRENCY_POLICIES = ["Allow", "Forbid", "Replace"];
/** Job names are the cron job's name plus an 11-character `-<timestamp>` suffix, within 63. */
const MAX_NAME_LENGTH = 52;
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateSchedule(schedule: string | undefined): FieldError[] {
  const field = "spec.schedule";
  if (!schedule) return [required(field)];
  const error = cronScheduleError(schedule);
  const errors = error ? [invalid(field, schedule, error)] : [];
  if (schedule.includes("TZ")) errors.push(invalid(field, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  return errors;
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    // Intl throws a RangeError for zones it does not know; that is the answer, not a failure.
    return false;
  }
}

function validateTimeZone(timeZone: string | undefined): FieldError[] {
  const field = "spec.timeZone";
  if (timeZone === undefined) return [];
  if (timeZone === "") return [invalid(field, timeZone, "timeZone must be nil or non-empty string")];
  const parts = timeZone.split("/");
  if (parts.some((part) => part === "." || part === ".." || part.startsWith("-") || !TIME_ZONE_PART.test(part))) {
    return [invalid(field, timeZone, `unknown time zone ${timeZone}`)];
  }
  if (timeZone.toLowerCase() === "local") {
    return [invalid(field, timeZone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")];
  }
  return isKnownTimeZone(timeZone) ? [] : [invalid(field, timeZone, `unknown time zone ${timeZone}`)];
}

/** Upstream's ValidateJobTemplateSpec: a job spec whose selector the created jobs generate themselves. */
function validateJobTemplate(template: CronJobSpec["jobTemplate"]): FieldError[] {
  const spec = template?.spec ?? {};
  const errors = [
    ...validateLabels(template?.metadata?.labels, "spec.jobTemplate.metadata.labels"),
    ...validateAnnotations(template?.metadata?.annotations, "spec.jobTemplate.metadata.annotations"),
    ...validateJobSpec(spec, "spec.jobTemplate.spec"),
  ];
  if (spec.selector) errors.push(invalid("spec.jobTemplate.spec.selector", spec.selector, "`selector` will be auto-generated"));
  if (spec.manualSelector === true) errors.push(notSupported("spec.jobTemplate.spec.manualSelector", true, ["nil", "false"]));
  return errors;
}

function validateCronJob(object: KubeObject): FieldError[] {
  const spec = specOf<CronJobSpec>(object);
  const errors = [...validateSchedule(spec.schedule), ...nonNegative("spec.startingDeadlineSeconds", spec.startingDeadlineSeconds)];
  errors.push(...validateTimeZone(spec.timeZone));
  const policy = spec.concurrencyPolicy;
  if (!policy) errors.push(required("spec.concurrencyPolicy"));
  else if (!CONCURRENCY_POLICIES.includes(policy)) errors.push(notSupported("spec.concurrencyPolicy", policy, CONCURRENCY_POLICIES));
  errors.push(...validateJobTemplate(spec.jobTemplate));
  errors.push(...nonNegative("spec.successfulJobsHistoryLimit", spec.successfulJobsHistoryLimit));
  errors.push(...nonNegative("spec.failedJobsHistoryLimit", spec.failedJobsHistoryLimit));
  const name = object.metadata.name ?? "";
  if (name.length > MAX_NAME_LENGTH) errors.push(invalid("metadata.name", name, `must be no more than ${MAX_NAME_LENGTH} characters`));
  return errors;
}

/** Upstream's printBoolPtr. */
function boolCell(value: boolean | undefined): string {
  if (value === undefined) return "<unset>";
  return value ? "True" : "False";
}

export const cronJobKind = {
  group: "batch",
  version: "v1",
  kind: "CronJob",
  listKind: "CronJobList",
  plural: "cronjobs",
  singular: "cronjob",
  shortNames: ["cj"],
  categories: ["all"],
  namespaced: true,
  schema: objectSchema("Creates Jobs from a template on a repeating schedule.", {
    spec: describe(cronJobSpecSchema, "The schedule and the job to run."),
    status: describe(cronJobStatusSchema, "The most recently observed state of the cron job."),
  }),
  tracksGeneration: true,
  subresources: { status: true },
  strategy: {
    defaults: (object) => {
      const spec = ensureSpec<CronJobSpec>(object);
      spec.concurrencyPolicy ||= "Allow";
      spec.suspend ??= false;
      spec.successfulJobsHistoryLimit ??= 3;
      spec.failedJobsHistoryLimit ??= 1;
      const jobSpec = ((spec.jobTemplate ??= {}).spec ??= {});
      jobSpec.template = defaultPodTemplate(jobSpec.template);
    },
    prepareForCreate: (object) => {
      object.status = {};
    },
    validate: validateCronJob,
  },
  columns: [
    nameColumn,
    { name: "Schedule", type: "string", description: "The cron schedule.", priority: 0, cell: (object) => specOf<CronJobSpec>(object).schedule ?? "" },
    {
      name: "Timezone",
      type: "string",
      description: "Time zone the schedule is read in.",
      priority: 0,
      cell: (object) => specOf<CronJobSpec>(object).timeZone ?? "<none>",
    },
    {
      name: "Suspend",
      type: "boolean",
      description: "Whether new jobs are held back.",
      priority: 0,
      cell: (object) => boolCell(specOf<CronJobSpec>(object).suspend),
    },
    {
      name: "Active",
      type: "integer",
      description: "Jobs currently running.",
      priority: 0,
      cell: (object) => statusOf<CronJobStatus>(object).active?.length ?? 0,
    },
    {
      name: "Last Schedule",
      type: "string",
      description: "How long ago a job was last scheduled.",
      priority: 0,
      cell: (object, now) => {
        const last = statusOf<CronJobStatus>(object).lastScheduleTime;
        return last ? formatAge(last, now) : "<none>";
      },
    },
    ageColumn,
    ...wideWorkloadColumns({
      podSpec: (object) => specOf<CronJobSpec>(object).jobTemplate?.spec?.template?.spec,
      selector: (object) => specOf<CronJobSpec>(object).jobTemplate?.spec?.selector,
    }),
  ],
} satisfies KindDefinition;

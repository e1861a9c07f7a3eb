/**
 * batch/v1 Job: runs pods until a number of them succeed. Unless the
 * selector is manual, the server picks the selector and pod labels from the
 * job's uid, so no two jobs ever select each other's pods.
 */
import { immutable, invalid, required, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, formatDuration, nameColumn } from "./columns.js";
import { jobSpecSchema, validateJobSpec, type JobSpec } from "./common/job-spec.js";
import { labelSelectorMatches, validateLabelSelector } from "./common/label-selector.js";
import { objectSchema } from "./common/meta.js";
import { ensureSpec, specOf, statusOf } from "./common/object-fields.js";
import { defaultPodTemplate } from "./common/pod-spec.js";
import type { PodTemplateSpec } from "./common/pod-types.js";
import { condition, dateTime, describe, int32, list, object, string } from "./common/schema-builders.js";
import { jsonEqual } from "./common/validation-helpers.js";
import { wideWorkloadColumns } from "./common/workload-columns.js";
import { validateImmutableSelector } from "./common/workload-validation.js";
import type { KindDefinition, KubeObject } from "./types.js";
import { cloneJson } from "../machinery/clone.js";

interface JobStatus {
  conditions?: { type?: string; status?: string }[];
  startTime?: string;
  completionTime?: string;
  succeeded?: number;
}

/** The labels the job controller selects pods by; the batch.kubernetes.io ones are current, the short ones legacy. */
const CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
const JOB_NAME = "batch.kubernetes.io/job-name";
const LEGACY_CONTROLLER_UID = "controller-uid";
const LEGACY_JOB_NAME = "job-name";

const jobStatusSchema = object({
  conditions: list(
    condition("Condition type: Suspended, Complete, Failed, FailureTarget or SuccessCriteriaMet.", {
      lastProbeTime: dateTime("When the condition was last checked."),
    }),
    "Current state of the job.",
    { type: "atomic", mergeKey: "type", strategy: "merge" },
  ),
  startTime: dateTime("When the job controller started working on the job."),
  completionTime: dateTime("When the job completed successfully."),
  active: int32("Pods pending or running."),
  succeeded: int32("Pods that succeeded."),
  failed: int32("Pods that failed."),
  terminating: int32("Pods terminating."),
  completedIndexes: string("Completed indexes as ranges, for Indexed jobs."),
  failedIndexes: string("Failed indexes as ranges, with backoffLimitPerIndex."),
  uncountedTerminatedPods: describe(
    object({
      succeeded: list({ type: "string" }, "UIDs of succeeded pods.", { type: "set" }),
      failed: list({ type: "string" }, "UIDs of failed pods.", { type: "set" }),
    }),
    "UIDs of finished pods not yet counted.",
  ),
  ready: int32("Pods that are ready."),
});

/** Upstream's SetDefaults_Job. */
function defaultJob(object: KubeObject): void {
  const spec = ensureSpec<JobSpec>(object);
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  // With per-index limits, the job-wide limit should never be what stops the job.
  spec.backoffLimit ??= spec.backoffLimitPerIndex === undefined ? 6 : 2147483647;
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const pattern of rule.onPodConditions ?? []) pattern.status ||= "True";
  }
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed";
  spec.manualSelector ??= false;
  spec.template = defaultPodTemplate(spec.template);
  copyTemplateLabels(object, spec.template);
}

/** Upstream gives a job without labels its template's labels. */
function copyTemplateLabels(object: KubeObject, template: PodTemplateSpec): void {
  const labels = template.metadata?.labels;
  if (labels && Object.keys(object.metadata.labels ?? {}).length === 0) object.metadata.labels = { ...labels };
}

/**
 * Upstream's generateSelector: label the pods with the job's name and uid
 * (keeping labels the user set, which validation then checks) and select
 * them by uid.
 */
function generateSelector(object: KubeObject, spec: JobSpec): void {
  const template = (spec.template ??= {});
  const labels = ((template.metadata ??= {}).labels ??= {});
  const uid = object.metadata.uid ?? "";
  for (const key of [LEGACY_JOB_NAME, JOB_NAME]) labels[key] ??= object.metadata.name ?? "";
  for (const key of [LEGACY_CONTROLLER_UID, CONTROLLER_UID]) labels[key] ??= uid;
  const matchLabels = ((spec.selector ??= {}).matchLabels ??= {});
  matchLabels[CONTROLLER_UID] ??= uid;
}

function validateHasLabel(labels: Record<string, string>, key: string, expected: string): FieldError[] {
  const field = `spec.template.metadata.labels[${key}]`;
  if (!Object.hasOwn(labels, key)) return [required(field, `must be '${expected}'`)];
  return labels[key] === expected ? [] : [invalid(field, labels, `must be '${expected}'`)];
}

/** Upstream's validateGeneratedSelector: the generated labels must still be there, untouched. */
function validateGeneratedSelector(object: KubeObject, spec: JobSpec): FieldError[] {
  const labels = spec.template?.metadata?.labels;
  if (spec.manualSelector === true || !labels) return [];
  const uid = object.metadata.uid ?? "";
  const name = object.metadata.name ?? "";
  const errors = uid ? [] : [required("metadata.uid")];
  errors.push(
    ...validateHasLabel(labels, LEGACY_CONTROLLER_UID, uid),
    ...validateHasLabel(labels, LEGACY_JOB_NAME, name),
    ...validateHasLabel(labels, CONTROLLER_UID, uid),
    ...validateHasLabel(labels, JOB_NAME, name),
  );
  if (spec.selector?.matchLabels?.[CONTROLLER_UID] !== uid) errors.push(invalid("spec.selector", spec.selector ?? null, "`selector` not auto-generated"));
  return errors;
}

/** Upstream's ValidateJob (metadata aside). */
function validateJob(object: KubeObject): FieldError[] {
  const spec = specOf<JobSpec>(object);
  const errors = [...validateGeneratedSelector(object, spec), ...validateJobSpec(spec, "spec")];
  if (!spec.selector) errors.push(required("spec.selector"));
  else errors.push(...validateLabelSelector(spec.selector, "spec.selector"));
  const labels = spec.template?.metadata?.labels;
  if (spec.selector && !labelSelectorMatches(spec.selector, labels)) {
    errors.push(invalid("spec.template.metadata.labels", labels ?? null, "`selector` does not match template `labels`"));
  }
  // Indexed pods get hostnames <job>-<index>, which must stay valid DNS labels.
  const name = object.metadata.name ?? "";
  if (spec.completionMode === "Indexed" && (spec.completions ?? 0) > 0) {
    const hostname = `${name}-${(spec.completions ?? 1) - 1}`;
    if (hostname.length > 63) {
      errors.push(invalid("metadata.name", name, `will not able to create pod with invalid DNS label: ${hostname}`));
    }
  }
  return errors;
}

/** A suspended job that never started may still be re-targeted: its labels, annotations and scheduling directives. */
function mutableTemplateView(template: PodTemplateSpec | undefined, from: PodTemplateSpec | undefined): unknown {
  const copy = cloneJson(template ?? {});
  const metadata = (copy.metadata ??= {});
  const spec: Record<string, unknown> = (copy.spec ??= {});
  const source = from ?? {};
  for (const key of ["labels", "annotations"] as const) {
    if (source.metadata?.[key] === undefined) delete metadata[key];
    else metadata[key] = source.metadata[key];
  }
  for (const key of ["nodeSelector", "tolerations", "affinity", "schedulingGates"] as const) spec[key] = source.spec?.[key];
  return copy;
}

/** Upstream's ValidateJobSpecUpdate. */
function validateJobUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  const spec = specOf<JobSpec>(object);
  const previous = specOf<JobSpec>(old);
  const errors = validateImmutableSelector(spec.selector, previous.selector);
  if (!jsonEqual(spec.completions, previous.completions)) {
    // Indexed jobs are elastic: completions may change together with parallelism.
    if (spec.completionMode !== "Indexed") errors.push(immutable("spec.completions", spec.completions ?? null));
    else if (spec.completions !== undefined && spec.completions !== spec.parallelism) {
      errors.push(invalid("spec.completions", spec.completions, "can only be modified in tandem with spec.parallelism"));
    }
  }
  const reschedulable = previous.suspend === true && statusOf<JobStatus>(old).startTime === undefined;
  const oldTemplate = reschedulable ? mutableTemplateView(previous.template, spec.template) : previous.template;
  if (!jsonEqual(spec.template, oldTemplate)) errors.push(immutable("spec.template", spec.template ?? null));
  for (const key of ["completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"] as const) {
    if (!jsonEqual(spec[key], previous[key])) errors.push(immutable(`spec.${key}`, spec[key] ?? null));
  }
  return errors;
}

function hasCondition(status: JobStatus, type: string): boolean {
  return (status.conditions ?? []).find((condition) => condition.type === type)?.status === "True";
}

/** Upstream's job STATUS cell, in its order of precedence. */
function jobStatusCell(object: KubeObject): string {
  const status = statusOf<JobStatus>(object);
  if (hasCondition(status, "Complete")) return "Complete";
  if (hasCondition(status, "Failed")) return "Failed";
  if (object.metadata.deletionTimestamp !== undefined) return "Terminating";
  if (hasCondition(status, "Suspended")) return "Suspended";
  if (hasCondition(status, "FailureTarget")) return "FailureTarget";
  return "Running";
}

function completionsCell(object: KubeObject): string {
  const spec = specOf<JobSpec>(object);
  const succeeded = statusOf<JobStatus>(object).succeeded ?? 0;
  if (spec.completions !== undefined) return `${succeeded}/${spec.completions}`;
  const parallelism = spec.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function durationCell(object: KubeObject, now: Date): string {
  const { startTime, completionTime } = statusOf<JobStatus>(object);
  if (!startTime) return "";
  const end = completionTime ? Date.parse(completionTime) : now.getTime();
  return formatDuration(end - Date.parse(startTime));
}

export const jobKind = {
  group: "batch",
  version: "v1",
  kind: "Job",
  listKind: "JobList",
  plural: "jobs",
  singular: "job",
  shortNames: [],
  categories: ["all"],
  namespaced: true,
  schema: objectSchema("Runs pods until enough of them complete successfully.", {
    spec: describe(jobSpecSchema, "The desired behaviour of the job."),
    status: describe(jobStatusSchema, "The most recently observed state of the job."),
  }),
  tracksGeneration: true,
  subresources: { status: true },
  strategy: {
    defaults: defaultJob,
    // The registry has set metadata.uid by now, so the selector can be derived from it.
    prepareForCreate: (object) => {
      const spec = ensureSpec<JobSpec>(object);
      if (spec.manualSelector !== true) generateSelector(object, spec);
      object.status = {};
      // Upstream re-applies its defaults when reading the job back, which copies the generated labels.
      if (spec.template) copyTemplateLabels(object, spec.template);
    },
    validate: validateJob,
    validateUpdate: validateJobUpdate,
  },
  columns: [
    nameColumn,
    { name: "Status", type: "string", description: "Status of the job.", priority: 0, cell: jobStatusCell },
    { name: "Completions", type: "string", description: "Succeeded pods out of the pods needed.", priority: 0, cell: completionsCell },
    { name: "Duration", type: "string", description: "Time the job took, or has been running.", priority: 0, cell: durationCell },
    ageColumn,
    ...wideWorkloadColumns({
      podSpec: (object) => specOf<JobSpec>(object).template?.spec,
      selector: (object) => specOf<JobSpec>(object).selector,
    }),
  ],
} satisfies KindDefinition;

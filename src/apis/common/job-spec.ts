/**
 * batch/v1 JobSpec, shared by Jobs and the job template of CronJobs: its
 * schema and upstream's validateJobSpec (counts, completion mode, pod
 * failure and success policies, and a pod template that does not restart
 * forever).
 */
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.js";
import type { LabelSelector } from "./label-selector.js";
import { labelSelectorSchema } from "./meta.js";
import { podTemplateSpecSchema, validatePodTemplate } from "./pod-spec.js";
import type { PodTemplateSpec } from "./pod-types.js";
import { boolean, describe, enumString, int32, int64, list, object, string } from "./schema-builders.js";
import {
  invalidWithoutValue,
  nonNegative,
  quotedList,
  tooMany,
  validateDNS1123Subdomain,
  validateQualifiedName,
} from "./validation-helpers.js";

interface PodFailurePolicyRule {
  action?: string;
  onExitCodes?: { containerName?: string; operator?: string; values?: number[] };
  onPodConditions?: { type?: string; status?: string }[];
}

export interface JobSpec {
  parallelism?: number;
  completions?: number;
  activeDeadlineSeconds?: number;
  podFailurePolicy?: { rules?: PodFailurePolicyRule[] };
  successPolicy?: { rules?: { succeededIndexes?: string; succeededCount?: number }[] };
  backoffLimit?: number;
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  selector?: LabelSelector;
  manualSelector?: boolean;
  template?: PodTemplateSpec;
  ttlSecondsAfterFinished?: number;
  completionMode?: string;
  suspend?: boolean;
  podReplacementPolicy?: string;
  managedBy?: string;
}

const exitCodesSchema = object(
  {
    containerName: string("Container whose exit code is checked; empty means any."),
    operator: enumString(["In", "NotIn"], "In or NotIn."),
    values: list({ type: "integer", format: "int32" }, "Exit codes, sorted and unique; 0 is not allowed with In.", { type: "set" }),
  },
  ["operator", "values"],
);

const podFailurePolicyRuleSchema = object(
  {
    action: enumString(["Count", "FailIndex", "FailJob", "Ignore"], "FailJob, FailIndex, Ignore or Count."),
    onExitCodes: describe(exitCodesSchema, "Matches on container exit codes."),
    onPodConditions: list(
      object({ type: string("Pod condition type to match."), status: string("Condition status to match (default True).") }, ["type", "status"]),
      "Matches on pod conditions.",
      { type: "atomic" },
    ),
  },
  ["action"],
);

const successPolicyRuleSchema = object({
  succeededIndexes: string("Indexes that must succeed, as ranges like 1,3-5."),
  succeededCount: int32("How many of those indexes must succeed."),
});

export const jobSpecSchema = object(
  {
    parallelism: int32("Most pods running at once (default 1)."),
    completions: int32("Successful pods needed to finish; unset means any one success."),
    activeDeadlineSeconds: int64("Seconds the job may run before it is failed."),
    podFailurePolicy: describe(
      object({ rules: list(podFailurePolicyRuleSchema, "Rules checked in order; the first match decides.", { type: "atomic" }) }, ["rules"]),
      "Rules on failed pods that override backoffLimit.",
    ),
    successPolicy: describe(
      object({ rules: list(successPolicyRuleSchema, "Rules; the job succeeds when any one is met.", { type: "atomic" }) }, ["rules"]),
      "Rules that declare an Indexed job succeeded early.",
    ),
    backoffLimit: int32("Retries before the job is failed (default 6)."),
    backoffLimitPerIndex: int32("Retries per index, for Indexed jobs."),
    maxFailedIndexes: int32("Failed indexes tolerated before the job fails, with backoffLimitPerIndex."),
    selector: describe(labelSelectorSchema, "Pods the job manages; generated unless manualSelector is true."),
    manualSelector: boolean("Use the given selector instead of generating one."),
    template: describe(podTemplateSpecSchema, "Template for the job's pods; restartPolicy must be OnFailure or Never."),
    ttlSecondsAfterFinished: int32("Seconds after finishing before the job is deleted."),
    completionMode: enumString(["Indexed", "NonIndexed"], "NonIndexed (default) or Indexed."),
    suspend: boolean("Hold the job: no pods are created and running ones are stopped."),
    podReplacementPolicy: enumString(["Failed", "TerminatingOrFailed"], "When replacement pods are created: TerminatingOrFailed or Failed."),
    managedBy: string("Controller that manages the job; empty or kubernetes.io/job-controller for the built-in one."),
  },
  ["template"],
);

/** Upstream's limits for Indexed jobs and policies. */
const MAX_INDEXED = 100000;
const MAX_FAILURE_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_SUCCESS_RULES = 20;

const ACTIONS = ["Count", "FailIndex", "FailJob", "Ignore"];
const CONDITION_STATUSES = ["False", "True", "Unknown"];

function validateExitCodes(rule: NonNullable<PodFailurePolicyRule["onExitCodes"]>, field: string, containers: Set<string>): FieldError[] {
  const errors: FieldError[] = [];
  if (!rule.operator) errors.push(required(`${field}.operator`, `valid values: ${quotedList(["In", "NotIn"])}`));
  else if (rule.operator !== "In" && rule.operator !== "NotIn") errors.push(notSupported(`${field}.operator`, rule.operator, ["In", "NotIn"]));
  if (rule.containerName !== undefined && !containers.has(rule.containerName)) {
    errors.push(invalid(`${field}.containerName`, rule.containerName, "must be one of the container or initContainer names in the pod template"));
  }
  const values = rule.values ?? [];
  if (values.length === 0) errors.push(invalid(`${field}.values`, values, "at least one value is required"));
  else if (values.length > MAX_EXIT_CODES) errors.push(tooMany(`${field}.values`, values.length, MAX_EXIT_CODES));
  else {
    values.forEach((value, j) => {
      if (rule.operator === "In" && value === 0) errors.push(invalid(`${field}.values[${j}]`, value, "must not be 0 for the In operator"));
      if (values.indexOf(value) !== j) errors.push(duplicate(`${field}.values[${j}]`, value));
    });
    if (values.some((value, j) => j > 0 && (values[j - 1] ?? value) > value)) errors.push(invalid(`${field}.values`, values, "must be ordered"));
  }
  return errors;
}

function validatePodFailurePolicy(spec: JobSpec, field: string): FieldError[] {
  const rules = spec.podFailurePolicy?.rules ?? [];
  const errors = rules.length > MAX_FAILURE_RULES ? [tooMany(`${field}.rules`, rules.length, MAX_FAILURE_RULES)] : [];
  const template = spec.template?.spec;
  const containers = new Set([...(template?.containers ?? []), ...(template?.initContainers ?? [])].map((c) => c.name ?? ""));
  rules.forEach((rule, i) => {
    const at = `${field}.rules[${i}]`;
    if (!rule.action) errors.push(required(`${at}.action`, `valid values: ${quotedList(ACTIONS)}`));
    else if (rule.action === "FailIndex") {
      if (spec.backoffLimitPerIndex === undefined) errors.push(invalid(`${at}.action`, rule.action, "requires the backoffLimitPerIndex to be set"));
    } else if (!ACTIONS.includes(rule.action)) errors.push(notSupported(`${at}.action`, rule.action, ACTIONS));
    if (rule.onExitCodes) errors.push(...validateExitCodes(rule.onExitCodes, `${at}.onExitCodes`, containers));
    (rule.onPodConditions ?? []).forEach((pattern, j) => {
      const patternPath = `${at}.onPodConditions[${j}]`;
      errors.push(...validateQualifiedName(pattern.type ?? "", `${patternPath}.type`));
      if (!pattern.status) errors.push(required(`${patternPath}.status`, `valid values: ${quotedList(CONDITION_STATUSES)}`));
      else if (!CONDITION_STATUSES.includes(pattern.status)) errors.push(notSupported(`${patternPath}.status`, pattern.status, CONDITION_STATUSES));
    });
    const conditions = rule.onPodConditions?.length ?? 0;
    if (rule.onExitCodes && conditions > 0) errors.push(invalidWithoutValue(at, "specifying both OnExitCodes and OnPodConditions is not supported"));
    if (!rule.onExitCodes && conditions === 0) errors.push(invalidWithoutValue(at, "specifying one of OnExitCodes and OnPodConditions is required"));
  });
  return errors;
}

function validateSuccessPolicy(spec: JobSpec, specPath: string): FieldError[] {
  if (spec.completionMode !== "Indexed") return [invalid(`${specPath}.completionMode`, spec.completionMode ?? null, "requires indexed completion mode")];
  const field = `${specPath}.successPolicy`;
  const rules = spec.successPolicy?.rules ?? [];
  const errors: FieldError[] = [];
  if (rules.length === 0) errors.push(required(`${field}.rules`, "at least one rules must be specified when the successPolicy is specified"));
  if (rules.length > MAX_SUCCESS_RULES) errors.push(tooMany(`${field}.rules`, rules.length, MAX_SUCCESS_RULES));
  rules.forEach((rule, i) => {
    if (rule.succeededCount === undefined && rule.succeededIndexes === undefined) {
      errors.push(required(`${field}.rules[${i}]`, "at least one of succeededCount or succeededIndexes must be specified"));
    }
    if (rule.succeededCount !== undefined && rule.succeededCount < 0) {
      errors.push(invalid(`${field}.rules[${i}].succeededCount`, rule.succeededCount, "must be greater than or equal to 0"));
    }
  });
  return errors;
}

function validateIndexed(spec: JobSpec, field: string): FieldError[] {
  const errors: FieldError[] = [];
  if (spec.completions === undefined) errors.push(required(`${field}.completions`, "when completion mode is Indexed"));
  if (spec.parallelism !== undefined && spec.parallelism > MAX_INDEXED) {
    errors.push(invalid(`${field}.parallelism`, spec.parallelism, `must be less than or equal to ${MAX_INDEXED} when completion mode is Indexed`));
  }
  return errors;
}

function validateManagedBy(managedBy: string | undefined, field: string): FieldError[] {
  if (managedBy === undefined) return [];
  const [domain = "", path = ""] = managedBy.split(/\/(.*)/s);
  if (!domain || !path) return [invalid(field, managedBy, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  return validateDNS1123Subdomain(domain, field);
}

/** Upstream's validateJobSpec; `field` is the spec's path (`spec` or `spec.jobTemplate.spec`). */
export function validateJobSpec(spec: JobSpec, field: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"] as const) {
    errors.push(...nonNegative(`${field}.${name}`, spec[name]));
  }
  if (spec.backoffLimitPerIndex !== undefined) {
    errors.push(...nonNegative(`${field}.backoffLimitPerIndex`, spec.backoffLimitPerIndex));
    if (spec.completionMode !== "Indexed") errors.push(forbidden(`${field}.backoffLimitPerIndex`, "requires indexed completion mode"));
  }
  if (spec.maxFailedIndexes !== undefined) {
    errors.push(...nonNegative(`${field}.maxFailedIndexes`, spec.maxFailedIndexes));
    if (spec.backoffLimitPerIndex === undefined) errors.push(required(`${field}.backoffLimitPerIndex`, "when maxFailedIndexes is specified"));
  }
  errors.push(...validateManagedBy(spec.managedBy, `${field}.managedBy`));
  if (spec.completionMode !== undefined) {
    if (spec.completionMode !== "NonIndexed" && spec.completionMode !== "Indexed") {
      errors.push(notSupported(`${field}.completionMode`, spec.completionMode, ["NonIndexed", "Indexed"]));
    }
    if (spec.completionMode === "Indexed") errors.push(...validateIndexed(spec, field));
  }
  if (spec.podFailurePolicy) errors.push(...validatePodFailurePolicy(spec, `${field}.podFailurePolicy`));
  if (spec.successPolicy) errors.push(...validateSuccessPolicy(spec, field));
  const replacement = spec.podReplacementPolicy;
  if (replacement !== undefined) {
    const valid = spec.podFailurePolicy ? ["Failed"] : ["Failed", "TerminatingOrFailed"];
    if (!valid.includes(replacement)) errors.push(notSupported(`${field}.podReplacementPolicy`, replacement, valid));
  }
  errors.push(...validatePodTemplate(spec.template, `${field}.template`));
  const restartPolicy = spec.template?.spec?.restartPolicy ?? "";
  const restartPath = `${field}.template.spec.restartPolicy`;
  // A job's pods must finish; Always (also the pod default) would restart them forever.
  if (restartPolicy === "Always" || restartPolicy === "") errors.push(required(restartPath, 'valid values: "OnFailure", "Never"'));
  else if (restartPolicy !== "OnFailure" && restartPolicy !== "Never") errors.push(notSupported(restartPath, restartPolicy, ["OnFailure", "Never"]));
  else if (spec.podFailurePolicy && restartPolicy !== "Never") {
    errors.push(invalid(restartPath, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return errors;
}

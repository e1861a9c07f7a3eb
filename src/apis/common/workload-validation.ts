/**
 * Rules the apps/v1 and batch/v1 workloads share: a required, non-empty
 * selector that matches the pod template, int-or-percent rollout limits,
 * and immutable selectors.
 */
import { forbidden, immutable, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.js";
import { isEmptySelector, labelSelectorMatches, labelSelectorString, validateLabelSelector, type LabelSelector } from "./label-selector.js";
import type { IntOrString, PodTemplateSpec } from "./pod-types.js";
import { validatePodTemplate } from "./pod-validation.js";
import { each, jsonEqual, nonNegative, percentProblems } from "./validation-helpers.js";

/** A required selector with at least one term, e.g. `empty selector is invalid for deployment`. */
export function validateWorkloadSelector(selector: LabelSelector | undefined, field: string, kind: string): FieldError[] {
  if (!selector) return [required(field)];
  const errors = validateLabelSelector(selector, field);
  if (isEmptySelector(selector)) errors.push(invalid(field, selector, `empty selector is invalid for ${kind}`));
  return errors;
}

/** The selector must select the template's pods, or the controller would never see its own pods. */
export function validateSelectorMatchesTemplate(selector: LabelSelector | undefined, template: PodTemplateSpec | undefined, field: string): FieldError[] {
  const labels = template?.metadata?.labels;
  if (!selector || isEmptySelector(selector) || labelSelectorString(selector) instanceof Error) return [];
  return labelSelectorMatches(selector, labels)
    ? []
    : [invalid(`${field}.metadata.labels`, labels ?? null, "`selector` does not match template `labels`")];
}

/**
 * Upstream's ValidatePodTemplateSpecForReplicaSet, used by Deployments and
 * ReplicaSets: selector matches, a valid pod template, restartPolicy Always
 * and no activeDeadlineSeconds (the pods are meant to run forever). An
 * invalid selector is reported by validateWorkloadSelector, so it is not
 * matched here.
 */
export function validateReplicatedTemplate(selector: LabelSelector | undefined, template: PodTemplateSpec | undefined, field: string): FieldError[] {
  return [
    ...validateSelectorMatchesTemplate(selector, template, field),
    ...validatePodTemplate(template, field),
    ...validateRunsForever(template, field, "ReplicaSet"),
  ];
}

/** restartPolicy Always and no activeDeadlineSeconds; each kind names itself in the deadline error. */
export function validateRunsForever(template: PodTemplateSpec | undefined, field: string, kind: string): FieldError[] {
  const errors: FieldError[] = [];
  const spec = template?.spec ?? {};
  if (spec.restartPolicy !== "Always") errors.push(notSupported(`${field}.spec.restartPolicy`, spec.restartPolicy ?? "", ["Always"]));
  if (spec.activeDeadlineSeconds !== undefined) {
    errors.push(forbidden(`${field}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errors;
}

/** The value of a count-or-percentage, as upstream's getIntOrPercentValue reads it (0 when unparsable). */
export function intOrPercentValue(value: IntOrString | undefined): number {
  if (typeof value === "number") return value;
  const match = /^(\d+)%$/.exec(value ?? "");
  return match ? Number(match[1]) : 0;
}

export function validatePositiveIntOrPercent(value: IntOrString | undefined, field: string): FieldError[] {
  if (value === undefined) return [];
  if (typeof value === "string") return each(percentProblems(value), field, value);
  return nonNegative(field, value);
}

export function validateNotMoreThan100Percent(value: IntOrString | undefined, field: string): FieldError[] {
  return typeof value === "string" && /^\d+%$/.test(value) && intOrPercentValue(value) > 100
    ? [invalid(field, value, "must not be greater than 100%")]
    : [];
}

/** apps/v1 and batch/v1 selectors cannot change once set. */
export function validateImmutableSelector(updated: LabelSelector | undefined, old: LabelSelector | undefined): FieldError[] {
  return jsonEqual(updated, old) ? [] : [immutable("spec.selector", updated ?? null)];
}

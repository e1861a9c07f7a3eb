/**
 * Upstream's ValidatePodUpdate: a pod's spec is fixed once created, except
 * container images, a shorter activeDeadlineSeconds, added tolerations,
 * removed scheduling gates, and (while gated) node selector and affinity.
 */
import { forbidden, invalid, required, type FieldError } from "../../machinery/field-errors.js";
import type { Container, PodSpec, Toleration } from "./pod-types.js";
import { inclusiveRange, jsonEqual } from "./validation-helpers.js";
import { cloneJson } from "../../machinery/clone.js";

const MAX_INT32 = 2147483647;

const IMMUTABLE_SPEC_MESSAGE =
  "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/** Returns the errors, and whether checking further is pointless (containers were added or removed). */
function validateContainerUpdates(updated: readonly Container[], old: readonly Container[], field: string): [FieldError[], boolean] {
  if (updated.length !== old.length) return [[forbidden(field, "pod updates may not add or remove containers")], true];
  const errors: FieldError[] = [];
  updated.forEach((container, i) => {
    const image = container.image ?? "";
    if (!image) errors.push(required(`${field}[${i}].image`));
    if (image.trim() !== image) errors.push(invalid(`${field}[${i}].image`, image, "must not have leading or trailing whitespace"));
  });
  return [errors, false];
}

/** Set once, a deadline may only shrink. Returns the errors and whether to stop checking. */
function validateDeadline(updated: number | undefined, old: number | undefined): [FieldError[], boolean] {
  const field = "spec.activeDeadlineSeconds";
  if (updated === undefined) {
    return [old === undefined ? [] : [invalid(field, null, "must not update from a positive integer to nil value")], false];
  }
  if (updated < 0 || updated > MAX_INT32) return [[invalid(field, updated, inclusiveRange(0, MAX_INT32))], true];
  if (old !== undefined && old < updated) return [[invalid(field, updated, "must be less than or equal to previous value")], true];
  return [[], false];
}

/** Existing tolerations may only change their tolerationSeconds. */
function validateAddedTolerations(updated: readonly Toleration[], old: readonly Toleration[]): FieldError[] {
  const kept = old.every((previous) =>
    updated.some((toleration) => jsonEqual({ ...previous, tolerationSeconds: toleration.tolerationSeconds }, toleration)),
  );
  return kept ? [] : [forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds")];
}

function validateRemovedGates(updated: PodSpec, old: PodSpec): FieldError[] {
  const previous = new Set((old.schedulingGates ?? []).map((gate) => gate.name));
  return (updated.schedulingGates ?? []).flatMap((gate, i) =>
    previous.has(gate.name)
      ? []
      : [forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${gate.name ?? ""}'`)],
  );
}

/** The old spec with every allowed change taken from the new one, so any remaining difference is forbidden. */
function withAllowedChanges(updated: PodSpec, old: PodSpec): PodSpec {
  const merged: Record<string, unknown> = cloneJson(old);
  for (const list of ["containers", "initContainers"] as const) {
    (merged[list] as Container[] | undefined)?.forEach((container, i) => {
      const image = updated[list]?.[i]?.image;
      if (image === undefined) delete container.image;
      else container.image = image;
    });
  }
  const allowed = ["activeDeadlineSeconds", "tolerations", "schedulingGates"];
  // A pod still held by scheduling gates may have its placement narrowed before it is scheduled.
  if (old.schedulingGates?.length) allowed.push("nodeSelector", "affinity");
  for (const field of allowed) merged[field] = updated[field];
  if ((old.terminationGracePeriodSeconds ?? 0) < 0 && updated.terminationGracePeriodSeconds === 1) merged.terminationGracePeriodSeconds = 1;
  return merged as PodSpec;
}

/** One line per top-level spec field that differs, in place of upstream's full diff. */
function describeChanges(updated: PodSpec, old: PodSpec): string {
  const fields = new Set([...Object.keys(updated), ...Object.keys(old)]);
  return [...fields]
    .filter((field) => !jsonEqual(updated[field], old[field]))
    .map((field) => `  spec.${field}: ${JSON.stringify(old[field]) ?? "null"} -> ${JSON.stringify(updated[field]) ?? "null"}`)
    .join("\n");
}

export function validatePodSpecUpdate(updated: PodSpec, old: PodSpec): FieldError[] {
  const errors: FieldError[] = [];
  for (const list of ["containers", "initContainers"] as const) {
    const [found, stop] = validateContainerUpdates(updated[list] ?? [], old[list] ?? [], `spec.${list}`);
    errors.push(...found);
    if (stop) return errors;
  }
  const [deadline, stop] = validateDeadline(updated.activeDeadlineSeconds, old.activeDeadlineSeconds);
  errors.push(...deadline);
  if (stop) return errors;
  errors.push(...validateAddedTolerations(updated.tolerations ?? [], old.tolerations ?? []));
  errors.push(...validateRemovedGates(updated, old));
  const merged = withAllowedChanges(updated, old);
  if (!jsonEqual(updated, merged)) {
    errors.push(forbidden("spec", `${IMMUTABLE_SPEC_MESSAGE}\n${describeChanges(updated, merged)}`));
  }
  return errors;
}

/**
 * Compute resource requirements (container resources, pod-level resources,
 * overhead) with upstream's rules: standard or extended names, non-negative
 * quantities, whole numbers for extended resources, requests within limits.
 */
import { forbidden, invalid, required, type FieldError } from "../../machinery/field-errors.js";
import type { ResourceList, ResourceRequirements } from "./pod-types.js";
import { parseQuantity, QUANTITY_FORMAT_MESSAGE } from "./quantity.js";
import { notFound, validateQualifiedName } from "./validation-helpers.js";

const STANDARD_CONTAINER_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage"]);

function isHugePages(name: string): boolean {
  return name.startsWith("hugepages-");
}

/** Native resources have no domain or the kubernetes.io domain; the others are extended resources. */
function isNative(name: string): boolean {
  return !name.includes("/") || name.includes("kubernetes.io/");
}

/** Extended resources are counted in whole units and may not be overcommitted. */
function isExtended(name: string): boolean {
  return !isNative(name) && !name.startsWith("requests.");
}

function isOvercommitAllowed(name: string): boolean {
  return isNative(name) && !isHugePages(name);
}

function validateResourceName(name: string, field: string): FieldError[] {
  const errors = validateQualifiedName(name, field);
  if (errors.length > 0) return errors;
  if (!name.includes("/")) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
      return [invalid(field, name, "must be a standard resource for containers")];
    }
  } else if (!isNative(name) && !isExtended(name)) {
    return [invalid(field, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

function validateQuantity(name: string, value: string | number, field: string): FieldError[] {
  const amount = parseQuantity(value);
  if (amount === undefined) return [invalid(field, value, QUANTITY_FORMAT_MESSAGE)];
  if (amount < 0) return [invalid(field, String(value), "must be greater than or equal to 0")];
  if (isExtended(name) && !Number.isInteger(amount)) return [invalid(field, value, "must be an integer")];
  return [];
}

function validateList(list: ResourceList | undefined, field: string): FieldError[] {
  return Object.entries(list ?? {}).flatMap(([name, value]) => [
    ...validateResourceName(name, `${field}[${name}]`),
    ...validateQuantity(name, value, `${field}[${name}]`),
  ]);
}

/** Upstream's ValidateContainerResourceRequirements, for containers and pod-level resources. */
export function validateResourceRequirements(
  resources: ResourceRequirements | undefined,
  field: string,
  claimNames: ReadonlySet<string>,
): FieldError[] {
  if (!resources) return [];
  const limitsPath = `${field}.limits`;
  const requestsPath = `${field}.requests`;
  const errors = [...validateList(resources.limits, limitsPath), ...validateList(resources.requests, requestsPath)];
  for (const [name, request] of Object.entries(resources.requests ?? {})) {
    const limit = resources.limits?.[name];
    const requested = parseQuantity(request);
    if (limit === undefined) {
      if (!isOvercommitAllowed(name)) errors.push(required(limitsPath, "Limit must be set for non overcommitable resources"));
      continue;
    }
    const limited = parseQuantity(limit);
    if (requested === undefined || limited === undefined) continue;
    if (requested !== limited && !isOvercommitAllowed(name)) {
      errors.push(invalid(requestsPath, String(request), `must be equal to ${name} limit of ${String(limit)}`));
    } else if (requested > limited) {
      errors.push(invalid(requestsPath, String(request), `must be less than or equal to ${name} limit of ${String(limit)}`));
    }
  }
  const names = [...Object.keys(resources.limits ?? {}), ...Object.keys(resources.requests ?? {})];
  if (names.some(isHugePages) && !names.some((name) => name === "cpu" || name === "memory")) {
    errors.push(forbidden(field, "HugePages require cpu or memory"));
  }
  (resources.claims ?? []).forEach((claim, i) => {
    const at = `${field}.claims[${i}]`;
    if (!claim.name) errors.push(required(at));
    else if (!claimNames.has(claim.name)) errors.push(notFound(at, claim.name, "must be one of the names in pod.spec.resourceClaims"));
  });
  return errors;
}

/** Overhead is a plain resource list, checked like container limits. */
export function validateOverhead(overhead: ResourceList | undefined, field: string): FieldError[] {
  return validateList(overhead, field);
}

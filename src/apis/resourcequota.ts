/**
 * ResourceQuota (core/v1): caps on the total resources and object counts of
 * one namespace, optionally only for pods in some scopes. The quota
 * controller fills status.hard and status.used.
 */
import { immutable, invalid, notSupported, required, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { parseQuantity, QUANTITY_FORMAT_MESSAGE } from "./common/quantity.js";
import { describe, enumString, list, object, quantityMap } from "./common/schema-builders.js";
import { jsonEqual, validateQualifiedName } from "./common/validation-helpers.js";
import type { KindDefinition, KubeObject } from "./types.js";

const SCOPES = ["BestEffort", "CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating", "PriorityClass", "Terminating"] as const;
const SELECTOR_OPERATORS = ["DoesNotExist", "Exists", "In", "NotIn"] as const;

/** Names a quota may cap without a domain (upstream's standard quota resources). */
const STANDARD_QUOTA_RESOURCES = new Set([
  "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims",
  "services.nodeports", "services.loadbalancers", "cpu", "memory", "ephemeral-storage",
  "requests.cpu", "requests.memory", "requests.storage", "requests.ephemeral-storage",
  "limits.cpu", "limits.memory", "limits.ephemeral-storage",
]);
/** Object counts are whole numbers; compute resources may be fractional. */
const INTEGER_RESOURCES = new Set(["pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports", "services.loadbalancers"]);

const scopedResourceSelectorRequirementSchema = object({
  scopeName: enumString(SCOPES, "The scope the requirement applies to."),
  operator: enumString(SELECTOR_OPERATORS, "In, NotIn, Exists or DoesNotExist."),
  values: list({ type: "string" }, "Values for In and NotIn; empty for Exists and DoesNotExist.", { type: "atomic" }),
}, ["scopeName", "operator"]);

const resourceQuotaSpecSchema = object({
  hard: quantityMap("Maximum total of each named resource in the namespace."),
  scopes: list({ type: "string", enum: SCOPES }, "Pod scopes the quota counts; all must match.", { type: "atomic" }),
  scopeSelector: describe(
    object({ matchExpressions: list(scopedResourceSelectorRequirementSchema, "Scope requirements, ANDed.", { type: "atomic" }) }, [], { "x-kubernetes-map-type": "atomic" }),
    "Scopes the quota counts, as selector expressions; ANDed with scopes.",
  ),
});

const schema = objectSchema("Aggregate resource limits for one namespace.", {
  spec: describe(resourceQuotaSpecSchema, "The limits to enforce."),
  status: describe(object({
    hard: quantityMap("Limits currently enforced."),
    used: quantityMap("Amount of each limited resource currently in use."),
  }), "Enforced limits and current usage."),
});

interface ScopeRequirement {
  scopeName?: string;
  operator?: string;
  values?: string[];
}

interface ResourceQuota extends KubeObject {
  spec?: { hard?: Record<string, string | number>; scopes?: string[]; scopeSelector?: { matchExpressions?: ScopeRequirement[] } };
  status?: { hard?: Record<string, string | number>; used?: Record<string, string | number> };
}

function validateHard(hard: Record<string, string | number> | undefined): FieldError[] {
  return Object.entries(hard ?? {}).flatMap(([name, value]) => {
    const field = `spec.hard[${name}]`;
    const nameErrors = validateQualifiedName(name, field);
    if (!name.includes("/") && !STANDARD_QUOTA_RESOURCES.has(name) && !/^(requests\.)?hugepages-/.test(name)) {
      nameErrors.push(invalid(field, name, "must be a standard resource for quota"));
    }
    const amount = parseQuantity(value);
    if (amount === undefined) return [...nameErrors, invalid(field, value, QUANTITY_FORMAT_MESSAGE)];
    if (amount < 0) return [...nameErrors, invalid(field, String(value), "must be greater than or equal to 0")];
    const countsObjects = INTEGER_RESOURCES.has(name) || name.startsWith("count/");
    return countsObjects && !Number.isInteger(amount) ? [...nameErrors, invalid(field, value, "must be an integer")] : nameErrors;
  });
}

function validateScopeRequirement(requirement: ScopeRequirement, field: string): FieldError[] {
  const errors: FieldError[] = [];
  const { scopeName, operator, values = [] } = requirement;
  if (!scopeName) errors.push(required(`${field}.scopeName`));
  else if (!(SCOPES as readonly string[]).includes(scopeName)) errors.push(notSupported(`${field}.scopeName`, scopeName, SCOPES));
  if (operator === "In" || operator === "NotIn") {
    if (values.length === 0) errors.push(required(`${field}.values`, "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
  } else if (operator === "Exists" || operator === "DoesNotExist") {
    if (values.length > 0) errors.push(invalid(`${field}.values`, values, "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
  } else {
    errors.push(notSupported(`${field}.operator`, operator ?? "", SELECTOR_OPERATORS));
  }
  return errors;
}

function validateQuota(quota: ResourceQuota): FieldError[] {
  const spec = quota.spec ?? {};
  const scopes = spec.scopes ?? [];
  const errors = [
    ...validateHard(spec.hard),
    ...scopes.filter((scope) => !(SCOPES as readonly string[]).includes(scope)).map((scope) => notSupported("spec.scopes", scope, SCOPES)),
    ...(spec.scopeSelector?.matchExpressions ?? []).flatMap((requirement, i) => validateScopeRequirement(requirement, `spec.scopeSelector.matchExpressions[${i}]`)),
  ];
  if (scopes.includes("BestEffort") && scopes.includes("NotBestEffort")) errors.push(invalid("spec.scopes", scopes, "conflicting scopes"));
  if (scopes.includes("Terminating") && scopes.includes("NotTerminating")) errors.push(invalid("spec.scopes", scopes, "conflicting scopes"));
  return errors;
}

function validateQuotaUpdate(quota: ResourceQuota, old: ResourceQuota): FieldError[] {
  const errors: FieldError[] = [];
  if (!jsonEqual(quota.spec?.scopes ?? [], old.spec?.scopes ?? [])) errors.push(immutable("spec.scopes", quota.spec?.scopes ?? []));
  if (!jsonEqual(quota.spec?.scopeSelector, old.spec?.scopeSelector)) errors.push(immutable("spec.scopeSelector", quota.spec?.scopeSelector));
  return errors;
}

/** `pods: 1/10, requests.cpu: 0/2`: used over hard for each status.hard entry in name order; limits.* go in the LIMIT column. */
function usageCell(quota: ResourceQuota, limits: boolean): string {
  const hard = quota.status?.hard ?? {};
  return Object.keys(hard)
    .sort()
    .filter((name) => (name.split(".")[0] === "limits" && name.includes(".")) === limits)
    .map((name) => `${name}: ${String(quota.status?.used?.[name] ?? "0")}/${String(hard[name])}`)
    .join(", ");
}

export const resourceQuotaKind = {
  group: "",
  version: "v1",
  kind: "ResourceQuota",
  listKind: "ResourceQuotaList",
  plural: "resourcequotas",
  singular: "resourcequota",
  shortNames: ["quota"],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: false,
  subresources: { status: true },
  strategy: {
    // Usage is the quota controller's to report.
    prepareForCreate: (object) => {
      (object as ResourceQuota).status = {};
    },
    validate: (object) => validateQuota(object as ResourceQuota),
    validateUpdate: (object, old) => validateQuotaUpdate(object as ResourceQuota, old as ResourceQuota),
  },
  columns: [
    nameColumn,
    ageColumn,
    { name: "Request", type: "string", description: "Used and hard amounts of the quota's request and count resources.", priority: 0, cell: (o) => usageCell(o as ResourceQuota, false) },
    { name: "Limit", type: "string", description: "Used and hard amounts of the quota's limits.* resources.", priority: 0, cell: (o) => usageCell(o as ResourceQuota, true) },
  ],
} satisfies KindDefinition;

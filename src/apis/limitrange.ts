/**
 * LimitRange (core/v1): per-namespace bounds and defaults for the resources
 * of each pod, container or claim. Container defaults are filled into new
 * pods by the LimitRanger admission step (applyLimitRangeDefaults).
 */
import { duplicate, forbidden, invalid, required, type FieldError } from "../machinery/field-errors.js";
import { nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import type { Container, PodSpec, ResourceList } from "./common/pod-types.js";
import { parseQuantity, QUANTITY_FORMAT_MESSAGE } from "./common/quantity.js";
import { describe, list, object, quantityMap, string } from "./common/schema-builders.js";
import { validateQualifiedName } from "./common/validation-helpers.js";
import type { KindDefinition, KubeObject } from "./types.js";

const LIMIT_TYPES = ["Container", "PersistentVolumeClaim", "Pod"];
const CONTAINER_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage"]);
/** The pod annotation listing what LimitRanger filled in. */
export const LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger";

const limitRangeItemSchema = object({
  type: string("What the limits apply to: Pod, Container or PersistentVolumeClaim."),
  max: quantityMap("Largest amount of each resource allowed."),
  min: quantityMap("Smallest amount of each resource allowed."),
  default: quantityMap("Limit given to containers that set none."),
  defaultRequest: quantityMap("Request given to containers that set none."),
  maxLimitRequestRatio: quantityMap("Largest allowed limit/request ratio of each resource."),
}, ["type"]);

const schema = objectSchema("Resource bounds and defaults for the pods, containers and claims of a namespace.", {
  spec: describe(object({
    limits: list(limitRangeItemSchema, "The bounds, at most one item per type.", { type: "atomic" }),
  }, ["limits"]), "The limits to enforce."),
});

interface LimitRangeItem {
  type?: string;
  max?: ResourceList;
  min?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

export interface LimitRange extends KubeObject {
  spec?: { limits?: LimitRangeItem[] };
}

type QuantityField = "max" | "min" | "default" | "defaultRequest" | "maxLimitRequestRatio";

/** Upstream's SetDefaults_LimitRangeItem: a container default limit falls back to max, a default request to the default limit, then to min. */
function defaultItem(item: LimitRangeItem): void {
  if (item.type !== "Container") return;
  const fill = (target: "default" | "defaultRequest", from: ResourceList | undefined) => {
    for (const [name, value] of Object.entries(from ?? {})) {
      const list = (item[target] ??= {});
      list[name] ??= value;
    }
  };
  fill("default", item.max);
  fill("defaultRequest", item.default);
  fill("defaultRequest", item.min);
}

function validateTypeName(type: string | undefined, field: string): FieldError[] {
  if (!type) return [required(field)];
  const errors = validateQualifiedName(type, field);
  if (errors.length === 0 && !type.includes("/") && !LIMIT_TYPES.includes(type)) {
    errors.push(invalid(field, type, "must be a standard limit type or fully qualified"));
  }
  return errors;
}

function validateResourceName(type: string | undefined, name: string, field: string): FieldError[] {
  const errors = validateQualifiedName(name, field);
  const forPods = type === "Pod" || type === "Container";
  if (errors.length === 0 && forPods && !name.includes("/") && !CONTAINER_RESOURCES.has(name) && !name.startsWith("hugepages-")) {
    errors.push(invalid(field, name, "must be a standard resource for containers"));
  }
  return errors;
}

/** The ordering rules min ≤ defaultRequest ≤ default ≤ max and ratio ≥ 1, reported as upstream words them. */
function validateOrdering(item: LimitRangeItem, name: string, path: string): FieldError[] {
  const raw = (field: QuantityField) => item[field]?.[name];
  const amount = (field: QuantityField) => parseQuantity(raw(field));
  const show = (field: QuantityField) => String(raw(field));
  const at = (field: QuantityField) => `${path}.${field}[${name}]`;
  const greater = (a: QuantityField, b: QuantityField) => {
    const [x, y] = [amount(a), amount(b)];
    return x !== undefined && y !== undefined && x > y;
  };
  const errors: FieldError[] = [];
  if (greater("min", "max")) errors.push(invalid(at("min"), show("min"), `min value ${show("min")} is greater than max value ${show("max")}`));
  if (greater("min", "defaultRequest")) errors.push(invalid(at("defaultRequest"), show("defaultRequest"), `min value ${show("min")} is greater than default request value ${show("defaultRequest")}`));
  if (greater("defaultRequest", "max")) errors.push(invalid(at("defaultRequest"), show("defaultRequest"), `default request value ${show("defaultRequest")} is greater than max value ${show("max")}`));
  if (greater("defaultRequest", "default")) errors.push(invalid(at("defaultRequest"), show("defaultRequest"), `default request value ${show("defaultRequest")} is greater than default limit value ${show("default")}`));
  if (greater("min", "default")) errors.push(invalid(at("default"), show("min"), `min value ${show("min")} is greater than default value ${show("default")}`));
  if (greater("default", "max")) errors.push(invalid(at("default"), show("max"), `default value ${show("default")} is greater than max value ${show("max")}`));
  const ratio = amount("maxLimitRequestRatio");
  if (ratio !== undefined) {
    if (ratio < 1) errors.push(invalid(at("maxLimitRequestRatio"), show("maxLimitRequestRatio"), `ratio ${show("maxLimitRequestRatio")} is less than 1`));
    const [min, max] = [amount("min"), amount("max")];
    if (min !== undefined && max !== undefined && ratio > max / min) {
      errors.push(invalid(at("maxLimitRequestRatio"), show("maxLimitRequestRatio"), `ratio ${show("maxLimitRequestRatio")} is greater than max/min = ${(max / min).toFixed(6)}`));
    }
  }
  // Extended resources and hugepages cannot be overcommitted, so their default request must be the default limit.
  const overcommittable = (!name.includes("/") || name.includes("kubernetes.io/")) && !name.startsWith("hugepages-");
  const [limit, request] = [amount("default"), amount("defaultRequest")];
  if (!overcommittable && limit !== undefined && request !== undefined && limit !== request) {
    errors.push(invalid(at("defaultRequest"), show("defaultRequest"), `default value ${show("default")} must equal to defaultRequest value ${show("defaultRequest")} in ${name}`));
  }
  return errors;
}

function validateItem(item: LimitRangeItem, path: string): FieldError[] {
  const errors = validateTypeName(item.type, `${path}.type`);
  const fields: QuantityField[] = item.type === "Pod" ? ["max", "min", "maxLimitRequestRatio"] : ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"];
  if (item.type === "Pod") {
    for (const field of ["default", "defaultRequest"] as const) {
      if (Object.keys(item[field] ?? {}).length > 0) errors.push(forbidden(`${path}.${field}`, "may not be specified when `type` is 'Pod'"));
    }
  }
  const names = new Set<string>();
  for (const field of fields) {
    for (const [name, value] of Object.entries(item[field] ?? {})) {
      names.add(name);
      errors.push(...validateResourceName(item.type, name, `${path}.${field}[${name}]`));
      if (parseQuantity(value) === undefined) errors.push(invalid(`${path}.${field}[${name}]`, value, QUANTITY_FORMAT_MESSAGE));
    }
  }
  if (item.type === "PersistentVolumeClaim" && item.min?.["storage"] === undefined && item.max?.["storage"] === undefined) {
    errors.push(required(`${path}.limits`, "either minimum or maximum storage value is required, but neither was provided"));
  }
  for (const name of [...names].sort()) errors.push(...validateOrdering(item, name, path));
  return errors;
}

function validateLimitRange(limitRange: LimitRange): FieldError[] {
  const seen = new Set<string | undefined>();
  return (limitRange.spec?.limits ?? []).flatMap((item, i) => {
    const path = `spec.limits[${i}]`;
    const errors = validateItem(item, path);
    if (seen.has(item.type)) errors.push(duplicate(`${path}.type`, item.type));
    seen.add(item.type);
    return errors;
  });
}

/** Fills missing entries of `target` from `defaults`; returns the names filled, sorted. */
function fillMissing(target: ResourceList, defaults: ResourceList): string[] {
  const filled = Object.keys(defaults).filter((name) => target[name] === undefined);
  for (const name of filled) target[name] = defaults[name] ?? "";
  return filled.sort();
}

function fillContainer(container: Container, defaults: { requests: ResourceList; limits: ResourceList }, label: string): string[] {
  const resources = (container.resources ??= {});
  const limits = fillMissing((resources.limits ??= {}), defaults.limits);
  const requests = fillMissing((resources.requests ??= {}), defaults.requests);
  if (Object.keys(resources.limits).length === 0) delete resources.limits;
  if (Object.keys(resources.requests).length === 0) delete resources.requests;
  return [
    ...(requests.length ? [`${requests.join(", ")} request for ${label} ${container.name ?? ""}`] : []),
    ...(limits.length ? [`${limits.join(", ")} limit for ${label} ${container.name ?? ""}`] : []),
  ];
}

/**
 * The defaulting half of upstream's LimitRanger admission: each LimitRange's
 * Container defaults fill the requests and limits a container leaves out, and
 * the pod is annotated with what was set. Mutates and returns `pod`.
 */
export function applyLimitRangeDefaults<P extends KubeObject & { spec?: PodSpec }>(pod: P, limitRanges: readonly LimitRange[]): P {
  for (const limitRange of limitRanges) {
    const defaults = { requests: {} as ResourceList, limits: {} as ResourceList };
    for (const item of limitRange.spec?.limits ?? []) {
      if (item.type !== "Container") continue;
      Object.assign(defaults.requests, item.defaultRequest);
      Object.assign(defaults.limits, item.default);
    }
    const notes = [
      ...(pod.spec?.containers ?? []).flatMap((container) => fillContainer(container, defaults, "container")),
      ...(pod.spec?.initContainers ?? []).flatMap((container) => fillContainer(container, defaults, "init container")),
    ];
    if (notes.length > 0) {
      pod.metadata.annotations = { ...pod.metadata.annotations, [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join("; ")}` };
    }
  }
  return pod;
}

export const limitRangeKind = {
  group: "",
  version: "v1",
  kind: "LimitRange",
  listKind: "LimitRangeList",
  plural: "limitranges",
  singular: "limitrange",
  shortNames: ["limits"],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    defaults: (object) => (object as LimitRange).spec?.limits?.forEach(defaultItem),
    validate: (object) => validateLimitRange(object as LimitRange),
  },
  columns: [
    nameColumn,
    {
      name: "Created At",
      type: "date",
      description: "When the object was created.",
      priority: 0,
      // Upstream prints the timestamp itself here, not an age.
      cell: (object) => object.metadata.creationTimestamp ?? "",
    },
  ],
} satisfies KindDefinition;

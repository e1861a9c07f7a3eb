/**
 * Small constructors for OpenAPI schemas, so the workload schemas read as a
 * list of fields (name, type, one-line description) rather than as nested
 * object literals. Every builder returns plain data that can be served as is.
 */
import type { Schema } from "../types.js";

type Extra = Partial<Schema>;

export function string(description: string, extra: Extra = {}): Schema {
  return { type: "string", description, ...extra };
}

/** A string limited to the values of an upstream `+enum` type (listed sorted, as upstream serves them). */
export function enumString(values: readonly string[], description: string, extra: Extra = {}): Schema {
  return { type: "string", description, enum: values, ...extra };
}

export function int32(description: string, extra: Extra = {}): Schema {
  return { type: "integer", format: "int32", description, ...extra };
}

export function int64(description: string, extra: Extra = {}): Schema {
  return { type: "integer", format: "int64", description, ...extra };
}

export function boolean(description: string, extra: Extra = {}): Schema {
  return { type: "boolean", description, ...extra };
}

/** metav1.Time: an RFC 3339 timestamp. */
export function dateTime(description: string): Schema {
  return { type: "string", format: "date-time", description };
}

/** resource.Quantity: `500m`, `1Gi` or a plain number. */
export function quantity(description: string): Schema {
  return { description, "x-kubernetes-int-or-string": true };
}

/** intstr.IntOrString: a port number or name, a count or a percentage. */
export function intOrString(description: string): Schema {
  return { format: "int-or-string", description, "x-kubernetes-int-or-string": true };
}

export function stringMap(description: string, extra: Extra = {}): Schema {
  return { type: "object", description, additionalProperties: { type: "string" }, ...extra };
}

/** A ResourceList: resource name to quantity. */
export function quantityMap(description: string): Schema {
  return { type: "object", description, additionalProperties: { "x-kubernetes-int-or-string": true } };
}

/** A struct without a description; the field that holds it adds one with `describe`. */
export function object(properties: Record<string, Schema>, required: readonly string[] = [], extra: Extra = {}): Schema {
  return { type: "object", properties, ...(required.length ? { required } : {}), ...extra };
}

/** The schema of a field: the shared struct schema plus this field's own description. */
export function describe(schema: Schema, description: string): Schema {
  return { ...schema, description };
}

export interface ListOptions {
  /** `x-kubernetes-list-type`. */
  readonly type?: "atomic" | "set" | "map";
  /** `x-kubernetes-list-map-keys`, for map lists. */
  readonly keys?: readonly string[];
  /** Strategic merge patch: the field identifying items. */
  readonly mergeKey?: string;
  /** Strategic merge patch: `merge`, `merge,retainKeys`… */
  readonly strategy?: string;
}

export function list(items: Schema, description: string, options: ListOptions = {}): Schema {
  return {
    type: "array",
    description,
    items,
    ...(options.type ? { "x-kubernetes-list-type": options.type } : {}),
    ...(options.keys ? { "x-kubernetes-list-map-keys": options.keys } : {}),
    ...(options.mergeKey ? { "x-kubernetes-patch-merge-key": options.mergeKey } : {}),
    ...(options.strategy ? { "x-kubernetes-patch-strategy": options.strategy } : {}),
  };
}

/**
 * The condition shape every workload status shares (type, status, reason,
 * message, lastTransitionTime), plus per-kind timestamps such as lastProbeTime.
 */
export function condition(typeDescription: string, extra: Record<string, Schema> = {}): Schema {
  return object(
    {
      type: string(typeDescription),
      status: string("True, False or Unknown."),
      ...extra,
      lastTransitionTime: dateTime("When the status last changed."),
      reason: string("Short CamelCase reason for the last transition."),
      message: string("Human-readable details about the last transition."),
    },
    ["type", "status"],
  );
}

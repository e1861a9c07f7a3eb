/**
 * Validation errors as Kubernetes reports them: one cause per field, with the
 * reason kubectl prints (`* spec.replicas: Invalid value: -1: must be greater
 * than or equal to 0`). Kind validators return arrays of these; the API turns
 * them into a 422 Invalid Status.
 */

export type FieldErrorReason =
  | "FieldValueRequired"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueDuplicate"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "FieldValueTypeInvalid";

export interface FieldError {
  readonly reason: FieldErrorReason;
  /** Dotted path with list indexes, e.g. `spec.template.spec.containers[0].name`. */
  readonly field: string;
  /** The complete message, e.g. `Required value` or `Invalid value: "Foo": …`. */
  readonly message: string;
}

/** Renders a value the way Go's validation errors quote it. */
function quote(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || value === undefined) return "null";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function required(field: string, detail?: string): FieldError {
  return { reason: "FieldValueRequired", field, message: detail ? `Required value: ${detail}` : "Required value" };
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { reason: "FieldValueInvalid", field, message: `Invalid value: ${quote(value)}: ${detail}` };
}

export function notSupported(field: string, value: unknown, valid: readonly string[]): FieldError {
  const options = valid.map((v) => JSON.stringify(v)).join(", ");
  return { reason: "FieldValueNotSupported", field, message: `Unsupported value: ${quote(value)}: supported values: ${options}` };
}

export function duplicate(field: string, value: unknown): FieldError {
  return { reason: "FieldValueDuplicate", field, message: `Duplicate value: ${quote(value)}` };
}

export function forbidden(field: string, detail: string): FieldError {
  return { reason: "FieldValueForbidden", field, message: `Forbidden: ${detail}` };
}

export function tooLong(field: string, maxLength: number): FieldError {
  return { reason: "FieldValueTooLong", field, message: `Too long: may not be more than ${maxLength} bytes` };
}

export function typeInvalid(field: string, value: unknown, detail: string): FieldError {
  return { reason: "FieldValueTypeInvalid", field, message: `Invalid value: ${quote(value)}: ${detail}` };
}

/** `field is immutable`, as upstream words it for selectors, clusterIP and the like. */
export function immutable(field: string, value: unknown): FieldError {
  return invalid(field, value, "field is immutable");
}

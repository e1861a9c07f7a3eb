/**
 * Small checks the pod and workload validators share, with upstream's
 * messages (k8s.io/apimachinery/pkg/util/validation and the core validators).
 */
import { invalid, type FieldError } from "../../machinery/field-errors.js";
import { dns1123LabelProblems, dns1123SubdomainProblems, qualifiedNameProblems } from "../../machinery/validation.js";
import type { IntOrString } from "./pod-types.js";

export function inclusiveRange(low: number, high: number): string {
  return `must be between ${low} and ${high}, inclusive`;
}

/** Upstream's RegexError: the message, examples and the pattern used. */
function regexError(message: string, pattern: string, ...examples: string[]): string {
  const shown = examples.map((example) => `'${example}', `).join(" or ");
  return `${message} (e.g. ${shown}regex used for validation is '${pattern}')`;
}

/**
 * `Not found: "x"`. The shared FieldErrorReason union has no
 * FieldValueNotFound yet, so the cause carries the Invalid reason with
 * upstream's NotFound wording.
 */
export function notFound(field: string, value: string, detail?: string): FieldError {
  const message = `Not found: ${JSON.stringify(value)}${detail ? `: ${detail}` : ""}`;
  return { reason: "FieldValueInvalid", field, message };
}

/** An Invalid cause whose value is omitted, as upstream's field.OmitValueType renders it. */
export function invalidWithoutValue(field: string, detail: string): FieldError {
  return { reason: "FieldValueInvalid", field, message: `Invalid value: ${detail}` };
}

/** `Too many: 21: must have at most 20 items`. */
export function tooMany(field: string, count: number, max: number): FieldError {
  return { reason: "FieldValueTooMany", field, message: `Too many: ${count}: must have at most ${max} items` };
}

/** Go's %q of a string list, which upstream uses in "valid values" details: `["a" "b"]`. */
export function quotedList(values: readonly string[]): string {
  return `[${values.map((value) => JSON.stringify(value)).join(" ")}]`;
}

export function nonNegative(field: string, value: number | undefined): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(field, value, "must be greater than or equal to 0")] : [];
}

export function each(problems: readonly string[], field: string, value: unknown): FieldError[] {
  return problems.map((problem) => invalid(field, value, problem));
}

export function validateDNS1123Label(value: string, field: string): FieldError[] {
  return each(dns1123LabelProblems(value), field, value);
}

export function validateDNS1123Subdomain(value: string, field: string): FieldError[] {
  return each(dns1123SubdomainProblems(value), field, value);
}

export function validateQualifiedName(value: string, field: string): FieldError[] {
  return each(qualifiedNameProblems(value), field, value);
}

export function portNumberProblems(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRange(1, 65535)];
}

/** An IANA service name, as container port names and named probe ports must be. */
export function portNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length > 15) problems.push("must be no more than 15 characters");
  if (!/^[-a-z0-9]+$/.test(name)) problems.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(name)) problems.push("must contain at least one letter (a-z)");
  if (name.includes("--")) problems.push("must not contain consecutive hyphens");
  if (name.startsWith("-") || name.endsWith("-")) problems.push("must not begin or end with a hyphen");
  return problems;
}

/** ValidatePortNumOrName: a probe or handler port. */
export function validatePortNumOrName(port: IntOrString | undefined, field: string): FieldError[] {
  if (typeof port === "number") return each(portNumberProblems(port), field, port);
  return each(portNameProblems(port ?? ""), field, port ?? "");
}

/** Relaxed environment variable names (the RelaxedEnvironmentVariableValidation gate, on in 1.32). */
export function envVarNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length === 0) problems.push("environment variable name must be non-empty");
  if ([...name].some((char) => char < " " || char > "~" || char === "=")) {
    problems.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
  }
  return problems;
}

export function configMapKeyProblems(key: string): string[] {
  const problems: string[] = [];
  if (key.length > 253) problems.push("must be no more than 253 characters");
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    problems.push(
      regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"),
    );
  }
  if (key === ".") problems.push("must not be '.'");
  else if (key === "..") problems.push("must not be '..'");
  else if (key.startsWith("..")) problems.push("must not start with '..'");
  return problems;
}

export function httpHeaderNameProblems(name: string): string[] {
  return /^[-A-Za-z0-9]+$/.test(name)
    ? []
    : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", "[-A-Za-z0-9]+", "X-Header-Name")];
}

export function percentProblems(value: string): string[] {
  return /^[0-9]+%$/.test(value)
    ? []
    : [regexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%")];
}

/** Deep equality of JSON values, for immutability checks. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const bKeys = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every((key) => jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

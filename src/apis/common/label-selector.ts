/**
 * metav1.LabelSelector as the workload kinds need it: turned into
 * requirements (upstream's LabelSelectorAsSelector), printed the way kubectl
 * prints SELECTOR columns, matched against template labels, and validated.
 */
import { forbidden, invalid, required, type FieldError } from "../../machinery/field-errors.js";
import { labelValueProblems, qualifiedNameProblems, validateLabels } from "../../machinery/validation.js";

export interface LabelSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

interface Requirement {
  readonly key: string;
  readonly operator: "=" | "in" | "notin" | "exists" | "!";
  readonly values: readonly string[];
}

const OPERATORS: Record<string, Requirement["operator"]> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/**
 * The selector's requirements sorted by key, `undefined` for a nil selector
 * (which selects nothing), or an error for an unknown operator.
 */
function requirements(selector: LabelSelector | undefined): Requirement[] | undefined | Error {
  if (!selector) return undefined;
  const result: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    key,
    operator: "=",
    values: [value],
  }));
  for (const expression of selector.matchExpressions ?? []) {
    const operator = OPERATORS[expression.operator ?? ""];
    if (!operator) return new Error(`"${expression.operator ?? ""}" is not a valid label selector operator`);
    result.push({ key: expression.key ?? "", operator, values: expression.values ?? [] });
  }
  // Array.prototype.sort is stable, so equal keys keep their order as upstream's sort usually does.
  return result.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function formatRequirement({ key, operator, values }: Requirement): string {
  const sorted = [...values].sort().join(",");
  switch (operator) {
    case "=":
      return `${key}=${values[0] ?? ""}`;
    case "in":
    case "notin":
      return `${key} ${operator} (${sorted})`;
    case "exists":
      return key;
    case "!":
      return `!${key}`;
  }
}

/** The selector as a selector string (`app=web,tier in (a,b)`); empty for nil or empty selectors. */
export function labelSelectorString(selector: LabelSelector | undefined): string | Error {
  const parsed = requirements(selector);
  if (parsed instanceof Error) return parsed;
  return (parsed ?? []).map(formatRequirement).join(",");
}

/** Upstream's FormatLabelSelector: the selector string, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = labelSelectorString(selector);
  if (text instanceof Error) return "<error>";
  return text === "" ? "<none>" : text;
}

/** Upstream's FormatLabels: `k=v` pairs sorted by key, or `<none>`. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const text = Object.keys(labels ?? {})
    .sort()
    .map((key) => `${key}=${labels?.[key] ?? ""}`)
    .join(",");
  return text === "" ? "<none>" : text;
}

function matchesRequirement({ key, operator, values }: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, key);
  const value = labels[key];
  switch (operator) {
    case "=":
    case "in":
      return has && value !== undefined && values.includes(value);
    case "notin":
      return !has || value === undefined || !values.includes(value);
    case "exists":
      return has;
    case "!":
      return !has;
  }
}

/**
 * Whether the selector selects objects with these labels. A nil selector
 * selects nothing and an empty one everything; an invalid one is reported by
 * validation, so it matches nothing here.
 */
export function labelSelectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  const parsed = requirements(selector);
  if (parsed === undefined || parsed instanceof Error) return false;
  return parsed.every((requirement) => matchesRequirement(requirement, labels ?? {}));
}

/** Whether the selector has no terms (and so selects everything). */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) === 0;
}

/** Upstream's ValidateLabelSelector (label values in selectors must be valid). */
export function validateLabelSelector(selector: LabelSelector | undefined, path: string): FieldError[] {
  if (!selector) return [];
  const errors = validateLabels(selector.matchLabels, `${path}.matchLabels`);
  (selector.matchExpressions ?? []).forEach((expression, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const values = expression.values ?? [];
    switch (expression.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) errors.push(required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) {
          errors.push(forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
        break;
      default:
        errors.push(invalid(`${at}.operator`, expression.operator ?? "", "not a valid selector operator"));
    }
    for (const problem of qualifiedNameProblems(expression.key ?? "")) errors.push(invalid(`${at}.key`, expression.key ?? "", problem));
    values.forEach((value, j) => {
      for (const problem of labelValueProblems(value)) errors.push(invalid(`${at}.values[${j}]`, value, problem));
    });
  });
  return errors;
}


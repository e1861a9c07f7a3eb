/**
 * metav1.LabelSelector as the kinds declare it, validated, printed the way
 * kubectl prints SELECTOR columns and matched against labels; conversion
 * and matching are machinery/labels.ts's (upstream's LabelSelectorAsSelector).
 */
import { forbidden, invalid, required, type FieldError } from "../../machinery/field-errors.js";
import { labelSelectorString as selectorString, matchesLabels, selectorFromLabelSelector } from "../../machinery/labels.js";
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

/** The selector as a selector string (`app=web,tier in (a,b)`); empty for nil or empty selectors. */
export function labelSelectorString(selector: LabelSelector | undefined): string | Error {
  const parsed = selectorFromLabelSelector(selector);
  return parsed.ok ? selectorString(parsed.value) : new Error(parsed.error);
}

/** Upstream's FormatLabels: `k=v` pairs sorted by key, or `<none>`. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const text = Object.keys(labels ?? {})
    .sort()
    .map((key) => `${key}=${labels?.[key] ?? ""}`)
    .join(",");
  return text === "" ? "<none>" : text;
}

/**
 * Whether the selector selects objects with these labels. A nil selector
 * selects nothing and an empty one everything; an invalid one is reported by
 * validation, so it matches nothing here.
 */
export function labelSelectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  const parsed = selectorFromLabelSelector(selector);
  return parsed.ok && matchesLabels(parsed.value, labels);
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


/**
 * Field selectors (`?fieldSelector=metadata.name=x,status.phase!=Running`):
 * comma-separated equality terms over the few string fields a kind exposes.
 * Syntax, escaping and messages follow k8s.io/apimachinery/pkg/fields.
 * Which field names exist is the API's business: it checks
 * fieldSelectorKeys against the kind and answers
 * `field label not supported: <name>` itself.
 */
import type { ParseResult } from "./labels.js";

export interface FieldRequirement {
  readonly field: string;
  /** `==` is read as `=`, as upstream does. */
  readonly operator: "=" | "!=";
  readonly value: string;
}

/** Terms that must all hold; none matches everything. */
export type FieldSelector = readonly FieldRequirement[];

/** Checked longest first, so `a==b` is not read as `a` = `=b`. */
const OPERATORS = ["!=", "==", "="] as const;

export function parseFieldSelector(text: string): ParseResult<FieldSelector> {
  const requirements: FieldRequirement[] = [];
  // Sorted as upstream sorts them, so the first error reported is the same one.
  for (const term of splitTerms(text).sort()) {
    if (term === "") continue;
    const split = splitTerm(term);
    if (split === undefined) return { ok: false, error: `invalid selector: '${text}'; can't understand '${term}'` };
    const value = unescapeValue(split.rest);
    if (!value.ok) return value;
    requirements.push({ field: split.field, operator: split.operator === "!=" ? "!=" : "=", value: value.value });
  }
  return { ok: true, value: requirements };
}

/** Splits on commas that are not escaped with a backslash. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (escaped) escaped = false;
    else if (ch === "\\") escaped = true;
    else if (ch === ",") {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** The field name has no escaping: the first operator found splits the term. */
function splitTerm(term: string): { field: string; operator: (typeof OPERATORS)[number]; rest: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    const operator = OPERATORS.find((op) => term.startsWith(op, i));
    if (operator) return { field: term.slice(0, i), operator, rest: term.slice(i + operator.length) };
  }
  return undefined;
}

/**
 * Values escape `\`, `,` and `=` with a backslash. An unescaped `,` already
 * ended the term, so only `=` can be left over here.
 */
function unescapeValue(raw: string): ParseResult<string> {
  let value = "";
  let escaped = false;
  for (const ch of raw) {
    if (escaped) {
      if (ch !== "\\" && ch !== "," && ch !== "=") {
        return { ok: false, error: `invalid field selector: invalid escape sequence: \\${ch}` };
      }
      value += ch;
      escaped = false;
    } else if (ch === "\\") {
      escaped = true;
    } else if (ch === "=") {
      // Go prints the rune with %v, which is its code point: "61" for "=".
      return { ok: false, error: `invalid field selector: unescaped character in value: ${ch.codePointAt(0)}` };
    } else {
      value += ch;
    }
  }
  if (escaped) return { ok: false, error: "invalid field selector: invalid escape sequence: \\" };
  return { ok: true, value };
}

/** A field the object lacks reads as "", so `spec.nodeName=` finds unscheduled pods. */
export function matchesFields(selector: FieldSelector, fields: Readonly<Record<string, string>>): boolean {
  return selector.every(({ field, operator, value }) => {
    const actual = Object.hasOwn(fields, field) ? fields[field] : "";
    return operator === "=" ? actual === value : actual !== value;
  });
}

/** The field names a selector uses, each once, for the API to check against the kind. */
export function fieldSelectorKeys(selector: FieldSelector): string[] {
  return [...new Set(selector.map((requirement) => requirement.field))];
}

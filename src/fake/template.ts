/**
 * Stage templates: YAML trees whose strings may hold `{{ expression }}`.
 *
 * kwok renders a Go text template to YAML text and parses the result. We
 * template the tree instead: a string that is exactly one `{{ … }}` becomes
 * the expression's value with its type (a list, a number), a string with
 * text around expressions is interpolated, and everything else is kept. So
 * values never need quoting in the template, nothing a pod carries (an image
 * name, an annotation) can inject YAML, and nothing is parsed per render —
 * which matters at 10,000 pods. Three directives, written as objects, cover
 * what kwok's stages use `range` and `if` for:
 *
 *   { $range: .spec.containers, $each: <tree> }            one item per element
 *       (`.` is the element, `$index` its index); inside a list its items are spliced in
 *   { $if: "{{ expr }}", $then: <tree>, $else: <tree> }    either branch; a missing one leaves the field out
 *   { $merge: [<tree>, …] }                                 objects merged left to right
 *
 * Other keys starting with `$` (strategic merge patch directives such as
 * `$patch`) are plain keys.
 */
import { evaluate, parseExpression, type Expr, type Scope } from "./expression.js";
import { truthy, type StageEnvironment } from "./functions.js";
import { isJsonMap } from "../machinery/merge-patch.js";
import { cloneJson, setMember } from "../machinery/clone.js";

export type Template =
  | { readonly type: "literal"; readonly value: string | number | boolean | null }
  | { readonly type: "expr"; readonly expr: Expr }
  | { readonly type: "interpolate"; readonly parts: readonly (string | Expr)[] }
  | { readonly type: "object"; readonly entries: readonly (readonly [string, Template])[] }
  | { readonly type: "array"; readonly items: readonly Template[] }
  | { readonly type: "range"; readonly source: Expr; readonly each: Template }
  | { readonly type: "if"; readonly condition: Expr; readonly then?: Template; readonly else?: Template }
  | { readonly type: "merge"; readonly parts: readonly Template[] };

export type TemplateResult = { readonly ok: true; readonly value: Template } | { readonly ok: false; readonly errors: readonly string[] };

const DIRECTIVES = {
  $range: ["$range", "$each"],
  $if: ["$if", "$then", "$else"],
  $merge: ["$merge"],
} as const;
const BRANCH_KEYS = new Set(["$each", "$then", "$else"]);
const EXPRESSION = /\{\{(.*?)\}\}/gs;

/** Compiles a parsed YAML value; `at` names its place in the stage file for error messages. */
export function compileTemplate(source: unknown, at: string): TemplateResult {
  const errors: string[] = [];
  const value = compile(source, at, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

function compile(source: unknown, at: string, errors: string[]): Template {
  if (typeof source === "string") return compileString(source, at, errors);
  if (source === null || typeof source === "number" || typeof source === "boolean") return { type: "literal", value: source };
  if (Array.isArray(source)) return { type: "array", items: source.map((item, i) => compile(item, `${at}[${i}]`, errors)) };
  if (!isJsonMap(source)) {
    errors.push(`${at}: unsupported value`);
    return { type: "literal", value: null };
  }
  const directive = Object.keys(DIRECTIVES).find((key) => key in source) as keyof typeof DIRECTIVES | undefined;
  if (directive) return compileDirective(directive, source, at, errors);
  const entries = Object.entries(source).map(([key, value]) => {
    if (BRANCH_KEYS.has(key)) errors.push(`${at}.${key}: only allowed beside ${key === "$each" ? "$range" : "$if"}`);
    return [key, compile(value, `${at}.${key}`, errors)] as const;
  });
  return { type: "object", entries };
}

function compileDirective(directive: keyof typeof DIRECTIVES, source: Record<string, unknown>, at: string, errors: string[]): Template {
  const allowed: readonly string[] = DIRECTIVES[directive];
  for (const key of Object.keys(source)) {
    if (!allowed.includes(key)) errors.push(`${at}.${key}: not allowed beside ${directive}`);
  }
  const branch = (key: string): Template | undefined => (key in source ? compile(source[key], `${at}.${key}`, errors) : undefined);
  switch (directive) {
    case "$range": {
      const each = branch("$each");
      if (!each) errors.push(`${at}: $range needs $each`);
      return { type: "range", source: wholeExpression(source.$range, `${at}.$range`, errors), each: each ?? { type: "literal", value: null } };
    }
    case "$if": {
      const [then, otherwise] = [branch("$then"), branch("$else")];
      return { type: "if", condition: wholeExpression(source.$if, `${at}.$if`, errors), ...(then ? { then } : {}), ...(otherwise ? { else: otherwise } : {}) };
    }
    case "$merge": {
      const parts = source.$merge;
      if (!Array.isArray(parts)) errors.push(`${at}.$merge: must be a list`);
      return { type: "merge", parts: Array.isArray(parts) ? parts.map((part, i) => compile(part, `${at}.$merge[${i}]`, errors)) : [] };
    }
    default:
      return directive satisfies never;
  }
}

/** A directive's operand: one expression, with or without its `{{ }}`. */
function wholeExpression(source: unknown, at: string, errors: string[]): Expr {
  if (typeof source === "string") {
    const inner = /^\s*\{\{(.*)\}\}\s*$/s.exec(source)?.[1] ?? (source.includes("{{") ? undefined : source);
    const parsed = inner === undefined ? undefined : parseExpression(inner);
    if (parsed?.ok) return parsed.value;
    if (parsed) {
      errors.push(`${at}: ${parsed.error}`);
      return { type: "literal", value: null };
    }
  }
  errors.push(`${at}: must be one expression, e.g. "{{ .spec.containers }}"`);
  return { type: "literal", value: null };
}

function compileString(source: string, at: string, errors: string[]): Template {
  const parts: (string | Expr)[] = [];
  let last = 0;
  for (const match of source.matchAll(EXPRESSION)) {
    if (match.index > last) parts.push(source.slice(last, match.index));
    const parsed = parseExpression(match[1] ?? "");
    if (parsed.ok) parts.push(parsed.value);
    else errors.push(`${at}: ${parsed.error}`);
    last = match.index + match[0].length;
  }
  if (last === 0) return { type: "literal", value: source };
  if (last < source.length) parts.push(source.slice(last));
  const [only] = parts;
  if (parts.length === 1 && only !== undefined && typeof only !== "string") return { type: "expr", expr: only };
  return { type: "interpolate", parts };
}

/** Renders a template against `object`; undefined means "leave this field out". */
export function renderTemplate(template: Template, object: unknown, env: StageEnvironment): unknown {
  return render(template, { dot: object, root: object, index: undefined }, env);
}

function render(template: Template, scope: Scope, env: StageEnvironment): unknown {
  switch (template.type) {
    case "literal":
      return template.value;
    case "expr": {
      // Values read from the object are copied: the result becomes a patch, the object is a shared cache entry.
      const value = evaluate(template.expr, scope, env);
      return typeof value === "object" && value !== null ? cloneJson(value) : value;
    }
    case "interpolate":
      return template.parts.map((part) => (typeof part === "string" ? part : display(evaluate(part, scope, env)))).join("");
    case "object": {
      const result: Record<string, unknown> = {};
      for (const [key, value] of template.entries) {
        const rendered = render(value, scope, env);
        if (rendered !== undefined) setMember(result, key, rendered);
      }
      return result;
    }
    case "array":
      return template.items.flatMap((item) => {
        const rendered = render(item, scope, env);
        if (rendered === undefined) return [];
        return item.type === "range" ? (rendered as unknown[]) : [rendered];
      });
    case "range": {
      const items = evaluate(template.source, scope, env);
      if (!Array.isArray(items)) return [];
      return items.map((item, index) => render(template.each, { dot: item, root: scope.root, index }, env)).filter((v) => v !== undefined);
    }
    case "if": {
      const branch = truthy(evaluate(template.condition, scope, env)) ? template.then : template.else;
      return branch ? render(branch, scope, env) : undefined;
    }
    case "merge": {
      const merged: Record<string, unknown> = {};
      for (const part of template.parts) {
        const rendered = render(part, scope, env);
        if (isJsonMap(rendered)) for (const [key, value] of Object.entries(rendered)) setMember(merged, key, value);
      }
      return merged;
    }
    default:
      return template satisfies never;
  }
}

function display(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

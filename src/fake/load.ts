/**
 * Reads stages from YAML: a list of stages, each
 *
 *   - name: pod-ready
 *     resourceRef: { apiGroup: "", kind: Pod }      # "v1" also means the core group
 *     selector:
 *       matchLabels: { … }
 *       matchAnnotations: { … }
 *       matchExpressions:
 *         - { key: .status.phase, operator: In, values: [Pending] }
 *     delay: { durationMilliseconds: 1000, jitterDurationMilliseconds: 2000 }
 *     weight: 1
 *     next:
 *       status: { … template, see template.ts … }
 *       finalizers: { add: [ … ], remove: [ … ], empty: false }
 *       delete: false
 *       event: { type: Normal, reason: Started, message: "…{{ .metadata.name }}…" }
 *
 * kwok's Stage objects without the apiVersion/kind/spec wrapping. Every
 * problem is reported (with where it is), not only the first; unknown
 * fields are errors, so a misspelt key does not silently do nothing.
 */
import { parse } from "yaml";
import { isJsonMap } from "../machinery/merge-patch.js";
import { parsePath } from "./path.js";
import { OPERATORS, type FieldRequirement, type Operator, type StageSelector } from "./selector.js";
import type { ResourceRef, Stage, StageDelay, StageEvent, StageNext } from "./stage.js";
import { compileTemplate, type Template } from "./template.js";

export type LoadResult = { readonly ok: true; readonly stages: readonly Stage[] } | { readonly ok: false; readonly errors: readonly string[] };

type Fields = Record<string, unknown>;

/** Collects problems while reading one stage file. */
class Reader {
  readonly errors: string[] = [];

  object(value: unknown, at: string, allowed: readonly string[]): Fields | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isJsonMap(value)) {
      this.errors.push(`${at}: must be an object`);
      return undefined;
    }
    for (const key of Object.keys(value)) if (!allowed.includes(key)) this.errors.push(`${at}.${key}: unknown field`);
    return value;
  }

  string(value: unknown, at: string, options: { required?: boolean } = {}): string | undefined {
    if (value === undefined || value === null) {
      if (options.required) this.errors.push(`${at}: required`);
      return undefined;
    }
    if (typeof value !== "string" || (options.required && value === "")) {
      this.errors.push(`${at}: must be a${options.required ? " non-empty" : ""} string`);
      return undefined;
    }
    return value;
  }

  count(value: unknown, at: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      this.errors.push(`${at}: must be a whole number ≥ 0`);
      return undefined;
    }
    return value;
  }

  strings(value: unknown, at: string): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")) {
      this.errors.push(`${at}: must be a list of strings`);
      return [];
    }
    return value.map(String);
  }

  stringMap(value: unknown, at: string): Record<string, string> {
    if (value === undefined || value === null) return {};
    if (!isJsonMap(value) || !Object.values(value).every((v) => typeof v === "string")) {
      this.errors.push(`${at}: must map strings to strings`);
      return {};
    }
    return value as Record<string, string>;
  }

  template(value: unknown, at: string): Template | undefined {
    const compiled = compileTemplate(value, at);
    if (compiled.ok) return compiled.value;
    this.errors.push(...compiled.errors);
    return undefined;
  }
}

/** "v1", "core" and "" name the core group; "apps/v1" names "apps". */
function apiGroupOf(value: string): string {
  if (value === "v1" || value === "core") return "";
  return value.includes("/") ? value.slice(0, value.indexOf("/")) : value;
}

function readResourceRef(r: Reader, value: unknown, at: string): ResourceRef | undefined {
  const ref = r.object(value, at, ["apiGroup", "kind"]);
  if (!ref) {
    r.errors.push(`${at}: required`);
    return undefined;
  }
  const kind = r.string(ref.kind, `${at}.kind`, { required: true });
  const apiGroup = r.string(ref.apiGroup, `${at}.apiGroup`) ?? "";
  return kind === undefined ? undefined : { apiGroup: apiGroupOf(apiGroup), kind };
}

function readRequirement(r: Reader, value: unknown, at: string): FieldRequirement | undefined {
  const fields = r.object(value, at, ["key", "operator", "values"]);
  if (!fields) return undefined;
  const key = r.string(fields.key, `${at}.key`, { required: true });
  const path = key === undefined ? undefined : parsePath(key);
  if (path && !path.ok) r.errors.push(`${at}.key: ${path.error}`);
  const operator = r.string(fields.operator, `${at}.operator`, { required: true });
  if (operator !== undefined && !(OPERATORS as readonly string[]).includes(operator)) {
    r.errors.push(`${at}.operator: must be one of ${OPERATORS.join(", ")}`);
  }
  const values = r.strings(fields.values, `${at}.values`);
  const needsValues = operator === "In" || operator === "NotIn";
  if (needsValues && values.length === 0) r.errors.push(`${at}.values: required for ${operator}`);
  if (!needsValues && values.length > 0) r.errors.push(`${at}.values: must be empty for ${operator}`);
  if (!path?.ok || !(OPERATORS as readonly string[]).includes(operator ?? "")) return undefined;
  return { path: path.value, operator: operator as Operator, values };
}

function readSelector(r: Reader, value: unknown, at: string): StageSelector {
  const fields = r.object(value, at, ["matchLabels", "matchAnnotations", "matchExpressions"]) ?? {};
  const expressions = fields.matchExpressions ?? [];
  if (!Array.isArray(expressions)) r.errors.push(`${at}.matchExpressions: must be a list`);
  return {
    matchLabels: r.stringMap(fields.matchLabels, `${at}.matchLabels`),
    matchAnnotations: r.stringMap(fields.matchAnnotations, `${at}.matchAnnotations`),
    matchExpressions: (Array.isArray(expressions) ? expressions : [])
      .map((e, i) => readRequirement(r, e, `${at}.matchExpressions[${i}]`))
      .filter((e): e is FieldRequirement => e !== undefined),
  };
}

function readDelay(r: Reader, value: unknown, at: string): StageDelay {
  const fields = r.object(value, at, ["durationMilliseconds", "jitterDurationMilliseconds"]) ?? {};
  const jitter = r.count(fields.jitterDurationMilliseconds, `${at}.jitterDurationMilliseconds`);
  return { durationMilliseconds: r.count(fields.durationMilliseconds, `${at}.durationMilliseconds`) ?? 0, ...(jitter !== undefined ? { jitterDurationMilliseconds: jitter } : {}) };
}

function readEvent(r: Reader, value: unknown, at: string): StageEvent | undefined {
  const fields = r.object(value, at, ["type", "reason", "message"]);
  if (!fields) return undefined;
  const type = r.string(fields.type, `${at}.type`) ?? "Normal";
  if (type !== "Normal" && type !== "Warning") r.errors.push(`${at}.type: must be Normal or Warning`);
  const reason = r.string(fields.reason, `${at}.reason`, { required: true }) ?? "";
  const message = r.template(r.string(fields.message, `${at}.message`) ?? "", `${at}.message`) ?? { type: "literal", value: "" };
  return { type: type === "Warning" ? "Warning" : "Normal", reason, message };
}

function readNext(r: Reader, value: unknown, at: string): StageNext {
  const fields = r.object(value, at, ["status", "finalizers", "delete", "event"]);
  if (!fields || Object.keys(fields).length === 0) r.errors.push(`${at}: must do something (status, finalizers, delete or event)`);
  const next = fields ?? {};
  if (next.delete !== undefined && typeof next.delete !== "boolean") r.errors.push(`${at}.delete: must be true or false`);
  if (next.status !== undefined && !isJsonMap(next.status)) r.errors.push(`${at}.status: must be an object`);
  const status = isJsonMap(next.status) ? r.template(next.status, `${at}.status`) : undefined;
  const finalizers = r.object(next.finalizers, `${at}.finalizers`, ["add", "remove", "empty"]);
  if (finalizers?.empty !== undefined && typeof finalizers.empty !== "boolean") r.errors.push(`${at}.finalizers.empty: must be true or false`);
  const event = readEvent(r, next.event, `${at}.event`);
  return {
    delete: next.delete === true,
    ...(status ? { status } : {}),
    ...(finalizers
      ? { finalizers: { add: r.strings(finalizers.add, `${at}.finalizers.add`), remove: r.strings(finalizers.remove, `${at}.finalizers.remove`), empty: finalizers.empty === true } }
      : {}),
    ...(event ? { event } : {}),
  };
}

function readStage(r: Reader, value: unknown, at: string): Stage | undefined {
  const before = r.errors.length;
  const fields = r.object(value, at, ["name", "resourceRef", "selector", "delay", "weight", "next"]);
  if (!fields) {
    if (r.errors.length === before) r.errors.push(`${at}: must be an object`);
    return undefined;
  }
  const name = r.string(fields.name, `${at}.name`, { required: true });
  const stage = {
    resourceRef: readResourceRef(r, fields.resourceRef, `${at}.resourceRef`),
    selector: readSelector(r, fields.selector, `${at}.selector`),
    delay: readDelay(r, fields.delay, `${at}.delay`),
    weight: r.count(fields.weight, `${at}.weight`) ?? 0,
    next: readNext(r, fields.next, `${at}.next`),
  };
  if (r.errors.length > before || name === undefined || stage.resourceRef === undefined) return undefined;
  return { name, ...stage, resourceRef: stage.resourceRef };
}

/** Parses and checks a stage file. Problems come back as values, each naming where it is. */
export function loadStages(text: string): LoadResult {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error: unknown) {
    return { ok: false, errors: [`invalid YAML: ${error instanceof Error ? error.message : String(error)}`] };
  }
  if (!Array.isArray(document)) return { ok: false, errors: ["a stage file must be a YAML list of stages"] };
  const r = new Reader();
  const stages = document.map((item, i) => readStage(r, item, `stages[${i}]`)).filter((s): s is Stage => s !== undefined);
  const seen = new Set<string>();
  for (const stage of stages) {
    if (seen.has(stage.name)) r.errors.push(`stages: the name ${JSON.stringify(stage.name)} is used twice`);
    seen.add(stage.name);
  }
  return r.errors.length > 0 ? { ok: false, errors: r.errors } : { ok: true, stages };
}

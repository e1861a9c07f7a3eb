/**
 * Paths into an object, as stage selectors and templates name fields:
 *
 *   .status.phase                          a field
 *   .metadata.annotations["mini.dev/fake"] a field whose name has dots or slashes
 *   .metadata.ownerReferences[].kind       every item of a list, then a field of each
 *   .status.conditions[type=Ready].status  the items whose `type` is `Ready`
 *
 * kwok spells these as jq programs; this is the small part of jq its stages
 * use, without a jq interpreter. A path yields every value it reaches.
 */
import { getMember, isJsonMap } from "../machinery/merge-patch.js";

export type PathSegment =
  | { readonly type: "field"; readonly name: string }
  | { readonly type: "each" }
  | { readonly type: "where"; readonly field: string; readonly value: string };

export interface Path {
  readonly text: string;
  readonly segments: readonly PathSegment[];
  /** True when the path goes through `[]`: it names a list of values rather than one. */
  readonly many: boolean;
}

export type PathResult = { readonly ok: true; readonly value: Path } | { readonly ok: false; readonly error: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*/;

export function parsePath(text: string): PathResult {
  if (!text.startsWith(".")) return { ok: false, error: `path ${JSON.stringify(text)} must start with "."` };
  const segments: PathSegment[] = [];
  let rest = text === "." ? "" : text;
  while (rest.length > 0) {
    if (rest.startsWith(".[")) rest = rest.slice(1);
    if (rest.startsWith("[")) {
      const end = closingBracket(rest);
      if (end < 0) return { ok: false, error: `path ${JSON.stringify(text)} has an unclosed "["` };
      const segment = bracketSegment(rest.slice(1, end));
      if (!segment) return { ok: false, error: `path ${JSON.stringify(text)} has an invalid selector ${rest.slice(0, end + 1)}` };
      segments.push(segment);
      rest = rest.slice(end + 1);
      continue;
    }
    const name = rest.startsWith(".") ? IDENTIFIER.exec(rest.slice(1))?.[0] : undefined;
    if (!name) return { ok: false, error: `path ${JSON.stringify(text)} is invalid at ${JSON.stringify(rest)}` };
    segments.push({ type: "field", name });
    rest = rest.slice(1 + name.length);
  }
  return { ok: true, value: { text, segments, many: segments.some((s) => s.type === "each") } };
}

/** The index of the `]` closing the bracket `text` starts with, skipping quoted strings. */
export function closingBracket(text: string): number {
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === "\\") i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') {
      quoted = true;
    } else if (char === "]") {
      return i;
    }
  }
  return -1;
}

function bracketSegment(inner: string): PathSegment | undefined {
  if (inner === "") return { type: "each" };
  if (inner.startsWith('"')) {
    const name = jsonString(inner);
    return name === undefined ? undefined : { type: "field", name };
  }
  const equals = inner.indexOf("=");
  const field = inner.slice(0, equals);
  if (equals < 0 || IDENTIFIER.exec(field)?.[0] !== field) return undefined;
  const raw = inner.slice(equals + 1);
  const value = raw.startsWith('"') ? jsonString(raw) : raw;
  return value === undefined || value === "" ? undefined : { type: "where", field, value };
}

function jsonString(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined; // not a JSON string literal: the caller reports the whole bracket
  }
}

/** Every value the path reaches from `root`; absent and null values are left out. */
export function evaluatePath(path: Path, root: unknown): unknown[] {
  let values: unknown[] = [root];
  for (const segment of path.segments) {
    switch (segment.type) {
      case "field":
        values = values.flatMap((v) => (isJsonMap(v) ? [getMember(v, segment.name)] : []));
        break;
      case "each":
        values = values.flatMap((v) => (Array.isArray(v) ? v : []));
        break;
      case "where":
        values = values.flatMap((v) =>
          Array.isArray(v) ? v.filter((item) => isJsonMap(item) && scalarText(getMember(item, segment.field)) === segment.value) : [],
        );
        break;
      default:
        return segment satisfies never;
    }
    values = values.filter((v) => v !== undefined && v !== null);
  }
  return values;
}

/** What a template reads: the list for a `[]` path, else the first value reached (or undefined). */
export function pathValue(path: Path, root: unknown): unknown {
  const values = evaluatePath(path, root);
  return path.many ? values : values[0];
}

/** Selector values are strings: scalars compare by their text, as kwok compares them. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

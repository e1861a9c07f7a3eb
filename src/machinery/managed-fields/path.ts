/**
 * Path elements, spelled as FieldsV1 spells them, so a field set's keys are
 * the wire format itself:
 *
 * - `f:<name>`: a field of a struct or a key of a map;
 * - `k:{"name":"app"}`: an item of a map-list, by its key fields (sorted);
 * - `v:"value"`: an item of a set-list, by its value;
 * - `i:<n>`: an item by index (never produced by our schemas: lists without
 *   keys are atomic; kept so that any FieldsV1 a client sends decodes).
 *
 * `describePath` renders a path as upstream's conflict messages do:
 * `.spec.containers[name="app"].image`, `.metadata.finalizers[="x"]`.
 */
import { isJsonMap } from "../merge-patch.js";

export type PathElement = string;
export type Path = readonly PathElement[];

export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** Key fields are written sorted by name, as upstream sorts its key field lists. */
export function keyElement(keys: Readonly<Record<string, unknown>>): PathElement {
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(keys).sort()) sorted[name] = keys[name];
  return `k:${JSON.stringify(sorted)}`;
}

export function valueElement(value: unknown): PathElement {
  return `v:${JSON.stringify(value)}`;
}

/** Orders elements as upstream serializes them: fields, then keys, values, indexes. */
const ELEMENT_ORDER: Readonly<Record<string, number>> = { f: 0, k: 1, v: 2, i: 3 };

export function compareElements(a: PathElement, b: PathElement): number {
  const byType = (ELEMENT_ORDER[a[0] ?? ""] ?? 4) - (ELEMENT_ORDER[b[0] ?? ""] ?? 4);
  if (byType !== 0) return byType;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isPathElement(text: string): boolean {
  if (text.length < 2 || text[1] !== ":") return false;
  const type = text[0];
  if (type === "f") return true;
  if (type === "i") return /^i:\d+$/.test(text);
  if (type !== "k" && type !== "v") return false;
  try {
    const parsed: unknown = JSON.parse(text.slice(2));
    return type === "v" || isJsonMap(parsed);
  } catch (error: unknown) {
    if (error instanceof SyntaxError) return false;
    throw error;
  }
}

/** Go's %v of a key value: strings quoted, numbers and booleans bare. */
function showValue(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

export function describeElement(element: PathElement): string {
  const body = element.slice(2);
  switch (element[0]) {
    case "f":
      return `.${body}`;
    case "k": {
      const keys = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.entries(keys).map(([name, value]) => `${name}=${showValue(value)}`).join(",")}]`;
    }
    case "v":
      return `[=${showValue(JSON.parse(body))}]`;
    case "i":
      return `[${body}]`;
    default:
      return "{{invalid path element}}";
  }
}

export function describePath(path: Path): string {
  return path.map(describeElement).join("");
}

/**
 * The JSONPath subset printer columns and selectable fields use:
 * `.spec.size`, `.spec.items[0].name`, `.metadata.labels['app']`, `[*]`
 * and equality filters such as `.status.conditions[?(@.type=="Ready")].status`.
 */

export type Step = { readonly field: string } | { readonly index: number } | { readonly all: true } | { readonly filter: { path: string[]; value: string } };

const STEP = /^(?:\.([^.[\]]+)|\[(\d+)\]|\[\*\]|\['([^']*)'\]|\["([^"]*)"\]|\[\?\(@((?:\.[^.=!)\s]+)+)\s*==\s*(?:"([^"]*)"|'([^']*)')\)\])/;

export type ParsedPath = { readonly ok: true; readonly steps: readonly Step[] } | { readonly ok: false; readonly error: string };

/** Parses a path; syntax beyond the subset is an error value. */
export function parseJsonPath(path: string): ParsedPath {
  let rest = path.trim().replace(/^\{(.*)\}$/, "$1").replace(/^\$/, "");
  const steps: Step[] = [];
  while (rest) {
    const match = STEP.exec(rest);
    if (!match) return { ok: false, error: `Unsupported JSONPath ${JSON.stringify(path)} at ${JSON.stringify(rest)}` };
    const [whole, field, index, quotedSingle, quotedDouble, filterPath, filterDouble, filterSingle] = match;
    if (field !== undefined) steps.push({ field });
    else if (index !== undefined) steps.push({ index: Number(index) });
    else if (quotedSingle !== undefined || quotedDouble !== undefined) steps.push({ field: quotedSingle ?? quotedDouble ?? "" });
    else if (filterPath !== undefined) steps.push({ filter: { path: filterPath.slice(1).split("."), value: filterDouble ?? filterSingle ?? "" } });
    else steps.push({ all: true });
    rest = rest.slice(whole.length);
  }
  return { ok: true, steps };
}

function child(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/** Every value the path selects in `root`. */
export function evaluateJsonPath(steps: readonly Step[], root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if ("field" in step) next.push(child(value, step.field));
      else if ("index" in step) next.push(Array.isArray(value) ? value[step.index] : undefined);
      else if (Array.isArray(value)) {
        if ("all" in step) next.push(...value);
        else next.push(...value.filter((item) => String(step.filter.path.reduce(child, item as unknown)) === step.filter.value));
      }
    }
    current = next.filter((value) => value !== undefined);
  }
  return current;
}

/**
 * The manager a write is recorded under: the `fieldManager` query
 * parameter, else the User-Agent up to its first `/` (`kubectl/v1.32.0 …`
 * gives `kubectl`), as upstream derives it. kubectl names its own managers
 * (`kubectl-create`, `kubectl-edit`, `kubectl-client-side-apply`, …) in
 * the query.
 */
import { invalid, required, tooLong, type FieldError } from "../field-errors.js";
import { invalidObject } from "../status.js";

/** Upstream's FieldManagerMaxLength. */
const MAX_LENGTH = 128;

/** Letters, marks, numbers, punctuation, symbols and the ASCII space: Go's unicode.IsPrint. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export type WriteVerb = "CreateOptions" | "UpdateOptions" | "PatchOptions";

/** Upstream's ValidateFieldManager, as the 422 for the verb's options kind. */
function validateManager(manager: string): FieldError[] {
  const errors: FieldError[] = [];
  if (Buffer.byteLength(manager) > MAX_LENGTH) errors.push(tooLong("fieldManager", MAX_LENGTH));
  let position = 0;
  for (const character of manager) {
    if (!PRINTABLE.test(character)) {
      const code = character.codePointAt(0) ?? 0;
      errors.push(invalid("fieldManager", manager, `invalid character U+${code.toString(16).toUpperCase().padStart(4, "0")} (at position ${position})`));
    }
    position += Buffer.byteLength(character);
  }
  return errors;
}

function fromUserAgent(userAgent: string): string {
  let prefix = "";
  for (const character of userAgent.split("/")[0] ?? "") {
    if (!PRINTABLE.test(character)) continue;
    if (Buffer.byteLength(prefix + character) > MAX_LENGTH) break;
    prefix += character;
  }
  return prefix;
}

/**
 * The manager of a write. `requireForApply` makes a missing fieldManager the
 * 422 upstream answers to an apply patch without one.
 */
export function writeManager(query: URLSearchParams, userAgent: string | undefined, options: { verb: WriteVerb; apply?: boolean }): string {
  const requested = query.get("fieldManager") ?? "";
  const errors = validateManager(requested);
  if (options.apply && requested === "") errors.unshift(required("fieldManager", "is required for apply patch"));
  if (errors.length) throw invalidObject({ group: "meta.k8s.io", plural: "", kind: options.verb }, "", errors);
  return requested || fromUserAgent(userAgent ?? "");
}

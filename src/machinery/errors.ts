/**
 * Reading caught values: `catch` gives `unknown`, and Node's system errors
 * carry their kind in `code`.
 */

export function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && error.code === code;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A file or directory that is not there (ENOENT): often an expected answer, not a failure. */
export function isMissingFile(error: unknown): boolean {
  return hasCode(error, "ENOENT");
}

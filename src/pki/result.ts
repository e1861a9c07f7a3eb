/**
 * The module boundary: exceptions inside, `PkiResult` values outside.
 */
import type { PkiResult } from "./types.js";

/** Runs `work` and turns a thrown error into a failed result whose message starts with `what`. */
export async function attempt<T>(what: string, work: () => Promise<T>): Promise<PkiResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: new Error(`${what}: ${reason}`, { cause: error }) };
  }
}

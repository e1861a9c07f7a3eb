/**
 * The attempt number of a container that has no earlier container in the
 * runtime (the first start, or the first after `mini down` removed every
 * container): one past the highest `<attempt>.log` already in the
 * container's log directory, as upstream's calcRestartCountByLogDir
 * reckons it. Starting again at 0 would make containerd append the new
 * run to the old run's `0.log`, so `kubectl logs` would show both.
 */
import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { isMissingFile } from "../machinery/errors.js";

/** `3.log`, and its rotations `3.log.20261125-220000` / `.gz`. */
const ATTEMPT_LOG = /^(\d+)\.log(\..*)?$/;

export async function attemptAfterLogs(containerLogDirectory: string): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await readdir(containerLogDirectory, { withFileTypes: true });
  } catch (error: unknown) {
    if (isMissingFile(error)) return 0;
    throw error;
  }
  let next = 0;
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const attempt = ATTEMPT_LOG.exec(entry.name)?.[1];
    if (attempt !== undefined) next = Math.max(next, Number(attempt) + 1);
  }
  return next;
}

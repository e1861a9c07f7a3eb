/**
 * Logs go with what wrote them, as upstream's container garbage collector
 * does it: a removed container's log files (the current one and its
 * rotations) are deleted before the container, and a removed pod's log
 * directory (`<logs>/<namespace>_<name>_<uid>`) with the pod. The runtime
 * deletes neither: the files are the kubelet's, named by its sandbox and
 * container configs. A dead container still kept (for `kubectl logs
 * --previous`) keeps its log.
 */
import { readdir, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { KubeletRuntime } from "./runtime.js";
import { isMissingFile } from "../machinery/errors.js";

/** Where the pods' log directories are: upstream's /var/log/pods, under the data dir. */
export function podLogsDir(dataDir: string): string {
  return join(dataDir, "logs", "pods");
}


/** The names in a directory; none when it is not there. */
async function entriesOf(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error: unknown) {
    if (isMissingFile(error)) return [];
    throw error;
  }
}

/** Deletes a container's log file and its rotations (`<log>.<stamp>`, `.gz`, `.tmp`). */
export async function removeLogFiles(logPath: string): Promise<void> {
  const dir = dirname(logPath);
  const name = basename(logPath);
  const entries = await entriesOf(dir);
  const ours = entries.filter((entry) => entry === name || entry.startsWith(`${name}.`));
  await Promise.all(ours.map((entry) => rm(join(dir, entry), { force: true })));
}

/** Removes a container and, first (so nothing is left if the removal is interrupted and retried), its logs. */
export async function removeContainerAndLogs(runtime: KubeletRuntime, id: string): Promise<void> {
  const status = await runtime.containerStatus(id);
  if (status?.logPath) await removeLogFiles(status.logPath);
  await runtime.removeContainer(id);
}

/** The pod uid a log directory belongs to: namespaces and names hold no `_`, so it follows the last one. */
export function logDirectoryUid(directory: string): string {
  return directory.slice(directory.lastIndexOf("_") + 1);
}

/** Deletes the log directories under `logsDir` of pods the kubelet no longer keeps (`keep` says which uids it still does). */
export async function removePodLogDirectories(logsDir: string, keep: (uid: string) => boolean): Promise<void> {
  const entries = await entriesOf(logsDir);
  const gone = entries.filter((entry) => entry.includes("_") && !keep(logDirectoryUid(entry)));
  await Promise.all(gone.map((entry) => rm(join(logsDir, entry), { recursive: true, force: true })));
}

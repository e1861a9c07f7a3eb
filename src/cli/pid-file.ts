/**
 * `<dataDir>/mini.pid`: one mini per data dir. The file is created
 * exclusively, so of two concurrent starts one wins; a file whose process is
 * gone is stale and replaced.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { hasCode } from "../machinery/errors.js";
import { isRunning } from "./processes.js";

export type PidFileLock =
  | { readonly ok: true; release(): Promise<void> }
  | { readonly ok: false; /** The live process holding it. */ readonly pid: number };

/** Writes our pid into `path` unless a live process already holds it. */
export async function acquirePidFile(path: string): Promise<PidFileLock> {
  // Two attempts: the second follows the removal of a stale file.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: "wx", mode: 0o644 });
      return { ok: true, release: () => removePidFile(path, process.pid) };
    } catch (error: unknown) {
      if (!hasCode(error, "EEXIST")) throw error;
    }
    const holder = await readPid(path);
    if (holder !== undefined && isRunning(holder)) return { ok: false, pid: holder };
    await removePidFile(path, holder);
  }
  const holder = await readPid(path);
  if (holder !== undefined) return { ok: false, pid: holder };
  throw new Error(`${path} keeps reappearing; another mini is starting`);
}

/** The pid in `path` when that process is alive; undefined when the file is missing or stale. */
export async function readRunningPid(path: string): Promise<number | undefined> {
  const pid = await readPid(path);
  return pid !== undefined && isRunning(pid) ? pid : undefined;
}

/**
 * Removes `path` if it still names `pid` (undefined: a file without a valid
 * pid), so a successor's fresh file is never taken away.
 */
export async function removePidFile(path: string, pid: number | undefined): Promise<void> {
  const content = await readContent(path);
  if (content === undefined || parsePid(content) !== pid) return;
  await rm(path, { force: true });
}

async function readPid(path: string): Promise<number | undefined> {
  const content = await readContent(path);
  return content === undefined ? undefined : parsePid(content);
}

async function readContent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error: unknown) {
    if (hasCode(error, "ENOENT")) return undefined;
    throw error;
  }
}

function parsePid(content: string): number | undefined {
  const pid = Number(content.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Where a mini keeps its state, and the CLI's files inside it.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const DATA_DIR_OPTION = { "data-dir": { type: "string" } } as const;

/** `--data-dir` as an absolute path (a detached child may run elsewhere). @default ~/.mini */
export function resolveDataDir(flag: string | undefined): string {
  return resolve(flag ?? join(homedir(), ".mini"));
}

/**
 * Creates the data dir and any missing parents, private to the user. Not
 * `mkdir({ recursive: true })`: Node's loops forever under a parent that
 * cannot hold directories (/proc), where this fails with the system's error.
 */
export async function makeDataDir(dataDir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dataDir; !existsSync(at); at = dirname(at)) missing.unshift(at);
  for (const path of missing) await mkdir(path, { mode: 0o700 });
}

/** Holds the pid of the mini serving this data dir, while it runs. */
export function pidFilePath(dataDir: string): string {
  return join(dataDir, "mini.pid");
}

/** Where `mini up --detach` sends the background process's output. */
export function logFilePath(dataDir: string): string {
  return join(dataDir, "mini.log");
}

/**
 * Where a mini keeps its state, and the CLI's files inside it.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export const DATA_DIR_OPTION = { "data-dir": { type: "string" } } as const;

/** `--data-dir` as an absolute path (a detached child may run elsewhere). @default ~/.mini */
export function resolveDataDir(flag: string | undefined): string {
  return resolve(flag ?? join(homedir(), ".mini"));
}

/** Holds the pid of the mini serving this data dir, while it runs. */
export function pidFilePath(dataDir: string): string {
  return join(dataDir, "mini.pid");
}

/** Where `mini up --detach` sends the background process's output. */
export function logFilePath(dataDir: string): string {
  return join(dataDir, "mini.log");
}

/**
 * Writes a volume's files so a reader never sees a half-updated set, as
 * upstream's AtomicWriter does: the files go into a fresh hidden directory
 * `..<timestamp>`, the `..data` symlink is swapped to it with one rename,
 * and each top-level name the user sees is a symlink through `..data`.
 * A payload equal to what is there already writes nothing.
 */
import { chmod, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join, normalize, sep } from "node:path";
import { isMissingFile } from "../../machinery/errors.js";

export interface FileProjection {
  readonly data: Buffer;
  readonly mode: number;
}

/** Relative path → content and mode. */
export type Payload = ReadonlyMap<string, FileProjection>;

const DATA_DIR = "..data";

/** A payload path must stay inside the volume: relative, no `..` element, not hidden as ours are. */
export function validPayloadPath(path: string): boolean {
  if (path === "" || path.startsWith("/") || path.startsWith("..")) return false;
  return !normalize(path).split(sep).includes("..");
}

async function currentPayload(dir: string, payload: Payload): Promise<boolean> {
  try {
    const target = join(dir, await readlink(join(dir, DATA_DIR)));
    const existing = await listFiles(target);
    if (existing.length !== payload.size) return false;
    for (const [path, file] of payload) {
      const content = await readFile(join(target, path));
      if (!content.equals(file.data)) return false;
    }
    return true;
  } catch (error: unknown) {
    if (isMissingFile(error)) return false;
    throw error;
  }
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await listFiles(dir, path)));
    else found.push(path);
  }
  return found;
}

function topLevel(path: string): string {
  return path.split("/")[0] ?? path;
}

/** Makes `dir` hold exactly `payload`; returns whether anything changed. */
export async function writePayload(dir: string, payload: Payload): Promise<boolean> {
  for (const path of payload.keys()) if (!validPayloadPath(path)) throw new Error(`invalid path ${JSON.stringify(path)} in the volume's payload`);
  await mkdir(dir, { recursive: true });
  if (await currentPayload(dir, payload)) return false;
  const stamp = `..${new Date().toISOString().replace(/[:.]/g, "_")}.${process.pid}${Math.random().toString(36).slice(2, 8)}`;
  const fresh = join(dir, stamp);
  await mkdir(fresh);
  for (const [path, file] of payload) {
    await mkdir(dirname(join(fresh, path)), { recursive: true });
    await writeFile(join(fresh, path), file.data, { mode: file.mode });
    // writeFile's mode is masked by the umask; the projected mode must be exact.
    await chmod(join(fresh, path), file.mode);
  }
  let old: string | undefined;
  try {
    old = await readlink(join(dir, DATA_DIR));
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const temporary = join(dir, "..data_tmp");
  await rm(temporary, { force: true });
  await symlink(stamp, temporary);
  await rename(temporary, join(dir, DATA_DIR));
  const wanted = new Set([...payload.keys()].map(topLevel));
  for (const name of wanted) {
    const link = join(dir, name);
    try {
      if ((await readlink(link)) === join(DATA_DIR, name)) continue;
    } catch (error: unknown) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "EINVAL") throw error;
    }
    await rm(link, { recursive: true, force: true });
    await symlink(join(DATA_DIR, name), link);
  }
  for (const entry of await readdir(dir)) {
    if (entry.startsWith("..") || wanted.has(entry)) continue;
    await rm(join(dir, entry), { recursive: true, force: true });
  }
  if (old && old !== stamp) await rm(join(dir, old), { recursive: true, force: true });
  return true;
}

/**
 * hostPath volumes' type checks (upstream's hostPathTypeChecker): the path
 * must be what `type` says, and the *OrCreate types create it first.
 */
import { lstat, mkdir, open, stat } from "node:fs/promises";
import { isMissingFile } from "../../machinery/errors.js";

export type HostPathResult = { ok: true } | { ok: false; message: string };

async function kindOf(path: string): Promise<"directory" | "file" | "socket" | "character device" | "block device" | "other" | undefined> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return "directory";
    if (info.isFile()) return "file";
    if (info.isSocket()) return "socket";
    if (info.isCharacterDevice()) return "character device";
    if (info.isBlockDevice()) return "block device";
    return "other";
  } catch (error: unknown) {
    if (isMissingFile(error)) {
      // A dangling symlink still exists as a path.
      return (await lstat(path).then(() => "other" as const).catch(() => undefined));
    }
    throw error;
  }
}

const EXPECTED: Record<string, string> = {
  Directory: "directory",
  DirectoryOrCreate: "directory",
  File: "file",
  FileOrCreate: "file",
  Socket: "socket",
  CharDevice: "character device",
  BlockDevice: "block device",
};

export async function checkHostPath(path: string, type: string): Promise<HostPathResult> {
  if (type === "") return { ok: true };
  const expected = EXPECTED[type];
  if (!expected) return { ok: false, message: `hostPath type ${JSON.stringify(type)} is not supported` };
  let found = await kindOf(path);
  if (found === undefined && type === "DirectoryOrCreate") {
    await mkdir(path, { recursive: true, mode: 0o755 });
    found = "directory";
  } else if (found === undefined && type === "FileOrCreate") {
    await (await open(path, "a", 0o644)).close();
    found = "file";
  }
  if (found === expected) return { ok: true };
  if (found === undefined) return { ok: false, message: `hostPath type check failed: ${path} does not exist` };
  return { ok: false, message: `hostPath type check failed: ${path} is not a ${expected}` };
}

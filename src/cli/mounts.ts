/**
 * Mounts left under a data dir. A pod's `emptyDir: {medium: Memory}` is a
 * tmpfs under `<data dir>/pods`, and a killed containerd can leave rootfs and
 * shm mounts under its root and state: `rm -rf` over them fails with EBUSY
 * (or empties a mount that something still uses), so `mini down --purge`
 * unmounts them first, deepest first.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Octal escapes the kernel writes in mountinfo paths (space, tab, newline, backslash). */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/**
 * The mount points at or below `dir` in a /proc/self/mountinfo text, deepest
 * first, each once (a path mounted over twice needs one unmount per layer,
 * which unmounting again on the next purge handles).
 */
export function mountsUnder(dir: string, mountinfo: string): string[] {
  const root = dir.replace(/\/+$/, "");
  const found = new Set<string>();
  for (const line of mountinfo.split("\n")) {
    // Field 5 is the mount point: "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw".
    const field = line.split(" ")[4];
    if (field === undefined) continue;
    const point = unescapeMountPath(field);
    if (point === root || point.startsWith(`${root}/`)) found.add(point);
  }
  return [...found].sort((a, b) => b.split("/").length - a.split("/").length || b.localeCompare(a));
}

/** Unmounts everything under `dir`; rejects with the first unmount that fails. */
export async function unmountAllUnder(dir: string): Promise<string[]> {
  const mounts = mountsUnder(dir, await readFile("/proc/self/mountinfo", "utf8"));
  for (const point of mounts) {
    try {
      await run("umount", [point]);
    } catch (error: unknown) {
      const detail = error instanceof Error && "stderr" in error ? String(error.stderr).trim() : String(error);
      throw new Error(`cannot unmount ${point}: ${detail}`);
    }
  }
  return mounts;
}

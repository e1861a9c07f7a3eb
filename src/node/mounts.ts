/**
 * The host's mounts under a directory, from /proc/self/mountinfo. A pod's
 * `emptyDir: {medium: Memory}` is a tmpfs under `<data dir>/pods`, and a
 * killed containerd can leave rootfs and shm mounts under its root and
 * state: `rm -rf` over them fails with EBUSY (or empties a mount something
 * still uses), so the kubelet tearing a pod down and `mini down --purge`
 * unmount them first, deepest first.
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
 * The mount points below `dir` (not `dir` itself: a data dir on its own
 * volume stays mounted) in a /proc/self/mountinfo text, deepest first, each
 * once; a path mounted over twice shows again after its first unmount.
 */
export function mountsUnder(dir: string, mountinfo: string): string[] {
  const root = dir.replace(/\/+$/, "");
  const found = new Set<string>();
  for (const line of mountinfo.split("\n")) {
    // Field 5 is the mount point: "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw".
    const field = line.split(" ")[4];
    if (field === undefined) continue;
    const point = unescapeMountPath(field);
    if (point.startsWith(`${root}/`)) found.add(point);
  }
  return [...found].sort((a, b) => b.split("/").length - a.split("/").length || b.localeCompare(a));
}

/** Mounts stacked on one path that one purge unmounts, layer by layer, before giving up. */
const MAX_LAYERS = 8;

function readMountinfo(): Promise<string> {
  return readFile("/proc/self/mountinfo", "utf8");
}

/** Whether something is mounted exactly at `path`. */
export async function isMountPoint(path: string): Promise<boolean> {
  const parent = path.replace(/\/+$/, "").replace(/\/[^/]*$/, "");
  return mountsUnder(parent, await readMountinfo()).includes(path.replace(/\/+$/, ""));
}

/** Unmounts everything under `dir`, stacked mounts too; rejects with the first unmount that fails. */
export async function unmountAllUnder(dir: string): Promise<void> {
  for (let layer = 0; layer < MAX_LAYERS; layer++) {
    const mounts = mountsUnder(dir, await readMountinfo());
    if (mounts.length === 0) return;
    for (const point of mounts) {
      try {
        await run("umount", [point]);
      } catch (error: unknown) {
        const detail = error instanceof Error && "stderr" in error ? String(error.stderr).trim() : String(error);
        throw new Error(`cannot unmount ${point}: ${detail}`);
      }
    }
  }
  throw new Error(`mounts under ${dir} are stacked more than ${MAX_LAYERS} deep`);
}

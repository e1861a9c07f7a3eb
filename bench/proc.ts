/**
 * Figures about a process read from /proc: resident memory and CPU time.
 * A process that has gone since it was listed (a pod's shim just deleted)
 * counts as zero: it holds no memory and uses no more CPU.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Clock ticks per second, the unit of the CPU times in /proc/<pid>/stat. */
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined;
  }
}

export function rssMiB(pid: number): number {
  const status = readProc(pid, "status");
  return status === undefined ? 0 : Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? "0") / 1024;
}

/**
 * User plus system CPU seconds. With `children`, also those of the children
 * it has waited for: runc and the CNI plugins run for milliseconds each and
 * are only ever seen that way.
 */
export function cpuSeconds(pid: number, options: { readonly children?: boolean } = {}): number {
  const stat = readProc(pid, "stat");
  if (stat === undefined) return 0;
  // Fields after the command name (which may hold spaces) start at field 3; utime, stime, cutime, cstime are 14 to 17.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields.slice(11, options.children ? 15 : 13).reduce((sum, field) => sum + Number(field), 0) / CLOCK_TICKS;
}

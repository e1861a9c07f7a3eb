/**
 * Other processes, seen by pid: alive or not, and waiting for one to end.
 */
import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { hasCode } from "../machinery/errors.js";

const POLL_MS = 50;

/**
 * Whether `pid` is a live process this user owns. A process of another user
 * (EPERM) does not count: a pid file that points at one is left over from a
 * mini that has gone, its pid reused (typically by a system daemon after a
 * reboot), and we could not signal it anyway.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error: unknown) {
    if (hasCode(error, "ESRCH") || hasCode(error, "EPERM")) return false;
    throw error;
  }
  return !isZombie(pid);
}

/** Waits until `pid` has exited; false when it still runs after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() >= deadline) return false;
    await delay(POLL_MS);
  }
  return true;
}

/**
 * An exited process whose parent has not reaped it still answers signal 0.
 * Linux shows its state in /proc; elsewhere there is no cheap way to tell,
 * and reaping parents make it rare.
 */
function isZombie(pid: number): boolean {
  if (process.platform !== "linux") return false;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch (error: unknown) {
    if (hasCode(error, "ENOENT")) return false; // exited between kill(0) and here; the next look says so
    throw error;
  }
  // The state follows the command name, which is in parentheses and may itself hold spaces or ")".
  return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
}

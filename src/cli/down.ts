/**
 * `mini down`: stop the mini of a data dir, and with --purge remove the data dir.
 */
import { readdir, rm } from "node:fs/promises";
import { EXIT, defineCommand, failure } from "./command.js";
import { DATA_DIR_OPTION, pidFilePath, resolveDataDir } from "./data-dir.js";
import { hasCode, messageOf } from "../machinery/errors.js";
import { unmountAllUnder } from "../node/mounts.js";
import { containerdPaths } from "../node/paths.js";
import { createLogger } from "../log.js";
import { readRunningPid, removePidFile } from "./pid-file.js";
import { waitForExit } from "./processes.js";

/** How long a clean shutdown may take before SIGKILL. */
const STOP_TIMEOUT_MS = 15_000;
/** How long the kernel may take to end a killed process. */
const KILL_TIMEOUT_MS = 5_000;
/** Entries only a mini data dir has: --purge refuses a directory with none of them. */
const DATA_DIR_MARKERS = ["pki", "kubeconfig", "state.db", "mini.pid", "mini.log"];

export const down = defineCommand({
  name: "down",
  summary: "Stop mini (--purge also removes its data dir)",
  usage: `Usage: mini down [flags]

Stop the mini serving a data dir: SIGTERM, then SIGKILL if it has not
stopped after 15 seconds. Pods and containerd that a killed mini left
running are stopped too.

Flags:
  --data-dir DIR   The data dir of the mini to stop (default ~/.mini)
  --purge          Also remove the data dir: state, certificates, kubeconfig
                   (unmounting what pods left mounted in it)
  -h, --help       Show this help
`,
  options: { ...DATA_DIR_OPTION, purge: { type: "boolean" } },
  async run(flags) {
    const dataDir = resolveDataDir(flags["data-dir"]);
    const stopped = await stop(dataDir);
    if (stopped !== EXIT.ok) return stopped;
    const orphans = await stopOrphanedRuntime(dataDir);
    if (orphans !== EXIT.ok || flags.purge !== true) return orphans;
    return purge(dataDir);
  },
});

async function stop(dataDir: string): Promise<number> {
  const pidFile = pidFilePath(dataDir);
  const pid = await readRunningPid(pidFile);
  if (pid === undefined) {
    await removePidFile(pidFile, undefined);
    process.stdout.write(`mini is not running (data dir ${dataDir})\n`);
    return EXIT.ok;
  }
  signal(pid, "SIGTERM");
  if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) {
    process.stderr.write(`mini down: pid ${pid} did not stop within ${STOP_TIMEOUT_MS / 1000}s; killing it\n`);
    signal(pid, "SIGKILL");
    if (!(await waitForExit(pid, KILL_TIMEOUT_MS))) return failure("down", `pid ${pid} is still running after SIGKILL`);
  }
  // A clean stop removed it already; a killed process could not.
  await removePidFile(pidFile, pid);
  process.stdout.write(`mini stopped (pid ${pid})\n`);
  return EXIT.ok;
}

/**
 * A mini killed with SIGKILL leaves its containerd, and the pods in it,
 * running (a restarted mini adopts them). Stopping mini means stopping
 * them too: adopt that containerd as `mini up` would, remove every pod
 * sandbox, stop it, and take down the pod network.
 */
async function stopOrphanedRuntime(dataDir: string): Promise<number> {
  const pid = await readRunningPid(containerdPaths(dataDir).pidFile);
  if (pid === undefined) return EXIT.ok;
  const { startNodeRuntime } = await import("../node/index.js");
  const adopted = await startNodeRuntime({ dataDir, log: createLogger("mini down") });
  if (!adopted.ok) return failure("down", `containerd (pid ${pid}) left by a killed mini is still running and cannot be stopped: ${adopted.message}`);
  await adopted.runtime.close();
  process.stdout.write(`stopped containerd (pid ${pid}) and the pods a killed mini left running\n`);
  return EXIT.ok;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error: unknown) {
    // Gone between the check and the signal: that is what we wanted.
    if (!hasCode(error, "ESRCH")) throw error;
  }
}

async function purge(dataDir: string): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir(dataDir);
  } catch (error: unknown) {
    if (!hasCode(error, "ENOENT")) throw error;
    process.stdout.write(`${dataDir} does not exist; nothing to remove\n`);
    return EXIT.ok;
  }
  if (entries.length > 0 && !entries.some((entry) => DATA_DIR_MARKERS.includes(entry))) {
    const why = "does not look like a mini data dir (no pki, kubeconfig or state.db); not removing it";
    return failure("down", `${dataDir} ${why}`);
  }
  try {
    await unmountAllUnder(dataDir);
  } catch (error: unknown) {
    return failure("down", `${messageOf(error)}; not removing ${dataDir}`);
  }
  try {
    await rm(dataDir, { recursive: true, force: true });
  } catch (error: unknown) {
    return failure("down", `cannot remove ${dataDir}: ${messageOf(error)}`);
  }
  process.stdout.write(`removed ${dataDir}\n`);
  return EXIT.ok;
}

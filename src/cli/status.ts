/**
 * `mini status`: whether the mini of a data dir runs, where, and whether it
 * is ready. The exit code says the same for scripts: 0 ready, 1 running but
 * not ready, 3 not running.
 */
import { loadPki, readKubeconfigServer } from "../pki/index.js";
import { EXIT, defineCommand } from "./command.js";
import { DATA_DIR_OPTION, pidFilePath, resolveDataDir } from "./data-dir.js";
import { readRunningPid } from "./pid-file.js";
import { probeReadyz } from "./readyz.js";

export const status = defineCommand({
  name: "status",
  summary: "Show whether mini is running and ready",
  usage: `Usage: mini status [flags]

Show whether the mini of a data dir is running, its URL and its /readyz
answer. Exit code: 0 ready, 1 running but not ready, 3 not running.

Flags:
  --data-dir DIR   The data dir to look at (default ~/.mini)
  -h, --help       Show this help
`,
  options: DATA_DIR_OPTION,
  async run(flags) {
    const dataDir = resolveDataDir(flags["data-dir"]);
    const pid = await readRunningPid(pidFilePath(dataDir));
    const lines: Line[] = [["data dir", dataDir]];
    if (pid === undefined) {
      print([...lines, ["running", "no"]]);
      return EXIT.notRunning;
    }
    lines.push(["running", `yes (pid ${pid})`]);
    const server = await readKubeconfigServer(dataDir);
    if (!server.ok) return notChecked(lines, server.error);
    const pki = await loadPki(dataDir);
    if (!pki.ok) return notChecked(lines, pki.error);
    const readiness = await probeReadyz(server.value, { pki: pki.value });
    print([...lines, ["url", server.value], ["readyz", readiness.ready ? "ok" : `failed: ${readiness.reason}`]]);
    return readiness.ready ? EXIT.ok : EXIT.failure;
  },
});

type Line = readonly [label: string, value: string];

function notChecked(lines: readonly Line[], error: Error): number {
  print([...lines, ["readyz", `not checked: ${error.message}`]]);
  return EXIT.failure;
}

function print(lines: readonly Line[]): void {
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  process.stdout.write(lines.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}\n`).join(""));
}

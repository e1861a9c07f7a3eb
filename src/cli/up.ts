/**
 * `mini up`: start a cluster on this machine, in the foreground or detached.
 */
import { defineCommand, usageError } from "./command.js";
import { DATA_DIR_OPTION, resolveDataDir } from "./data-dir.js";
import { detach } from "./detach.js";
import { serve } from "./serve.js";

export const up = defineCommand({
  name: "up",
  summary: "Start mini (in the foreground, or in the background with --detach)",
  usage: `Usage: mini up [flags]

Start a cluster: create its CA and certificates on first use, serve the API
over HTTPS and write an admin kubeconfig. Runs until Ctrl-C or SIGTERM.

Flags:
  --data-dir DIR   Where state, certificates and the kubeconfig live (default ~/.mini)
  --port PORT      HTTPS port; 0 picks a free one (default 6443)
  --host ADDRESS   Address to listen on (default 127.0.0.1; 0.0.0.0 for every address)
  --detach         Run in the background, output to <data-dir>/mini.log; return once ready
  -v, --verbose    Log more: -v for info, -vv for debug
  -h, --help       Show this help
`,
  options: {
    ...DATA_DIR_OPTION,
    port: { type: "string" },
    host: { type: "string" },
    detach: { type: "boolean" },
    verbose: { type: "boolean", short: "v", multiple: true },
  },
  async run(flags) {
    const port = parsePort(flags.port ?? "6443");
    if (port === undefined) {
      return usageError("up", `--port must be a number from 0 to 65535, not ${JSON.stringify(flags.port)}`);
    }
    const settings = {
      dataDir: resolveDataDir(flags["data-dir"]),
      host: flags.host ?? "127.0.0.1",
      port,
      verbosity: flags.verbose?.length ?? 0,
    };
    return flags.detach === true ? detach(settings) : serve(settings);
  },
});

function parsePort(text: string): number | undefined {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  return port <= 65535 ? port : undefined;
}

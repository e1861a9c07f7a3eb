/**
 * `mini up`: start a cluster on this machine, in the foreground or detached.
 */
import { defineCommand, usageError } from "./command.js";
import { DATA_DIR_OPTION, resolveDataDir } from "./data-dir.js";
import { detach } from "./detach.js";
import { serve } from "./serve.js";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadStages, type FakeNodesOptions } from "../fake/index.js";
import { messageOf } from "./errors.js";

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
  --fake-nodes N   Run N simulated nodes (kwok-style: pods on them become Running without containers)
  --fake-node-cpu Q, --fake-node-memory Q, --fake-node-pods N
                   Capacity of each simulated node (default 4, 8Gi, 110)
  --stages FILE    Replace the simulated nodes' default stages with those in FILE (YAML)
  -v, --verbose    Log more: -v for info, -vv for debug
  -h, --help       Show this help
`,
  options: {
    ...DATA_DIR_OPTION,
    port: { type: "string" },
    host: { type: "string" },
    detach: { type: "boolean" },
    "fake-nodes": { type: "string" },
    "fake-node-cpu": { type: "string" },
    "fake-node-memory": { type: "string" },
    "fake-node-pods": { type: "string" },
    stages: { type: "string" },
    verbose: { type: "boolean", short: "v", multiple: true },
  },
  async run(flags) {
    const port = parsePort(flags.port ?? "6443");
    if (port === undefined) {
      return usageError("up", `--port must be a number from 0 to 65535, not ${JSON.stringify(flags.port)}`);
    }
    const fake = parseFakeNodes(flags);
    if (typeof fake === "string") return usageError("up", fake);
    const settings = {
      dataDir: resolveDataDir(flags["data-dir"]),
      host: flags.host ?? "127.0.0.1",
      port,
      verbosity: flags.verbose?.length ?? 0,
      ...(fake ? { fakeNodes: fake.options, forwardedArgs: fake.args } : {}),
    };
    return flags.detach === true ? detach(settings) : serve(settings);
  },
});

function parsePort(text: string): number | undefined {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  return port <= 65535 ? port : undefined;
}

interface FakeFlags {
  readonly "fake-nodes"?: string | undefined;
  readonly "fake-node-cpu"?: string | undefined;
  readonly "fake-node-memory"?: string | undefined;
  readonly "fake-node-pods"?: string | undefined;
  readonly stages?: string | undefined;
}

/** The simulated-node settings, the flags to hand a detached child, or a usage error. */
function parseFakeNodes(flags: FakeFlags): { options: FakeNodesOptions; args: string[] } | string | undefined {
  if (flags["fake-nodes"] === undefined) {
    return flags.stages === undefined ? undefined : "--stages needs --fake-nodes";
  }
  const count = Number(flags["fake-nodes"]);
  if (!Number.isInteger(count) || count < 0 || count > 100_000) return `--fake-nodes must be a whole number from 0 to 100000, not ${JSON.stringify(flags["fake-nodes"])}`;
  const pods = Number(flags["fake-node-pods"] ?? "110");
  if (!Number.isInteger(pods) || pods < 1) return `--fake-node-pods must be a positive whole number, not ${JSON.stringify(flags["fake-node-pods"])}`;
  let stagesText: string | undefined;
  if (flags.stages !== undefined) {
    try {
      stagesText = readFileSync(flags.stages, "utf8");
    } catch (error: unknown) {
      return `--stages: cannot read ${flags.stages}: ${messageOf(error)}`;
    }
    const loaded = loadStages(stagesText);
    if (!loaded.ok) return `--stages: ${flags.stages} is not a valid stage file:\n  ${loaded.errors.join("\n  ")}`;
  }
  const options: FakeNodesOptions = {
    count,
    pods,
    ...(flags["fake-node-cpu"] ? { cpu: flags["fake-node-cpu"] } : {}),
    ...(flags["fake-node-memory"] ? { memory: flags["fake-node-memory"] } : {}),
    ...(stagesText !== undefined ? { stagesText } : {}),
  };
  const args = ["--fake-nodes", String(count), "--fake-node-pods", String(pods)];
  if (flags["fake-node-cpu"]) args.push("--fake-node-cpu", flags["fake-node-cpu"]);
  if (flags["fake-node-memory"]) args.push("--fake-node-memory", flags["fake-node-memory"]);
  if (flags.stages !== undefined) args.push("--stages", resolve(flags.stages));
  return { options, args };
}

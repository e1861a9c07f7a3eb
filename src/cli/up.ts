/**
 * `mini up`: start a cluster on this machine, in the foreground or detached.
 */
import { defineCommand, usageError } from "./command.js";
import { DATA_DIR_OPTION, resolveDataDir } from "./data-dir.js";
import { detach } from "./detach.js";
import { serve } from "./serve.js";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FakeNodesOptions } from "../fake/index.js";
import { messageOf } from "../machinery/errors.js";
import { parseRuntimeFlags } from "./runtime-flags.js";
import { parseKubeletFlags } from "./kubelet-flags.js";
import { parseGoDuration } from "../machinery/duration.js";

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
  --node-monitor-grace-period D
                   How long a node may miss heartbeats before it is NotReady (default 40s)
  --job-backoff D  First delay before a Job replaces a failed pod, doubling after each (default 10s)
  --runtime R      containerd: run pods in real containers (needs root, containerd, runc and
                   the CNI plugins); none: no container runtime (simulated nodes only).
                   Default: containerd when it can run, else none with a one-line notice
  --containerd-socket PATH
                   Use the containerd already serving PATH instead of starting one
  --pod-cidr CIDR  The node's pod addresses (default: a /24 in 10.224.0.0/12 derived from --data-dir)
  --cni-bridge NAME
                   The pods' Linux bridge (default: derived from --data-dir)
  --node-name NAME The name the kubelet registers its Node under (default: the host name)
  --kubelet-config FILE
                   A KubeletConfiguration (kubelet.config.k8s.io/v1beta1) for the kubelet
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
    "node-monitor-grace-period": { type: "string" },
    "job-backoff": { type: "string" },
    runtime: { type: "string" },
    "containerd-socket": { type: "string" },
    "pod-cidr": { type: "string" },
    "cni-bridge": { type: "string" },
    "node-name": { type: "string" },
    "kubelet-config": { type: "string" },
    verbose: { type: "boolean", short: "v", multiple: true },
  },
  async run(flags) {
    const port = parsePort(flags.port ?? "6443");
    if (port === undefined) {
      return usageError("up", `--port must be a number from 0 to 65535, not ${JSON.stringify(flags.port)}`);
    }
    const fake = await parseFakeNodes(flags);
    if (typeof fake === "string") return usageError("up", fake);
    const tuning = parseTuning(flags);
    if (typeof tuning === "string") return usageError("up", tuning);
    const runtime = parseRuntimeFlags(flags);
    if (typeof runtime === "string") return usageError("up", runtime);
    const kubelet = parseKubeletFlags(flags);
    if (typeof kubelet === "string") return usageError("up", kubelet);
    const settings = {
      dataDir: resolveDataDir(flags["data-dir"]),
      host: flags.host ?? "127.0.0.1",
      port,
      verbosity: flags.verbose?.length ?? 0,
      ...(fake ? { fakeNodes: fake.options } : {}),
      controllerSettings: tuning.settings,
      ...(runtime.request ? { runtime: runtime.request } : {}),
      kubelet: kubelet.settings,
      forwardedArgs: [...(fake?.args ?? []), ...tuning.args, ...runtime.args, ...kubelet.args],
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
async function parseFakeNodes(flags: FakeFlags): Promise<{ options: FakeNodesOptions; args: string[] } | string | undefined> {
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
    // Loaded only here: the stage engine's code is not needed before the server starts it.
    const { loadStages } = await import("../fake/load.js");
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

/** Controller timings from the flags, and the same flags for a detached child. */
function parseTuning(flags: { "node-monitor-grace-period"?: string | undefined; "job-backoff"?: string | undefined }): { settings: { nodeGracePeriodMs?: number; jobBackoffMs?: number }; args: string[] } | string {
  const settings: { nodeGracePeriodMs?: number; jobBackoffMs?: number } = {};
  const args: string[] = [];
  const grace = flags["node-monitor-grace-period"];
  if (grace !== undefined) {
    const ms = parseGoDuration(grace);
    if (ms === undefined || ms <= 0) return `--node-monitor-grace-period must be a duration such as 40s, not ${JSON.stringify(grace)}`;
    settings.nodeGracePeriodMs = ms;
    args.push("--node-monitor-grace-period", grace);
  }
  const backoff = flags["job-backoff"];
  if (backoff !== undefined) {
    const ms = parseGoDuration(backoff);
    if (ms === undefined || ms <= 0) return `--job-backoff must be a duration such as 10s, not ${JSON.stringify(backoff)}`;
    settings.jobBackoffMs = ms;
    args.push("--job-backoff", backoff);
  }
  return { settings, args };
}

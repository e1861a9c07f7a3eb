/**
 * Pods on the real node: `mini up --runtime containerd` to the Node's Ready
 * condition (a new data dir, then an existing one), then pods of the busybox
 * `sleep` test image (imported first, so no pull is timed) from create to
 * Running and Ready: one pod at a time, then 30 at once. Every time is read
 * from a watch, as a separate client sees it.
 *
 * Where the time goes is told by CPU time, not by wrapping anything in the
 * server: mini's own process against containerd with its shims (CNI plugins
 * and runc are their reaped children, so counted with them), each over the
 * wall time of the phase. Then the idle memory of mini with 30 pods running,
 * and a clean stop: pods deleted, `mini down`, no containerd left behind.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { buildTestImages } from "../fixtures/images/build.js";
import { findNodeBinaries, missingRuntimeMessage } from "../src/node/binaries.js";
import { containerdPaths } from "../src/node/paths.js";
import { BenchClient, check, median, percentile } from "./client.js";
import { miniCommand, startMiniProcess, type MiniProcess } from "./process.js";
import { WatchStream, type WatchObject } from "./watch.js";
import { cpuSeconds, rssMiB } from "./proc.js";

const NAMESPACE = "bench";
const LABEL = "app=node-bench";
/** Pods on a real node take seconds, not minutes: waiting longer than this means something is stuck. */
const WAIT_MS = 120_000;
const SINGLE_POD_RUNS = 5;
const MANY_PODS = 30;
const IDLE_MS = 10_000;
const RESTARTS = 3;

/** The containerd mini started for `dataDir` (run with `--config <its config>`) and its shims (with `-address <its socket>`). */
function runtimeProcesses(dataDir: string): number[] {
  const paths = containerdPaths(dataDir);
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue; // Exited since the listing.
    }
    if (argv.includes(paths.config) || argv.includes(paths.socket)) pids.push(Number(entry));
  }
  return pids;
}

function runtimeCpuSeconds(dataDir: string): number {
  return runtimeProcesses(dataDir).reduce((sum, pid) => sum + cpuSeconds(pid, { children: true }), 0);
}

function conditionTrue(object: WatchObject, type: string): { lastHeartbeatTime?: string } | undefined {
  const conditions = (object.status?.["conditions"] ?? []) as { type?: string; status?: string; lastHeartbeatTime?: string }[];
  return conditions.find((c) => c.type === type && c.status === "True");
}

/**
 * `mini up --runtime containerd` on `dataDir`, the seconds from starting it to its Node posting Ready,
 * and the CPU seconds mini used by then (steadier than the wall time on a shared machine).
 */
async function upToNodeReady(dataDir: string): Promise<{ mini: MiniProcess; seconds: number; cpuSeconds: number }> {
  // An existing data dir holds the Node as the last run left it, Ready perhaps: only a heartbeat of this run counts.
  const sinceEpochMs = Math.floor(Date.now() / 1000) * 1000;
  const start = performance.now();
  const mini = await startMiniProcess(dataDir, ["--runtime", "containerd"]);
  let ready = false;
  const nodes = new WatchStream("/api/v1/nodes", {
    baseUrl: mini.url,
    credentials: mini.credentials,
    onEvent: ({ object }) => {
      const heartbeat = conditionTrue(object, "Ready")?.lastHeartbeatTime;
      if (heartbeat !== undefined && Date.parse(heartbeat) >= sinceEpochMs) ready = true;
    },
  });
  try {
    const readyAt = await nodes.until("the Node Ready", () => ready, { timeoutMs: WAIT_MS, progress: () => "not Ready" });
    return { mini, seconds: (readyAt - start) / 1000, cpuSeconds: mini.cpuSeconds() };
  } catch (error: unknown) {
    await mini.stop();
    throw error;
  } finally {
    nodes.close();
  }
}

/** `mini <args>`, with the executable the benchmark runs; throws with its output when it fails. */
function runMini(args: readonly string[]): void {
  const { command, args: prefix } = miniCommand();
  execFileSync(command, [...prefix, ...args], { stdio: "pipe" });
}

/** Kills what is left of this data dir's containerd and shims (a mini that failed half-way leaves them); returns their pids. */
function killRuntimeLeft(dataDir: string): number[] {
  const left = runtimeProcesses(dataDir);
  for (const pid of left) process.kill(pid, "SIGKILL");
  return left;
}

/** `mini down`, then checks that neither containerd nor a shim of this data dir is left. */
async function down(mini: MiniProcess, dataDir: string): Promise<void> {
  runMini(["down", "--data-dir", dataDir]);
  await mini.stop();
  const left = killRuntimeLeft(dataDir);
  if (left.length > 0) throw new Error(`mini down left runtime processes running (killed now): ${left.join(", ")}`);
}

function pod(name: string, image: string): object {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: "node-bench" } },
    // sleep is PID 1 and ignores SIGTERM: a short grace period keeps deletion from timing the default 30 s.
    spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "sleep", image }] },
  };
}

/**
 * Per pod, the time it was created, the time a watch first saw it bound to the node (the control plane's
 * part ends there) and Running with Ready True; and the pods gone.
 */
class PodTimes {
  readonly createdAt = new Map<string, number>();
  readonly boundAt = new Map<string, number>();
  readonly readyAt = new Map<string, number>();
  readonly #stream: WatchStream;
  #gone = 0;

  constructor(mini: MiniProcess) {
    this.#stream = new WatchStream(`/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=${encodeURIComponent(LABEL)}`, {
      baseUrl: mini.url,
      credentials: mini.credentials,
      onEvent: ({ type, object }) => {
        const name = object.metadata.name ?? "";
        if (type === "DELETED") {
          this.#gone++;
          return;
        }
        if (!this.boundAt.has(name) && object.spec?.["nodeName"]) this.boundAt.set(name, performance.now());
        if (!this.readyAt.has(name) && object.status?.["phase"] === "Running" && conditionTrue(object, "Ready")) this.readyAt.set(name, performance.now());
      },
    });
  }

  /** Creates the pods all at once, each timed from its request; resolves when every one is Running and Ready. */
  async run(client: BenchClient, names: readonly string[], image: string): Promise<number> {
    await Promise.all(
      names.map(async (name) => {
        this.createdAt.set(name, performance.now());
        await check(client.send("POST", `/api/v1/namespaces/${NAMESPACE}/pods`, pod(name, image)), 201);
      }),
    );
    return this.#stream.until(`${names.length} pods Running and Ready`, () => names.every((name) => this.readyAt.has(name)), {
      timeoutMs: WAIT_MS,
      progress: () => `${names.filter((name) => this.readyAt.has(name)).length} Running and Ready`,
    });
  }

  /** Deletes the pods; resolves when the watch has seen them all gone. */
  async delete(client: BenchClient, names: readonly string[]): Promise<number> {
    const goal = this.#gone + names.length;
    await Promise.all(names.map((name) => check(client.send("DELETE", `/api/v1/namespaces/${NAMESPACE}/pods/${name}`), 200)));
    return this.#stream.until(`${names.length} pods gone`, () => this.#gone >= goal, { timeoutMs: WAIT_MS, progress: () => `${this.#gone} gone` });
  }

  /** Seconds from create (or, `from: "bound"`, from binding) to Running and Ready, per pod. */
  latenciesSeconds(names: readonly string[], from: "created" | "bound" = "created"): number[] {
    const start = from === "created" ? this.createdAt : this.boundAt;
    return names.map((name) => ((this.readyAt.get(name) ?? Number.NaN) - (start.get(name) ?? Number.NaN)) / 1000);
  }

  close(): void {
    this.#stream.close();
  }
}

interface CpuUse {
  readonly wallSeconds: number;
  readonly miniCpu: number;
  readonly runtimeCpu: number;
}

/**
 * The wall time of a phase, and the CPU seconds mini and the runtime used in it. Only phases that add
 * pods are measured: a shim that exits with its pod takes its CPU time with it.
 */
async function measured(mini: MiniProcess, dataDir: string, phase: () => Promise<unknown>): Promise<CpuUse> {
  const [miniBefore, runtimeBefore, start] = [mini.cpuSeconds(), runtimeCpuSeconds(dataDir), performance.now()];
  await phase();
  return { wallSeconds: (performance.now() - start) / 1000, miniCpu: mini.cpuSeconds() - miniBefore, runtimeCpu: runtimeCpuSeconds(dataDir) - runtimeBefore };
}

/** Per pod, the CPU milliseconds of mini and of containerd with its shims; and each as cores over the wall time. */
function cpuFigures(use: CpuUse, pods: number, what: string, figures: Record<string, number>): void {
  figures[`mini CPU per pod, ${what} (ms)`] = (use.miniCpu * 1000) / pods;
  figures[`containerd + shims CPU per pod, ${what} (ms)`] = (use.runtimeCpu * 1000) / pods;
  figures[`mini CPU over wall time, ${what} (cores)`] = use.miniCpu / use.wallSeconds;
  figures[`containerd + shims CPU over wall time, ${what} (cores)`] = use.runtimeCpu / use.wallSeconds;
}

/** The pod phases on a running mini whose Node is Ready; figures go into `figures` as they are measured. */
async function podPhases(mini: MiniProcess, dataDir: string, imageFile: string, image: string, figures: Record<string, number>): Promise<void> {
  const importStart = performance.now();
  runMini(["image", "import", imageFile, "--data-dir", dataDir]);
  figures["mini image import of the sleep image (s)"] = (performance.now() - importStart) / 1000;

  const client = new BenchClient(mini.url, mini.credentials, MANY_PODS);
  const pods = new PodTimes(mini);
  try {
    await check(client.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } }), 201);

    const single: number[] = [];
    const singleUse = { wallSeconds: 0, miniCpu: 0, runtimeCpu: 0 };
    for (let run = 0; run < SINGLE_POD_RUNS; run++) {
      const name = `single-${run}`;
      const use = await measured(mini, dataDir, () => pods.run(client, [name], image));
      for (const key of Object.keys(singleUse) as (keyof CpuUse)[]) singleUse[key] += use[key];
      single.push(...pods.latenciesSeconds([name]));
      await pods.delete(client, [name]);
    }
    figures[`1 pod, create to Running and Ready, p50 of ${SINGLE_POD_RUNS} (s)`] = median(single);
    figures[`1 pod, create to Running and Ready, p99 of ${SINGLE_POD_RUNS} (s)`] = percentile(single, 99);
    cpuFigures(singleUse, SINGLE_POD_RUNS, "1 pod", figures);

    const names = Array.from({ length: MANY_PODS }, (_, i) => `pod-${String(i).padStart(2, "0")}`);
    const many = await measured(mini, dataDir, () => pods.run(client, names, image));
    const latencies = pods.latenciesSeconds(names);
    figures[`${MANY_PODS} pods at once, create to Running and Ready, p50 (s)`] = median(latencies);
    figures[`${MANY_PODS} pods at once, create to Running and Ready, p99 (s)`] = percentile(latencies, 99);
    // The node's share: from the binding the kubelet reacts to, so a slow control plane shows apart.
    figures[`${MANY_PODS} pods at once, bound to Running and Ready, p50 (s)`] = median(pods.latenciesSeconds(names, "bound"));
    figures[`${MANY_PODS} pods, first create to all Running and Ready (s)`] = many.wallSeconds;
    cpuFigures(many, MANY_PODS, `${MANY_PODS} pods`, figures);

    await new Promise((r) => setTimeout(r, IDLE_MS));
    figures[`mini RSS, ${MANY_PODS} pods running, ${IDLE_MS / 1000} s idle (MiB)`] = mini.rssMiB();
    figures[`containerd + shims RSS, ${MANY_PODS} pods running (MiB)`] = runtimeProcesses(dataDir).reduce((sum, pid) => sum + rssMiB(pid), 0);

    const deleteStart = performance.now();
    const goneAt = await pods.delete(client, names);
    figures[`${MANY_PODS} pods deleted to all gone (s)`] = (goneAt - deleteStart) / 1000;
  } finally {
    pods.close();
    client.close();
  }
}

export async function benchNode(): Promise<Record<string, number>> {
  // Said up front: otherwise all the run reports is that mini did not become ready.
  const found = findNodeBinaries();
  if (!found.ok) throw new Error(`the node benchmark needs containerd: ${missingRuntimeMessage(found.missing)}`);
  if (process.getuid?.() !== 0) throw new Error("the node benchmark needs root: mini runs containerd only as root");
  const figures: Record<string, number> = { "load average, 1 min, at the start": loadavg()[0] ?? Number.NaN };
  const work = mkdtempSync(join(tmpdir(), "mini-bench-node-"));
  const dataDir = join(work, "data");
  try {
    const images = buildTestImages(join(work, "images"));
    const first = await upToNodeReady(dataDir);
    figures["mini up to Node Ready, new data dir (s)"] = first.seconds;
    figures["of which mini up to /readyz (s)"] = first.mini.readyMs / 1000;
    figures["mini CPU until Node Ready, new data dir (s)"] = first.cpuSeconds;
    try {
      await podPhases(first.mini, dataDir, images.sleeper.file, images.sleeper.reference, figures);
    } finally {
      await down(first.mini, dataDir);
    }

    const restarts: { seconds: number; cpuSeconds: number }[] = [];
    for (let run = 0; run < RESTARTS; run++) {
      // A second apart, so that the last run's heartbeats cannot pass for this one's (they have whole seconds).
      await new Promise((r) => setTimeout(r, 1100));
      const again = await upToNodeReady(dataDir);
      restarts.push(again);
      await down(again.mini, dataDir);
    }
    figures[`mini up to Node Ready, existing data dir, median of ${RESTARTS} (s)`] = median(restarts.map((run) => run.seconds));
    figures[`mini CPU until Node Ready, existing data dir, median of ${RESTARTS} (s)`] = median(restarts.map((run) => run.cpuSeconds));
    return figures;
  } catch (error: unknown) {
    // A phase that fails still leaves the figures before it worth printing; the run counts as failed.
    console.error(`node: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return figures;
  } finally {
    const left = killRuntimeLeft(dataDir);
    if (left.length > 0) console.error(`node: killed runtime processes a failed start left: ${left.join(", ")}`);
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * What the control-plane benchmarks share: a `mini up --fake-nodes N --runtime none`
 * process on a temp data dir with a client, counts of Ready nodes and of
 * pods bound, Running and gone (read from watches, as a separate client
 * sees them), and pod creation with many requests in flight.
 *
 * MINI_BENCH_SCALE (default 1) multiplies every node and pod count, for a
 * quick trial of the benchmarks themselves.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BenchClient, check, runConcurrent } from "./client.js";
import { startMiniProcess, type MiniProcess } from "./process.js";
import { WatchStream, type WatchEvent, type WatchObject } from "./watch.js";

/** Requests in flight while creating or deleting pods: enough that the client is not what is measured. */
export const IN_FLIGHT = 64;
/** No wait in these benchmarks should come near this; reaching it means something is stuck. */
export const WAIT_MS = 10 * 60_000;

export function scaled(count: number): number {
  const scale = Number(process.env["MINI_BENCH_SCALE"] ?? "1");
  return Math.max(1, Math.round(count * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

export interface FakeCluster {
  readonly mini: MiniProcess;
  readonly client: BenchClient;
  /** Seconds from the server answering /readyz to every fake node reporting Ready. */
  readonly nodesReadySeconds: number;
  /** A watch on `path`, closed by `stop`. */
  watch(path: string, onEvent: (event: WatchEvent) => void): WatchStream;
  stop(): Promise<void>;
}

function newWatch(mini: MiniProcess, path: string, onEvent: (event: WatchEvent) => void): WatchStream {
  return new WatchStream(path, { baseUrl: mini.url, credentials: mini.credentials, onEvent });
}

function isReady(node: WatchObject): boolean {
  const conditions = (node.status?.["conditions"] ?? []) as { type?: string; status?: string }[];
  return conditions.some((c) => c.type === "Ready" && c.status === "True");
}

/** Starts mini with `nodes` fake nodes and a namespace `bench`, and waits until every node is Ready. */
export async function startFakeCluster(nodes: number): Promise<FakeCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), "mini-bench-fake-"));
  let mini: MiniProcess;
  try {
    // No container runtime: fake nodes run no containers, and a containerd started beside them would only add load.
    mini = await startMiniProcess(dataDir, ["--fake-nodes", String(nodes), "--runtime", "none"]);
  } catch (error: unknown) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const client = new BenchClient(mini.url, mini.credentials, IN_FLIGHT);
  const streams: WatchStream[] = [];
  const stop = async (): Promise<void> => {
    for (const stream of streams) stream.close();
    client.close();
    await mini.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const watchedAt = performance.now();
    const ready = new Set<string>();
    const nodeWatch = newWatch(mini, "/api/v1/nodes", ({ type, object }) => {
      const name = object.metadata.name ?? "";
      if (type !== "DELETED" && isReady(object)) ready.add(name);
      else ready.delete(name);
    });
    streams.push(nodeWatch);
    const readyAt = await nodeWatch.until(`${nodes} Ready nodes`, () => ready.size >= nodes, { timeoutMs: WAIT_MS, progress: () => `${ready.size} Ready` });
    nodeWatch.close();
    await check(client.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "bench" } }), 201);
    return {
      mini,
      client,
      nodesReadySeconds: (readyAt - watchedAt) / 1000,
      watch: (path, onEvent) => {
        const stream = newWatch(mini, path, onEvent);
        streams.push(stream);
        return stream;
      },
      stop,
    };
  } catch (error: unknown) {
    await stop();
    throw error;
  }
}

/**
 * How long `idleCores` watches the server do nothing asked of it: one whole lease renewal period
 * (10 s, plus its jitter), since nodes created together renew in bursts.
 */
const IDLE_MS = 10_500;

/**
 * The server's CPU use while no client asks anything of it: lease renewals and heartbeats of
 * the fake nodes, which grow with the node count and run through every phase. Subtracted from
 * a phase's CPU time, it leaves what the phase itself cost, which a slow (shared) machine would
 * otherwise inflate by stretching the phase.
 */
export async function idleCores(cluster: FakeCluster): Promise<number> {
  const before = cluster.mini.cpuSeconds();
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const cores = (cluster.mini.cpuSeconds() - before) / (IDLE_MS / 1000);
  // The server closed the idle keep-alive sockets meanwhile (after 5 s); drop them before a request
  // lands on one. The client's agent opens new ones for the next requests.
  cluster.client.close();
  return cores;
}

/** Counts, from a watch on the pods of `createPods`, those that have been bound, have run, and are gone. */
export class PodTracker {
  readonly #stream: WatchStream;
  readonly #bound = new Set<string>();
  /** When each pod was first seen bound (performance.now()), in that order. */
  readonly #boundAt: number[] = [];
  readonly #running = new Set<string>();
  #gone = 0;

  constructor(cluster: FakeCluster) {
    this.#stream = cluster.watch("/api/v1/namespaces/bench/pods?labelSelector=app%3Dbench", ({ type, object }) => {
      const name = object.metadata.name ?? "";
      if (type === "DELETED") this.#gone++;
      if (object.spec?.["nodeName"] && !this.#bound.has(name)) {
        this.#bound.add(name);
        this.#boundAt.push(performance.now());
      }
      if (object.status?.["phase"] === "Running") this.#running.add(name);
    });
  }

  get bound(): number {
    return this.#bound.size;
  }

  get boundAt(): readonly number[] {
    return this.#boundAt;
  }

  get running(): number {
    return this.#running.size;
  }

  get gone(): number {
    return this.#gone;
  }

  /** Waits, with a timeout message that says how far the pods got. */
  until(what: string, holds: () => boolean): Promise<number> {
    return this.#stream.until(what, holds, { timeoutMs: WAIT_MS, progress: () => `${this.bound} bound, ${this.running} Running, ${this.gone} gone` });
  }
}

/** A pod for the scheduler to place: no nodeName, small requests. */
function pod(name: string) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: "bench" } },
    spec: { containers: [{ name: "app", image: "registry.example/app:1.0", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] },
  };
}

export function podName(index: number): string {
  return `pod-${String(index).padStart(5, "0")}`;
}

/** Creates pods pod-00000… in namespace `bench`, IN_FLIGHT at a time; resolves with the time the last create was answered. */
export async function createPods(client: BenchClient, count: number): Promise<number> {
  await runConcurrent(count, IN_FLIGHT, async (i) => {
    await check(client.send("POST", "/api/v1/namespaces/bench/pods", pod(podName(i))), 201);
  });
  return performance.now();
}

/** Deletes pods pod-00000… in namespace `bench`, IN_FLIGHT at a time, as `kubectl delete` of each would. */
export async function deletePods(client: BenchClient, count: number): Promise<void> {
  await runConcurrent(count, IN_FLIGHT, async (i) => {
    await check(client.send("DELETE", `/api/v1/namespaces/bench/pods/${podName(i)}`), 200);
  });
}

/**
 * API benchmarks against a real server started in this process on a temp
 * data dir: create rates over HTTPS with keep-alive, list of 10,000 pods as
 * JSON and as Table, and watch delivery latency with 100 watchers.
 */
import { Worker } from "node:worker_threads";
import { join } from "node:path";
import { check, median, percentile, runConcurrent, type BenchClient } from "./client.js";
import { TABLE_ACCEPT, withInProcessMini } from "./in-process.js";

function configMap(name: string) {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels: { app: "bench" } }, data: { payload: "x".repeat(900) } };
}

function pod(name: string) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: "bench", tier: "web" } },
    spec: {
      nodeName: "node-1",
      containers: [{ name: "app", image: "registry.example/app:1.0", ports: [{ containerPort: 8080 }], resources: { requests: { cpu: "100m", memory: "64Mi" } } }],
    },
  };
}

export async function benchApi(): Promise<Record<string, number>> {
  return withInProcessMini(async (client, credentials) => {
    const figures: Record<string, number> = {};
    await check(client.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "bench" } }), 201);

    const sequentialCount = 1000;
    let start = performance.now();
    for (let i = 0; i < sequentialCount; i++) await check(client.send("POST", "/api/v1/namespaces/bench/configmaps", configMap(`seq-${i}`)), 201);
    figures["api create configmap sequential (/s)"] = sequentialCount / ((performance.now() - start) / 1000);

    const concurrentCount = 3000;
    start = performance.now();
    const latencies = await runConcurrent(concurrentCount, 16, async (i) => {
      await check(client.send("POST", "/api/v1/namespaces/bench/configmaps", configMap(`par-${i}`)), 201);
    });
    figures["api create configmap 16 in flight (/s)"] = concurrentCount / ((performance.now() - start) / 1000);
    figures["api create configmap 16 in flight p99 (ms)"] = percentile(latencies, 99);

    const podCount = 10_000;
    start = performance.now();
    await runConcurrent(podCount, 16, async (i) => {
      await check(client.send("POST", "/api/v1/namespaces/bench/pods", pod(`pod-${String(i).padStart(5, "0")}`)), 201);
    });
    figures["api create 10,000 pods 16 in flight (/s)"] = podCount / ((performance.now() - start) / 1000);

    const timeList = async (accept: string) => {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const text = await check(client.send("GET", "/api/v1/pods", undefined, { Accept: accept }), 200);
        runs.push(performance.now() - t);
        if (i === 0 && !text.includes("pod-09999")) throw new Error("List is missing pods");
      }
      return median(runs);
    };
    figures["list 10,000 pods as JSON (ms)"] = await timeList("application/json");
    figures["list 10,000 pods as Table (ms)"] = await timeList(TABLE_ACCEPT);

    Object.assign(figures, await benchWatch(client, credentials));
    return figures;
  });
}

/**
 * 100 watchers on one namespace, 500 updates; latency from the start of each
 * write to each watcher's receipt. The watchers run in a worker thread, as
 * separate clients would, so the server's thread does only the server's work.
 */
async function benchWatch(client: BenchClient, credentials: { ca: string; cert: string; key: string }): Promise<Record<string, number>> {
  await check(client.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "watch" } }), 201);
  await check(client.send("POST", "/api/v1/namespaces/watch/configmaps", configMap("target")), 201);
  const listed = JSON.parse(await check(client.send("GET", "/api/v1/namespaces/watch/configmaps"), 200)) as { metadata: { resourceVersion: string } };
  const watcherCount = 100;
  const updates = 500;
  const worker = new Worker(join(__dirname, "watch-worker.mjs"), {
    workerData: { url: client.baseUrl, path: `/api/v1/namespaces/watch/configmaps?watch=true&resourceVersion=${listed.metadata.resourceVersion}`, count: watcherCount, credentials },
  });
  await new Promise<void>((resolve) => worker.once("message", () => resolve()));
  const clock = () => performance.timeOrigin + performance.now();
  const sentAt = new Map<string, number>();
  for (let i = 0; i < updates; i++) {
    sentAt.set(String(i), clock());
    await check(client.send("PATCH", "/api/v1/namespaces/watch/configmaps/target", { data: { seq: String(i) } }, { "Content-Type": "application/merge-patch+json" }), 200);
  }
  await new Promise((r) => setTimeout(r, 1000));
  worker.postMessage("report");
  const report = await new Promise<{ received: [string, number][] }>((resolve) => worker.once("message", resolve));
  await worker.terminate();
  const delays = report.received.map(([seq, at]) => at - (sentAt.get(seq) ?? at));
  return {
    "watch delay 100 watchers x 500 updates p50 (ms)": median(delays),
    "watch delay 100 watchers x 500 updates p99 (ms)": percentile(delays, 99),
    "watch events missing": watcherCount * updates - delays.length,
  };
}

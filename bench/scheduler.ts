/**
 * Scheduler throughput on fake nodes: 10,000 pods onto 1,000 nodes, timed
 * from the first create to the last pod seen bound (the create rate is
 * reported beside it, to show whether creation was the bottleneck), and a
 * Deployment of 100 replicas from its create to all replicas Available.
 * Beside the end-to-end rate stands upstream's figure, scheduler_perf's
 * SchedulingThroughput, computed from the same run (see
 * `schedulingThroughput`). The server's CPU time per pod is reported too:
 * on a machine shared with other work it says more than the rates do.
 */
import { check } from "./client.js";
import { createPods, idleCores, IN_FLIGHT, PodTracker, scaled, startFakeCluster, WAIT_MS, type FakeCluster } from "./fake-cluster.js";

async function deploymentAvailableSeconds(cluster: FakeCluster, replicas: number): Promise<number> {
  let available = 0;
  const stream = cluster.watch("/apis/apps/v1/namespaces/bench/deployments?fieldSelector=metadata.name%3Dweb", ({ object }) => {
    available = Number(object.status?.["availableReplicas"] ?? 0);
  });
  const start = performance.now();
  await check(
    cluster.client.send("POST", "/apis/apps/v1/namespaces/bench/deployments", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        replicas,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "web", image: "registry.example/web:1.0", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] },
        },
      },
    }),
    201,
  );
  const availableAt = await stream.until(`${replicas} available replicas`, () => available >= replicas, { timeoutMs: WAIT_MS, progress: () => `${available} available` });
  stream.close();
  return (availableAt - start) / 1000;
}

/**
 * scheduler_perf's SchedulingThroughput (kubernetes test/integration/scheduler_perf, its
 * throughputCollector), from the times pods were seen bound: a sample every second from the
 * start of creation. Seconds before the first binding are not sampled; the first sample with
 * bound pods only starts the count (it mixes in the ramp-up); a second without a new binding is
 * folded into the next sample, which then counts once for each second it covers; the bindings
 * after the last whole second are left out, as the collector stops when the last pod is bound.
 * Returns the mean and the median of the samples (NaN when the run took under two seconds).
 */
export function schedulingThroughput(boundAt: readonly number[], start: number): { average: number; median: number } {
  const samples: number[] = [];
  const end = boundAt.at(-1) ?? start;
  let bound = 0;
  let previous: { at: number; bound: number } | undefined;
  let skipped = 0;
  for (let tick = start + 1000; tick <= end; tick += 1000) {
    while (bound < boundAt.length && (boundAt[bound] as number) <= tick) bound++;
    if (bound === 0) continue;
    if (!previous) {
      previous = { at: tick, bound };
      continue;
    }
    if (bound === previous.bound) {
      skipped++;
      continue;
    }
    const rate = (bound - previous.bound) / ((tick - previous.at) / 1000);
    for (let i = 0; i <= skipped; i++) samples.push(rate);
    skipped = 0;
    previous = { at: tick, bound };
  }
  if (samples.length === 0) return { average: NaN, median: NaN };
  samples.sort((a, b) => a - b);
  const average = samples.reduce((sum, rate) => sum + rate, 0) / samples.length;
  return { average, median: samples[Math.ceil(samples.length / 2) - 1] as number };
}

export async function benchScheduler(): Promise<Record<string, number>> {
  const nodes = scaled(1_000);
  const pods = scaled(10_000);
  const replicas = scaled(100);
  const cluster = await startFakeCluster(nodes);
  try {
    const deployment = await deploymentAvailableSeconds(cluster, replicas);
    const idle = await idleCores(cluster);
    const tracker = new PodTracker(cluster);
    const cpuBefore = cluster.mini.cpuSeconds();
    const start = performance.now();
    const createdAt = await createPods(cluster.client, pods);
    const boundAt = await tracker.until(`${pods} pods bound`, () => tracker.bound >= pods);
    const cpu = cluster.mini.cpuSeconds() - cpuBefore;
    const seconds = (boundAt - start) / 1000;
    const throughput = schedulingThroughput(tracker.boundAt, start);
    return {
      [`${nodes} fake nodes Ready after /readyz (s)`]: cluster.nodesReadySeconds,
      [`Deployment of ${replicas} replicas, create to all Available (s)`]: deployment,
      [`create ${pods} pods, ${IN_FLIGHT} in flight (pods/s)`]: pods / ((createdAt - start) / 1000),
      [`schedule ${pods} pods onto ${nodes} nodes, first create to last bound (pods/s)`]: pods / seconds,
      "SchedulingThroughput as scheduler_perf samples it, average (pods/s)": throughput.average,
      "SchedulingThroughput as scheduler_perf samples it, median (pods/s)": throughput.median,
      "server CPU per pod, create to bound (ms)": (cpu * 1000) / pods,
      "server CPU per pod less the idle server's, create to bound (ms)": ((cpu - idle * seconds) * 1000) / pods,
      "server CPU share while scheduling (cores)": cpu / seconds,
      "server CPU share when idle: leases, heartbeats (cores)": idle,
      "server RSS at the end (MiB)": cluster.mini.rssMiB(),
    };
  } finally {
    await cluster.stop();
  }
}

/**
 * Scheduler throughput on fake nodes: 10,000 pods onto 1,000 nodes, timed
 * from the first create to the last pod seen bound (the create rate is
 * reported beside it, to show creation was not the bottleneck), and a
 * Deployment of 100 replicas from its create to all replicas Available.
 * The server's CPU time per pod is reported too: on a machine shared with
 * other work it says more than the rate does.
 */
import { check } from "./client.js";
import { createPods, IN_FLIGHT, PodTracker, scaled, startFakeCluster, WAIT_MS, type FakeCluster } from "./fake-cluster.js";

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

export async function benchScheduler(): Promise<Record<string, number>> {
  const nodes = scaled(1_000);
  const pods = scaled(10_000);
  const replicas = scaled(100);
  const cluster = await startFakeCluster(nodes);
  try {
    const deployment = await deploymentAvailableSeconds(cluster, replicas);
    const tracker = new PodTracker(cluster);
    const cpuBefore = cluster.mini.cpuSeconds();
    const start = performance.now();
    const createdAt = await createPods(cluster.client, pods);
    const boundAt = await tracker.until(`${pods} pods bound`, () => tracker.bound >= pods);
    const cpu = cluster.mini.cpuSeconds() - cpuBefore;
    return {
      [`${nodes} fake nodes Ready after /readyz (s)`]: cluster.nodesReadySeconds,
      [`Deployment of ${replicas} replicas, create to all Available (s)`]: deployment,
      [`create ${pods} pods, ${IN_FLIGHT} in flight (pods/s)`]: pods / ((createdAt - start) / 1000),
      [`schedule ${pods} pods onto ${nodes} nodes, first create to last bound (pods/s)`]: pods / ((boundAt - start) / 1000),
      "server CPU per pod, create to bound (ms)": (cpu * 1000) / pods,
      "server CPU share while scheduling (cores)": cpu / ((boundAt - start) / 1000),
      "server RSS at the end (MiB)": cluster.mini.rssMiB(),
    };
  } finally {
    await cluster.stop();
  }
}

/**
 * Server-side apply against `mini up` in its own process: 1,000 Deployments
 * created by apply with 16 in flight, the same configurations applied again
 * (no-ops: nothing is written), and an apply that changes every one of them
 * (a new image). Replicas are 0 so the controllers add ReplicaSets but no pods.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BenchClient, check, percentile, runConcurrent } from "./client.js";
import { startMiniProcess } from "./process.js";

const COUNT = 1000;
const IN_FLIGHT = 16;
const APPLY = { "Content-Type": "application/apply-patch+yaml" };

function deployment(name: string, image: string) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image, ports: [{ containerPort: 8080 }], env: [{ name: "MODE", value: "bench" }] }] },
      },
    },
  };
}

const name = (index: number) => `apply-${String(index).padStart(4, "0")}`;

export async function benchApply(): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), "mini-bench-apply-"));
  const mini = await startMiniProcess(dataDir);
  const client = new BenchClient(mini.url, mini.credentials);
  const figures: Record<string, number> = {};
  /** Applies every Deployment once and records the rate, p99 latency and server CPU per apply. */
  const round = async (label: string, image: string, status: number) => {
    const cpu = mini.cpuSeconds();
    const start = performance.now();
    const latencies = await runConcurrent(COUNT, IN_FLIGHT, async (i) => {
      const path = `/apis/apps/v1/namespaces/default/deployments/${name(i)}?fieldManager=bench`;
      await check(client.send("PATCH", path, deployment(name(i), image), APPLY), status);
    });
    figures[`${label} (/s)`] = COUNT / ((performance.now() - start) / 1000);
    figures[`${label} p99 (ms)`] = percentile(latencies, 99);
    figures[`${label} server CPU per apply (ms)`] = ((mini.cpuSeconds() - cpu) * 1000) / COUNT;
  };
  try {
    await round("apply-create 1,000 deployments 16 in flight", "registry.example/app:1", 201);
    const before = JSON.parse(await check(client.send("GET", "/apis/apps/v1/namespaces/default/deployments"), 200)) as { items: { metadata: { generation: number } }[] };
    await round("re-apply 1,000 unchanged (no-op)", "registry.example/app:1", 200);
    const after = JSON.parse(await check(client.send("GET", "/apis/apps/v1/namespaces/default/deployments"), 200)) as { items: { metadata: { generation: number } }[] };
    if (after.items.some((item, i) => item.metadata.generation !== before.items[i]?.metadata.generation)) throw new Error("A no-op apply changed a Deployment's spec");
    await round("apply a new image to 1,000", "registry.example/app:2", 200);
  } finally {
    client.close();
    await mini.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

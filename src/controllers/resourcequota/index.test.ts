import { test } from "node:test";
import assert from "node:assert/strict";
import { eventually, NAMESPACE, startCluster } from "../_test-kit.js";
import { startResourceQuotaController } from "./index.js";

test("the controller fills status.hard and status.used and follows objects coming and going", async () => {
  const cluster = await startCluster([startResourceQuotaController]);
  const quotas = cluster.client.resource("", "ResourceQuota");
  const pods = cluster.client.resource("", "Pod");
  const configMaps = cluster.client.resource("", "ConfigMap");
  const status = async () => (await quotas.get(NAMESPACE, "q")).status as { hard?: Record<string, string>; used?: Record<string, string> } | undefined;
  const used = (expected: Record<string, string>) => eventually(`used ${JSON.stringify(expected)}`, async () => (JSON.stringify((await status())?.used) === JSON.stringify(expected) ? true : undefined));
  try {
    await configMaps.create(NAMESPACE, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "before" } });
    await quotas.create(NAMESPACE, { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "5", "requests.memory": "1Gi", "count/configmaps": "4" } } });
    await used({ pods: "0", "requests.memory": "0", "count/configmaps": "1" });
    assert.deepEqual((await status())?.hard, { pods: "5", "requests.memory": "1Gi", "count/configmaps": "4" });

    const pod = (name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "app", image: "busybox", resources: { requests: { memory: "100Mi" } } }] } });
    await pods.create(NAMESPACE, pod("a"));
    await pods.create(NAMESPACE, pod("b"));
    await used({ pods: "2", "requests.memory": "200Mi", "count/configmaps": "1" });

    // A pod that finished no longer counts; a deleted config map neither.
    const a = await pods.get(NAMESPACE, "a");
    await pods.updateStatus({ ...a, status: { ...(a.status as object), phase: "Succeeded" } });
    await configMaps.delete(NAMESPACE, "before");
    await used({ pods: "1", "requests.memory": "100Mi", "count/configmaps": "0" });

    // New limits are taken up at once.
    const current = await quotas.get(NAMESPACE, "q");
    await quotas.update({ ...current, spec: { hard: { pods: "1" } } });
    await used({ pods: "1" });
  } finally {
    await cluster.stop();
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import type { Client } from "../../client/index.js";
import { isApiError } from "../../machinery/status.js";
import { eventually, pod, podTemplate, runFakeKubelet, setPodRunning, startCluster } from "../_test-kit.js";
import { startStatefulSetController } from "./index.js";
import type { StatefulSet } from "./identity.js";

function statefulSet(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name },
    spec: { replicas: 3, serviceName: name, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }), ...spec },
  };
}

async function podNames(client: Client, app: string): Promise<string[]> {
  const { items } = await client.resource("", "Pod").list({ namespace: "dev", labelSelector: `app=${app}` });
  return items.map((p) => p.metadata.name ?? "").sort();
}

const sets = (client: Client) => client.resource("apps", "StatefulSet");

test("OrderedReady creates pods one at a time, each after its predecessor is ready, with stable identities", async () => {
  const cluster = await startCluster([startStatefulSetController]);
  const { client } = cluster;
  try {
    await sets(client).create("dev", statefulSet("web"));
    await eventually("web-0", async () => ((await podNames(client, "web")).length === 1 ? true : undefined));
    // Not ready yet: web-1 must wait.
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.deepEqual(await podNames(client, "web"), ["web-0"]);
    const web0 = await client.resource("", "Pod").get("dev", "web-0");
    assert.equal(web0.metadata.labels?.["statefulset.kubernetes.io/pod-name"], "web-0");
    assert.equal(web0.metadata.labels?.["apps.kubernetes.io/pod-index"], "0");
    assert.match(web0.metadata.labels?.["controller-revision-hash"] ?? "", /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.deepEqual([(web0.spec as { hostname?: string }).hostname, (web0.spec as { subdomain?: string }).subdomain], ["web-0", "web"]);
    assert.equal(web0.metadata.ownerReferences?.[0]?.kind, "StatefulSet");

    for (const [ready, next] of [["web-0", 2], ["web-1", 3]] as const) {
      await setPodRunning(client, { namespace: "dev", name: ready, ready: true });
      await eventually(`${next} pods`, async () => ((await podNames(client, "web")).length === next ? true : undefined));
    }
    await setPodRunning(client, { namespace: "dev", name: "web-2", ready: true });
    const status = await eventually("all ready", async () => {
      const set = (await sets(client).get("dev", "web")) as StatefulSet;
      return set.status?.readyReplicas === 3 ? set.status : undefined;
    });
    assert.equal(status.replicas, 3);
    assert.equal(status.availableReplicas, 3);
    assert.equal(status.updatedReplicas, 3);
    assert.equal(status.currentReplicas, 3);
    assert.equal(status.observedGeneration, 1);
    assert.ok(status.updateRevision);
    assert.equal(status.currentRevision, status.updateRevision);
    assert.equal(status.collisionCount, 0);
  } finally {
    await cluster.stop();
  }
});

test("scaling down removes pods from the highest ordinal, one at a time", async () => {
  const cluster = await startCluster([startStatefulSetController]);
  const { client } = cluster;
  const stop = new AbortController();
  try {
    const deleted = runFakeKubelet(client, stop.signal);
    await sets(client).create("dev", statefulSet("db", { replicas: 4 }));
    await eventually("4 ready", async () => (((await sets(client).get("dev", "db")) as StatefulSet).status?.readyReplicas === 4 ? true : undefined));
    const set = await sets(client).get("dev", "db");
    await sets(client).update({ ...set, spec: { ...(set.spec as object), replicas: 1 } });
    await eventually("three deleted", async () => (deleted.length === 3 ? true : undefined));
    assert.deepEqual(await podNames(client, "db"), ["db-0"]);
    assert.deepEqual(deleted, ["db-3", "db-2", "db-1"]);
    await eventually("status of 1", async () => (((await sets(client).get("dev", "db")) as StatefulSet).status?.replicas === 1 ? true : undefined));
  } finally {
    stop.abort();
    await cluster.stop();
  }
});

test("Parallel creates every pod at once, without waiting for readiness", async () => {
  const cluster = await startCluster([startStatefulSetController]);
  const { client } = cluster;
  try {
    await sets(client).create("dev", statefulSet("cache", { podManagementPolicy: "Parallel", ordinals: { start: 5 } }));
    await eventually("three pods", async () => ((await podNames(client, "cache")).length === 3 ? true : undefined));
    assert.deepEqual(await podNames(client, "cache"), ["cache-5", "cache-6", "cache-7"]);
  } finally {
    await cluster.stop();
  }
});

test("a failed pod is deleted and recreated, and an orphan with the set's name is adopted", async () => {
  const cluster = await startCluster([startStatefulSetController]);
  const { client } = cluster;
  const pods = client.resource("", "Pod");
  try {
    // An orphan named like the set's first pod: adopted rather than duplicated.
    await pods.create("dev", pod("q-0", { app: "q" }));
    await sets(client).create("dev", statefulSet("q", { replicas: 1, podManagementPolicy: "Parallel" }));
    const adopted = await eventually("adoption", async () => {
      const found = await pods.get("dev", "q-0");
      return found.metadata.ownerReferences?.length ? found : undefined;
    });
    assert.equal(adopted.metadata.ownerReferences?.[0]?.name, "q");
    // Identity labels are restored on the adopted pod.
    await eventually("identity labels", async () => ((await pods.get("dev", "q-0")).metadata.labels?.["apps.kubernetes.io/pod-index"] === "0" ? true : undefined));

    // The adopted orphan may still be replaced by a rolling update (its template is not the set's), so the
    // pod to fail is whichever q-0 exists when the status write lands.
    const failed = await eventually("q-0 marked Failed", async () => {
      const current = await pods.get("dev", "q-0").catch((error: unknown) => (isApiError(error, 404) ? undefined : Promise.reject(error)));
      if (!current) return undefined;
      try {
        await pods.updateStatus({ ...current, status: { ...(current.status as object), phase: "Failed" } });
        return current;
      } catch (error: unknown) {
        if (isApiError(error, 404) || isApiError(error, 409)) return undefined;
        throw error;
      }
    });
    await eventually("a fresh q-0", async () => {
      const fresh = await pods.get("dev", "q-0").catch(() => undefined);
      return fresh && fresh.metadata.uid !== failed.metadata.uid ? true : undefined;
    });
  } finally {
    await cluster.stop();
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import { startReplicaSetController } from "./index.js";
import { eventually, listPods, NAMESPACE, podTemplate, setPodRunning, startCluster, type TestCluster } from "../_test-kit.js";
import type { ReplicaSetStatus } from "./types.js";

const LABELS = { app: "web" };

function replicaSet(name: string, replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name },
    spec: { replicas, selector: { matchLabels: LABELS }, template: podTemplate(LABELS), ...extra },
  };
}

async function podsOf(cluster: TestCluster, count: number): Promise<KubeObject[]> {
  return eventually(`${count} pods`, async () => {
    const pods = await listPods(cluster, LABELS);
    return pods.length === count && pods;
  });
}

async function statusOf(cluster: TestCluster, name: string): Promise<ReplicaSetStatus> {
  return (await cluster.client.resource("apps", "ReplicaSet").get(NAMESPACE, name)).status as ReplicaSetStatus;
}

test("a ReplicaSet creates its pods from the template and replaces a deleted one", async () => {
  const cluster = await startCluster([startReplicaSetController]);
  try {
    const rs = await cluster.client.resource("apps", "ReplicaSet").create("dev", replicaSet("web", 3));
    const pods = await podsOf(cluster, 3);
    for (const pod of pods) {
      assert.match(pod.metadata.name ?? "", /^web-[a-z0-9]{5}$/);
      assert.deepEqual(pod.metadata.labels, LABELS);
      assert.deepEqual(pod.metadata.ownerReferences, [
        { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    const [victim] = pods;
    await cluster.client.resource("", "Pod").delete("dev", victim?.metadata.name ?? "");
    const replaced = await podsOf(cluster, 3);
    assert.ok(!replaced.some((p) => p.metadata.name === victim?.metadata.name));
    const events = await eventually("creation events", async () => {
      const { items } = await cluster.client.resource("", "Event").list({ namespace: "dev", fieldSelector: "involvedObject.name=web" });
      return items.length === 4 && items;
    });
    assert.ok(events.every((e) => e.reason === "SuccessfulCreate" && String(e.message).startsWith("Created pod: web-")));
    const status = await eventually("status", async () => {
      const s = await statusOf(cluster, "web");
      return s.replicas === 3 && s.observedGeneration === 1 && s;
    });
    assert.deepEqual(status, { replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  } finally {
    await cluster.stop();
  }
});

test("scaling down deletes the surplus, pods that are not ready first, and counts ready pods", async () => {
  const cluster = await startCluster([startReplicaSetController]);
  try {
    const replicaSets = cluster.client.resource("apps", "ReplicaSet");
    await replicaSets.create("dev", replicaSet("web", 4));
    const pods = await podsOf(cluster, 4);
    const ready = pods.slice(0, 2);
    for (const pod of ready) await setPodRunning(cluster.client, { namespace: NAMESPACE, name: pod.metadata.name ?? "", ready: true });
    await eventually("2 ready", async () => (await statusOf(cluster, "web")).readyReplicas === 2);
    const rs = await replicaSets.get("dev", "web");
    await replicaSets.update({ ...rs, spec: { ...(rs.spec as object), replicas: 2 } });
    const left = await podsOf(cluster, 2);
    assert.deepEqual(left.map((p) => p.metadata.name).sort(), ready.map((p) => p.metadata.name).sort());
    const status = await eventually("status after scale down", async () => {
      const s = await statusOf(cluster, "web");
      return s.replicas === 2 && s.observedGeneration === 2 && s;
    });
    assert.deepEqual(status, { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 2 });
  } finally {
    await cluster.stop();
  }
});

test("an orphan pod that matches is adopted; an owned pod relabelled away is released and replaced", async () => {
  const cluster = await startCluster([startReplicaSetController]);
  try {
    const podClient = cluster.client.resource("", "Pod");
    await podClient.create("dev", { apiVersion: "v1", kind: "Pod", metadata: { name: "stray", labels: LABELS }, spec: podTemplate(LABELS).spec });
    const rs = await cluster.client.resource("apps", "ReplicaSet").create("dev", replicaSet("web", 2));
    const pods = await podsOf(cluster, 2);
    const stray = await eventually("stray adopted", async () => {
      const pod = await podClient.get("dev", "stray");
      return pod.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid && pod;
    });
    assert.ok(pods.some((p) => p.metadata.name === "stray"));
    await podClient.update({ ...stray, metadata: { ...stray.metadata, labels: { app: "debug" } } });
    await eventually("stray released", async () => (await podClient.get("dev", "stray")).metadata.ownerReferences === undefined);
    const replaced = await podsOf(cluster, 2);
    assert.ok(!replaced.some((p) => p.metadata.name === "stray"));
  } finally {
    await cluster.stop();
  }
});

test("failing creates set the ReplicaFailure condition and a FailedCreate event", async () => {
  const cluster = await startCluster([startReplicaSetController]);
  try {
    // Templates may carry an image with surrounding whitespace; pods may not.
    const name = "web";
    await cluster.client.resource("apps", "ReplicaSet").create("dev", replicaSet(name, 2, { template: podTemplate(LABELS, { image: "nginx:1.25 " }) }));
    const status = await eventually("ReplicaFailure", async () => {
      const s = await statusOf(cluster, name);
      return s.conditions !== undefined && s;
    });
    const [condition] = status.conditions ?? [];
    assert.equal(condition?.type, "ReplicaFailure");
    assert.equal(condition?.status, "True");
    assert.equal(condition?.reason, "FailedCreate");
    assert.equal(status.replicas, 0);
    assert.match(condition?.message ?? "", /image/);
    const { items } = await cluster.client.resource("", "Event").list({ namespace: "dev" });
    assert.ok(items.some((e) => e.reason === "FailedCreate" && String(e.message).startsWith("Error creating: ")));
  } finally {
    await cluster.stop();
  }
});

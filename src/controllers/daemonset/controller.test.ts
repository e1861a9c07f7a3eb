import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import type { Client } from "../../client/index.js";
import { eventually, node, podTemplate, runFakeKubelet, startCluster } from "../_test-kit.js";
import { startDaemonSetController } from "./index.js";
import type { DaemonSet } from "./pods.js";
import { targetNodeOf } from "./pods.js";

const sets = (client: Client) => client.resource("apps", "DaemonSet");

function daemonSet(name: string, spec: Record<string, unknown> = {}, template: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }, { spec: template }), ...spec },
  };
}

/** Live pods of the set by the node they are pinned to. */
async function podsByNode(client: Client, app: string): Promise<Record<string, string[]>> {
  const { items } = await client.resource("", "Pod").list({ namespace: "dev", labelSelector: `app=${app}` });
  const result: Record<string, string[]> = {};
  for (const pod of items.filter((p) => !p.metadata.deletionTimestamp)) {
    (result[targetNodeOf(pod) ?? "?"] ??= []).push(pod.metadata.labels?.["controller-revision-hash"] ?? "");
  }
  return result;
}

async function status(client: Client, name: string): Promise<DaemonSet["status"]> {
  return ((await sets(client).get("dev", name)) as DaemonSet).status;
}

async function setImage(client: Client, name: string, image: string): Promise<void> {
  const ds = (await sets(client).get("dev", name)) as DaemonSet;
  const template = structuredClone(ds.spec?.template ?? {});
  const container = template.spec?.containers?.[0];
  if (container) container.image = image;
  await sets(client).update({ ...ds, spec: { ...ds.spec, template } } as KubeObject);
}

test("daemon pods go to nodes matching the node selector whose taints are tolerated, pinned by node affinity", async () => {
  const cluster = await startCluster([startDaemonSetController]);
  const { client } = cluster;
  const stop = new AbortController();
  const nodes = client.resource("", "Node");
  try {
    runFakeKubelet(client, stop.signal);
    await nodes.create("", node("a", { disk: "ssd" }));
    await nodes.create("", node("b", { disk: "ssd" }, { taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] }));
    await nodes.create("", node("c", { disk: "hdd" }));
    // Cordoned and not-ready nodes still run daemon pods: the default daemon tolerations cover them.
    await nodes.create("", node("d", { disk: "ssd" }, { taints: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }] }));
    await sets(client).create("dev", daemonSet("agent", {}, { nodeSelector: { disk: "ssd" } }));
    const ready = await eventually("2 ready", async () => {
      const s = await status(client, "agent");
      return s?.numberReady === 2 && s.numberAvailable === 2 ? s : undefined;
    });
    assert.deepEqual(Object.keys(await podsByNode(client, "agent")).sort(), ["a", "d"]);
    assert.equal(ready.desiredNumberScheduled, 2);
    assert.equal(ready.currentNumberScheduled, 2);
    assert.equal(ready.updatedNumberScheduled, 2);
    assert.equal(ready.numberMisscheduled, 0);
    assert.equal(ready.observedGeneration, 1);
    const { items } = await client.resource("", "Pod").list({ namespace: "dev", labelSelector: "app=agent" });
    const spec = items[0]?.spec as { affinity?: unknown; tolerations?: { key?: string }[]; nodeName?: string };
    assert.equal(spec.nodeName, undefined);
    assert.deepEqual((spec.affinity as { nodeAffinity?: unknown }).nodeAffinity, {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [targetNodeOf(items[0] as KubeObject)] }] }] },
    });
    assert.ok(spec.tolerations?.some((t) => t.key === "node.kubernetes.io/unreachable"));
    assert.equal(items[0]?.metadata.generateName, "agent-");

    // A node that starts matching gets a pod; one that stops matching loses it.
    const c = await nodes.get("", "c");
    await nodes.update({ ...c, metadata: { ...c.metadata, labels: { ...c.metadata.labels, disk: "ssd" } } });
    const a = await nodes.get("", "a");
    await nodes.update({ ...a, metadata: { ...a.metadata, labels: { ...a.metadata.labels, disk: "hdd" } } });
    await eventually("pods on c and d", async () => (Object.keys(await podsByNode(client, "agent")).sort().join() === "c,d" ? true : undefined));
  } finally {
    stop.abort();
    await cluster.stop();
  }
});

for (const [strategy, rollingUpdate] of [
  ["maxUnavailable", { maxUnavailable: 1, maxSurge: 0 }],
  ["maxSurge", { maxUnavailable: 0, maxSurge: 1 }],
] as const) {
  test(`a rolling update with ${strategy} replaces every node's pod and reports completion`, async () => {
    const cluster = await startCluster([startDaemonSetController]);
    const { client } = cluster;
    const stop = new AbortController();
    try {
      runFakeKubelet(client, stop.signal);
      for (const name of ["a", "b", "c"]) await client.resource("", "Node").create("", node(name));
      await sets(client).create("dev", daemonSet("agent", { updateStrategy: { type: "RollingUpdate", rollingUpdate } }));
      await eventually("3 available", async () => ((await status(client, "agent"))?.numberAvailable === 3 ? true : undefined));
      const before = (await podsByNode(client, "agent")).a?.[0];
      await setImage(client, "agent", "nginx:1.28");
      let mostPodsOnANode = 0;
      const done = await eventually("rolled out", async () => {
        for (const hashes of Object.values(await podsByNode(client, "agent"))) mostPodsOnANode = Math.max(mostPodsOnANode, hashes.length);
        const s = await status(client, "agent");
        return s?.observedGeneration === 2 && s.updatedNumberScheduled === 3 && s.numberAvailable === 3 ? s : undefined;
      });
      assert.equal(done.desiredNumberScheduled, 3);
      const after = await podsByNode(client, "agent");
      assert.deepEqual(Object.keys(after).sort(), ["a", "b", "c"]);
      for (const hashes of Object.values(after)) {
        assert.equal(hashes.length, 1);
        assert.notEqual(hashes[0], before);
      }
      // Only surge puts a second pod on a node.
      if (strategy === "maxUnavailable") assert.equal(mostPodsOnANode, 1);
    } finally {
      stop.abort();
      await cluster.stop();
    }
  });
}

test("OnDelete replaces a pod only when it is deleted, and a failed pod is replaced", async () => {
  const cluster = await startCluster([startDaemonSetController]);
  const { client } = cluster;
  const stop = new AbortController();
  const pods = client.resource("", "Pod");
  try {
    runFakeKubelet(client, stop.signal);
    for (const name of ["a", "b"]) await client.resource("", "Node").create("", node(name));
    await sets(client).create("dev", daemonSet("agent", { updateStrategy: { type: "OnDelete" } }));
    await eventually("2 available", async () => ((await status(client, "agent"))?.numberAvailable === 2 ? true : undefined));
    const old = (await podsByNode(client, "agent")).a?.[0];
    await setImage(client, "agent", "nginx:1.28");
    await eventually("generation observed", async () => ((await status(client, "agent"))?.observedGeneration === 2 ? true : undefined));
    assert.equal((await status(client, "agent"))?.updatedNumberScheduled, 0);
    const { items } = await pods.list({ namespace: "dev", labelSelector: "app=agent" });
    const onA = items.find((p) => targetNodeOf(p) === "a") as KubeObject;
    await pods.delete("dev", onA.metadata.name ?? "");
    await eventually("a updated", async () => {
      const hash = (await podsByNode(client, "agent")).a?.[0];
      return hash && hash !== old ? true : undefined;
    });
    assert.equal((await podsByNode(client, "agent")).b?.[0], old);

    const onB = items.find((p) => targetNodeOf(p) === "b") as KubeObject;
    const current = await pods.get("dev", onB.metadata.name ?? "");
    await pods.updateStatus({ ...current, status: { ...(current.status as object), phase: "Failed" } });
    await eventually("failed pod replaced", async () => {
      const { items: now } = await pods.list({ namespace: "dev", labelSelector: "app=agent" });
      return now.some((p) => targetNodeOf(p) === "b" && p.metadata.uid !== onB.metadata.uid) ? true : undefined;
    });
  } finally {
    stop.abort();
    await cluster.stop();
  }
});

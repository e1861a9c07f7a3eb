import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import type { Client } from "../../client/index.js";
import { eventually, podTemplate, runFakeKubelet, startCluster, type TestCluster } from "../_test-kit.js";
import { startStatefulSetController } from "./index.js";
import type { StatefulSet } from "./identity.js";

const sets = (client: Client) => client.resource("apps", "StatefulSet");

async function readySet(cluster: TestCluster, name: string, spec: Record<string, unknown>): Promise<StatefulSet> {
  await sets(cluster.client).create("dev", {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name },
    spec: { replicas: 3, serviceName: name, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }), ...spec },
  });
  return eventually("3 ready", async () => {
    const set = (await sets(cluster.client).get("dev", name)) as StatefulSet;
    return set.status?.readyReplicas === 3 && set.status.updatedReplicas === 3 ? set : undefined;
  });
}

/** Changes the container image, which makes a new revision. */
async function setImage(client: Client, name: string, image: string): Promise<void> {
  const set = (await sets(client).get("dev", name)) as StatefulSet;
  const template = structuredClone(set.spec?.template ?? {});
  const container = template.spec?.containers?.[0];
  if (container) container.image = image;
  await sets(client).update({ ...set, spec: { ...set.spec, template } } as KubeObject);
}

async function revisions(client: Client, app: string): Promise<Record<string, string>> {
  const { items } = await client.resource("", "Pod").list({ namespace: "dev", labelSelector: `app=${app}` });
  return Object.fromEntries(items.filter((p) => !p.metadata.deletionTimestamp).map((p) => [p.metadata.name, p.metadata.labels?.["controller-revision-hash"] ?? ""]));
}

test("a rolling update replaces pods from the highest ordinal down and completes the revision", async () => {
  const cluster = await startCluster([startStatefulSetController]);
  const stop = new AbortController();
  try {
    const deleted = runFakeKubelet(cluster.client, stop.signal);
    const before = await readySet(cluster, "web", {});
    await setImage(cluster.client, "web", "nginx:1.28");
    const after = await eventually("update complete", async () => {
      const set = (await sets(cluster.client).get("dev", "web")) as StatefulSet;
      const status = set.status;
      return status?.updateRevision !== before.status?.updateRevision && status?.currentRevision === status?.updateRevision && status?.readyReplicas === 3
        ? set
        : undefined;
    });
    assert.deepEqual(deleted, ["web-2", "web-1", "web-0"]);
    assert.equal(after.status?.observedGeneration, 2);
    assert.equal(after.status?.updatedReplicas, 3);
    assert.equal(after.status?.currentReplicas, 3);
    const updateRevision = after.status?.updateRevision ?? "";
    assert.deepEqual(await revisions(cluster.client, "web"), { "web-0": updateRevision, "web-1": updateRevision, "web-2": updateRevision });

    // Rolling back to the first template reuses its revision name.
    await setImage(cluster.client, "web", before.spec?.template?.spec?.containers?.[0]?.image ?? "");
    await eventually("rolled back", async () => {
      const status = ((await sets(cluster.client).get("dev", "web")) as StatefulSet).status;
      return status?.updateRevision === before.status?.updateRevision && status?.currentRevision === status?.updateRevision ? true : undefined;
    });
  } finally {
    stop.abort();
    await cluster.stop();
  }
});

test("a partition updates only the ordinals at or above it", async () => {
  const cluster = await startCluster([startStatefulSetController]);
  const stop = new AbortController();
  try {
    runFakeKubelet(cluster.client, stop.signal);
    const before = await readySet(cluster, "db", { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 2 } } });
    const oldRevision = before.status?.currentRevision ?? "";
    await setImage(cluster.client, "db", "nginx:1.28");
    const status = await eventually("db-2 updated", async () => {
      const status = ((await sets(cluster.client).get("dev", "db")) as StatefulSet).status;
      return status?.updatedReplicas === 1 && status.readyReplicas === 3 ? status : undefined;
    });
    // The update is partial, so the current revision stays.
    assert.equal(status.currentRevision, oldRevision);
    assert.equal(status.currentReplicas, 2);
    const updateRevision = status.updateRevision ?? "";
    assert.notEqual(updateRevision, oldRevision);
    assert.deepEqual(await revisions(cluster.client, "db"), { "db-0": oldRevision, "db-1": oldRevision, "db-2": updateRevision });

    // A pod below the partition that goes is recreated at the current revision.
    await cluster.client.resource("", "Pod").delete("dev", "db-0");
    await eventually("db-0 back", async () => ((await revisions(cluster.client, "db"))["db-0"] === oldRevision ? true : undefined));
  } finally {
    stop.abort();
    await cluster.stop();
  }
});

test("OnDelete leaves pods alone until they are deleted, then recreates them at the update revision", async () => {
  const cluster = await startCluster([startStatefulSetController]);
  const stop = new AbortController();
  try {
    const deleted = runFakeKubelet(cluster.client, stop.signal);
    const before = await readySet(cluster, "q", { updateStrategy: { type: "OnDelete" } });
    await setImage(cluster.client, "q", "nginx:1.28");
    const updateRevision = await eventually("a new update revision", async () => {
      const status = ((await sets(cluster.client).get("dev", "q")) as StatefulSet).status;
      return status?.updateRevision !== before.status?.updateRevision ? status?.updateRevision : undefined;
    });
    assert.deepEqual(deleted, []);
    await cluster.client.resource("", "Pod").delete("dev", "q-1");
    await eventually("q-1 updated", async () => ((await revisions(cluster.client, "q"))["q-1"] === updateRevision ? true : undefined));
    assert.equal((await revisions(cluster.client, "q"))["q-0"], before.status?.updateRevision);
  } finally {
    stop.abort();
    await cluster.stop();
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import { eventually, podTemplate, runFakeKubelet, startCluster } from "../_test-kit.js";
import { startStatefulSetController } from "./index.js";
import type { StatefulSet } from "./identity.js";

function statefulSet(claims: boolean): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db" },
    spec: {
      replicas: 2,
      serviceName: "db",
      selector: { matchLabels: { app: "db" } },
      template: podTemplate({ app: "db" }),
      ...(claims
        ? { volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }] }
        : {}),
    },
  };
}

test("claims from volumeClaimTemplates are created before their pods, which mount them", async () => {
  const cluster = await startCluster([startStatefulSetController]);
  const stop = new AbortController();
  try {
    runFakeKubelet(cluster.client, stop.signal);
    const claims = cluster.client.resource("", "PersistentVolumeClaim");
    // Each pod, as it appears, already has its claim.
    const pods = cluster.client.resource("", "Pod");
    await cluster.client.resource("apps", "StatefulSet").create("dev", statefulSet(true));
    await eventually("two ready", async () => {
      const set = (await cluster.client.resource("apps", "StatefulSet").get("dev", "db")) as StatefulSet;
      return set.status?.readyReplicas === 2 ? true : undefined;
    });
    for (const ordinal of [0, 1]) {
      const claim = await claims.get("dev", `data-db-${ordinal}`);
      assert.equal(claim.metadata.labels?.app, "db");
      const pod = await pods.get("dev", `db-${ordinal}`);
      assert.ok(Date.parse(claim.metadata.creationTimestamp ?? "") <= Date.parse(pod.metadata.creationTimestamp ?? ""));
      const volumes = (pod.spec as { volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[] }).volumes ?? [];
      assert.deepEqual(volumes.find((v) => v.name === "data")?.persistentVolumeClaim, { claimName: `data-db-${ordinal}` });
    }
  } finally {
    stop.abort();
    await cluster.stop();
  }
});

test("without the PersistentVolumeClaim kind, pods are still created", async () => {
  const cluster = await startCluster([startStatefulSetController]);
  try {
    await cluster.client.resource("apps", "StatefulSet").create("dev", statefulSet(true));
    await eventually("db-0", () => cluster.client.resource("", "Pod").get("dev", "db-0").catch(() => undefined));
  } finally {
    await cluster.stop();
  }
});

test("with the ControllerRevision kind served, revisions are ControllerRevisions owned by the set and trimmed to the limit", async () => {
  const cluster = await startCluster([startStatefulSetController]);
  const stop = new AbortController();
  const sets = cluster.client.resource("apps", "StatefulSet");
  const history = cluster.client.resource("apps", "ControllerRevision");
  try {
    runFakeKubelet(cluster.client, stop.signal);
    await sets.create("dev", { ...statefulSet(false), spec: { ...(statefulSet(false).spec as object), revisionHistoryLimit: 1 } });
    for (const image of ["nginx:1.28", "nginx:1.29"]) {
      await eventually("settled", async () => {
        const status = ((await sets.get("dev", "db")) as StatefulSet).status;
        return status?.currentRevision && status.currentRevision === status.updateRevision && status.readyReplicas === 2 ? true : undefined;
      });
      const set = (await sets.get("dev", "db")) as StatefulSet;
      const template = structuredClone(set.spec?.template ?? {});
      const container = template.spec?.containers?.[0];
      if (container) container.image = image;
      await sets.update({ ...set, spec: { ...set.spec, template } } as KubeObject);
    }
    const status = await eventually("third revision rolled out", async () => {
      const set = (await sets.get("dev", "db")) as StatefulSet;
      return set.status?.observedGeneration === 3 && set.status.currentRevision === set.status.updateRevision && set.status.readyReplicas === 2
        ? set.status
        : undefined;
    });
    const items = await eventually("history trimmed to one old revision", async () => {
      const { items } = await history.list({ namespace: "dev" });
      return items.length === 2 ? items : undefined;
    });
    const byName = new Map(items.map((r) => [r.metadata.name, r]));
    const current = byName.get(status.currentRevision ?? "");
    assert.equal(current?.revision, 3);
    assert.equal(current?.metadata.ownerReferences?.[0]?.name, "db");
    assert.equal(current?.metadata.labels?.["controller-revision-hash"], (status.currentRevision ?? "").slice("db-".length));
    assert.equal((current?.data as { spec?: { template?: { $patch?: string } } }).spec?.template?.$patch, "replace");
  } finally {
    stop.abort();
    await cluster.stop();
  }
});

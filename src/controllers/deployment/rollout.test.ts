import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import { startReplicaSetController } from "../replicaset/index.js";
import { eventually, listPods, startCluster, type TestCluster } from "../_test-kit.js";
import { startDeploymentController } from "./index.js";
import { LABELS, deployment, editDeployment, getDeployment, replicaSetsOf, rollOut, setImage } from "./_test-helpers.js";

const REVISION = "deployment.kubernetes.io/revision";
const replicas = (rs: KubeObject) => (rs.spec as { replicas: number }).replicas;
const image = (rs: KubeObject) => (rs.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]?.image;

async function withCluster(body: (cluster: TestCluster) => Promise<void>): Promise<void> {
  const cluster = await startCluster([startReplicaSetController, startDeploymentController]);
  try {
    await body(cluster);
  } finally {
    await cluster.stop();
  }
}

test("a template change rolls out a new ReplicaSet within maxSurge and maxUnavailable", () =>
  withCluster(async (cluster) => {
    const strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    await cluster.client.resource("apps", "Deployment").create("dev", deployment("web", 4, { strategy }));
    await rollOut(cluster, "web");
    await setImage(cluster, "web", "nginx:1.26");
    let most = 0;
    let fewestReady = Infinity;
    await rollOut(cluster, "web", async () => {
      most = Math.max(most, (await replicaSetsOf(cluster)).reduce((sum, rs) => sum + replicas(rs), 0));
      const pods = await listPods(cluster, LABELS);
      const ready = pods.filter((p) => ((p.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"));
      fewestReady = Math.min(fewestReady, ready.length);
    });
    assert.equal(most, 5, "never more than replicas + maxSurge pods asked for");
    assert.ok(fewestReady >= 4, `never fewer than replicas - maxUnavailable ready pods (saw ${fewestReady})`);
    const rsList = await replicaSetsOf(cluster);
    assert.deepEqual(rsList.map((rs) => [image(rs), replicas(rs), rs.metadata.annotations?.[REVISION]]).sort(), [
      ["nginx:1.25", 0, "1"],
      ["nginx:1.26", 4, "2"],
    ]);
    const pods = await listPods(cluster, LABELS);
    assert.equal(pods.length, 4);
    const d = await getDeployment(cluster, "web");
    assert.equal(d.metadata.generation, 2);
  }));

test("going back to an old template reuses its ReplicaSet with the next revision", () =>
  withCluster(async (cluster) => {
    await cluster.client.resource("apps", "Deployment").create("dev", deployment("web", 2, { revisionHistoryLimit: 5 }));
    await rollOut(cluster, "web");
    const [first] = await replicaSetsOf(cluster);
    await setImage(cluster, "web", "nginx:1.26");
    await rollOut(cluster, "web");
    // What `kubectl rollout undo` sends: the old ReplicaSet's template without its hash label, as Go re-encodes it.
    const template = structuredClone((first?.spec as { template: { metadata: Record<string, unknown> & { labels: Record<string, string> } } }).template);
    delete template.metadata.labels["pod-template-hash"];
    template.metadata.creationTimestamp = null;
    await editDeployment(cluster, "web", (d) => {
      d.spec = { ...(d.spec as object), template };
    });
    await rollOut(cluster, "web");
    const rsList = await replicaSetsOf(cluster);
    assert.equal(rsList.length, 2, "no third ReplicaSet");
    const reused = rsList.find((rs) => rs.metadata.uid === first?.metadata.uid);
    assert.ok(reused, "the first ReplicaSet is still there");
    assert.equal(replicas(reused), 2);
    assert.equal(reused?.metadata.annotations?.[REVISION], "3");
    assert.equal(reused?.metadata.annotations?.["deployment.kubernetes.io/revision-history"], "1");
    const pods = await listPods(cluster, LABELS);
    assert.ok(pods.every((p) => p.metadata.labels?.["pod-template-hash"] === first?.metadata.labels?.["pod-template-hash"]));
  }));

test("Recreate scales the old ReplicaSet to zero before the new one scales up", () =>
  withCluster(async (cluster) => {
    await cluster.client.resource("apps", "Deployment").create("dev", deployment("web", 2, { strategy: { type: "Recreate" } }));
    await rollOut(cluster, "web");
    await setImage(cluster, "web", "nginx:1.26");
    await rollOut(cluster, "web");
    const { items } = await cluster.client.resource("", "Event").list({ namespace: "dev", fieldSelector: "involvedObject.name=web" });
    const scaling = items.map((e) => String(e.message).replace(/web-[a-z0-9]+/, "web-*"));
    assert.deepEqual(scaling, ["Scaled up replica set web-* from 0 to 2", "Scaled down replica set web-* from 2 to 0", "Scaled up replica set web-* from 0 to 2"]);
  }));

test("scaling a paused Deployment mid-rollout resizes its ReplicaSets in proportion", () =>
  withCluster(async (cluster) => {
    await cluster.client.resource("apps", "Deployment").create("dev", deployment("web", 4, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    await rollOut(cluster, "web");
    await setImage(cluster, "web", "nginx:1.26");
    await eventually("the new ReplicaSet at 1", async () => (await replicaSetsOf(cluster)).some((rs) => image(rs) === "nginx:1.26" && replicas(rs) === 1));
    await editDeployment(cluster, "web", (d) => {
      d.spec = { ...(d.spec as object), paused: true, replicas: 8 };
    });
    const sizes = await eventually("proportional sizes", async () => {
      const list = (await replicaSetsOf(cluster)).map((rs) => [image(rs), replicas(rs)] as const).sort();
      // The two ReplicaSets are resized by separate writes: wait until both are done (9 in all).
      return list.reduce((sum, [, count]) => sum + count, 0) === 9 && list;
    });
    // 8 + maxSurge 1 = 9 pods, shared as 4:1 was (each sized for max-replicas 5): 7.2 → 7 and 1.8 → 2.
    assert.deepEqual(sizes, [
      ["nginx:1.25", 7],
      ["nginx:1.26", 2],
    ]);
    const paused = await eventually("the paused condition", async () => {
      const status = (await getDeployment(cluster, "web")).status as { conditions?: { type: string; status: string; reason: string }[] };
      return status.conditions?.find((c) => c.type === "Progressing" && c.reason === "DeploymentPaused");
    });
    assert.equal(paused.status, "Unknown");
  }));

test("old ReplicaSets beyond revisionHistoryLimit are deleted", () =>
  withCluster(async (cluster) => {
    await cluster.client.resource("apps", "Deployment").create("dev", deployment("web", 1, { revisionHistoryLimit: 1 }));
    await rollOut(cluster, "web");
    for (const version of ["1.26", "1.27"]) {
      await setImage(cluster, "web", `nginx:${version}`);
      await rollOut(cluster, "web");
    }
    const kept = await eventually("two ReplicaSets", async () => {
      const list = await replicaSetsOf(cluster);
      return list.length === 2 && list;
    });
    assert.deepEqual(kept.map(image).sort(), ["nginx:1.26", "nginx:1.27"]);
  }));

test("a rollout without progress past progressDeadlineSeconds reports ProgressDeadlineExceeded", () =>
  withCluster(async (cluster) => {
    await cluster.client.resource("apps", "Deployment").create("dev", deployment("web", 1, { progressDeadlineSeconds: 1 }));
    const condition = await eventually(
      "the deadline",
      async () => {
        const status = (await getDeployment(cluster, "web")).status as { conditions?: { type: string; status: string; reason: string; message: string }[] };
        return status.conditions?.find((c) => c.type === "Progressing" && c.reason === "ProgressDeadlineExceeded");
      },
      8000,
    );
    assert.equal(condition.status, "False");
    assert.match(condition.message, /^ReplicaSet "web-[a-z0-9]+" has timed out progressing\.$/);
  }));

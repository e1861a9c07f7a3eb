import { test } from "node:test";
import assert from "node:assert/strict";
import type { PodTemplateSpec } from "../../apis/common/pod-types.js";
import { startReplicaSetController } from "../replicaset/index.js";
import { eventually, listPods, podTemplate, startCluster } from "../_test-kit.js";
import { computeHash } from "./hash.js";
import { startDeploymentController } from "./index.js";
import { LABELS, deployment, editDeployment, getDeployment, replicaSetsOf, rollOut, setImage } from "./_test-helpers.js";
import type { DeploymentStatus } from "./types.js";

test("a Deployment creates a ReplicaSet labelled with the template hash and reports a finished rollout", async () => {
  const cluster = await startCluster([startReplicaSetController, startDeploymentController]);
  try {
    await cluster.client.resource("apps", "Deployment").create("dev", deployment("web", 3));
    const [rs] = await eventually("the ReplicaSet", async () => {
      const list = await replicaSetsOf(cluster);
      return list.length === 1 && list;
    });
    const hash = rs?.metadata.labels?.["pod-template-hash"] ?? "";
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    assert.equal(rs?.metadata.name, `web-${hash}`);
    assert.deepEqual(rs?.metadata.labels, { ...LABELS, "pod-template-hash": hash });
    const spec = rs?.spec as { replicas: number; selector: unknown; template: { metadata: { labels: unknown } } };
    assert.deepEqual(spec.selector, { matchLabels: { ...LABELS, "pod-template-hash": hash } });
    assert.deepEqual(spec.template.metadata.labels, { ...LABELS, "pod-template-hash": hash });
    assert.equal(spec.replicas, 3);
    assert.equal(rs?.metadata.annotations?.["deployment.kubernetes.io/revision"], "1");
    assert.equal(rs?.metadata.annotations?.["deployment.kubernetes.io/desired-replicas"], "3");
    assert.equal(rs?.metadata.annotations?.["deployment.kubernetes.io/max-replicas"], "4");
    const d = await rollOut(cluster, "web");
    const status = d.status as DeploymentStatus;
    assert.deepEqual(
      { ...status, conditions: undefined },
      { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: undefined },
    );
    const conditions = Object.fromEntries((status.conditions ?? []).map((c) => [c.type, [c.status, c.reason, c.message]]));
    assert.deepEqual(conditions, {
      Available: ["True", "MinimumReplicasAvailable", "Deployment has minimum availability."],
      Progressing: ["True", "NewReplicaSetAvailable", `ReplicaSet "web-${hash}" has successfully progressed.`],
    });
    const pods = await listPods(cluster, LABELS);
    assert.ok(pods.every((p) => p.metadata.labels?.["pod-template-hash"] === hash));
    const { items } = await cluster.client.resource("", "Event").list({ namespace: "dev", fieldSelector: "involvedObject.name=web" });
    assert.deepEqual(
      items.map((e) => [e.reason, e.message]),
      [["ScalingReplicaSet", `Scaled up replica set web-${hash} from 0 to 3`]],
    );
  } finally {
    await cluster.stop();
  }
});

test("kubectl scale resizes the ReplicaSet and records the event with both sizes", async () => {
  const cluster = await startCluster([startReplicaSetController, startDeploymentController]);
  try {
    await cluster.client.resource("apps", "Deployment").create("dev", deployment("web", 3));
    await rollOut(cluster, "web");
    await editDeployment(cluster, "web", (d) => {
      d.spec = { ...(d.spec as object), replicas: 5 };
    });
    const done = await rollOut(cluster, "web");
    assert.equal((done.status as DeploymentStatus).availableReplicas, 5);
    const [rs] = await replicaSetsOf(cluster);
    assert.equal(rs?.metadata.annotations?.["deployment.kubernetes.io/desired-replicas"], "5");
    const { items } = await cluster.client.resource("", "Event").list({ namespace: "dev", fieldSelector: "involvedObject.name=web" });
    assert.ok(items.some((e) => e.message === `Scaled up replica set ${rs?.metadata.name ?? ""} from 3 to 5`));
  } finally {
    await cluster.stop();
  }
});

test("a paused Deployment holds a template change back until it is resumed", async () => {
  const cluster = await startCluster([startReplicaSetController, startDeploymentController]);
  try {
    await cluster.client.resource("apps", "Deployment").create("dev", deployment("web", 2));
    await rollOut(cluster, "web");
    await editDeployment(cluster, "web", (d) => {
      d.spec = { ...(d.spec as object), paused: true };
    });
    await setImage(cluster, "web", "nginx:1.26");
    await eventually("the pause observed", async () => {
      const paused = await getDeployment(cluster, "web");
      const status = paused.status as DeploymentStatus;
      const progressing = status.conditions?.find((c) => c.type === "Progressing");
      return status.observedGeneration === paused.metadata.generation && progressing?.reason === "DeploymentPaused";
    });
    assert.equal((await replicaSetsOf(cluster)).length, 1, "no rollout while paused");
    await editDeployment(cluster, "web", (d) => {
      d.spec = { ...(d.spec as object), paused: false };
    });
    await rollOut(cluster, "web");
    assert.equal((await replicaSetsOf(cluster)).length, 2);
  } finally {
    await cluster.stop();
  }
});

test("a matching orphan ReplicaSet is adopted, and the deprecated rollback annotation restores its template", async () => {
  const cluster = await startCluster([startReplicaSetController, startDeploymentController]);
  try {
    const created = await cluster.client.resource("apps", "Deployment").create("dev", deployment("web", 1));
    await rollOut(cluster, "web");
    const [first] = await replicaSetsOf(cluster);
    assert.equal(first?.metadata.ownerReferences?.[0]?.uid, created.metadata.uid);
    const orphan = await cluster.client.resource("apps", "ReplicaSet").create("dev", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "stray", labels: LABELS },
      spec: { replicas: 0, selector: { matchLabels: { ...LABELS, tier: "x" } }, template: { metadata: { labels: { ...LABELS, tier: "x" } }, spec: { containers: [{ name: "web", image: "nginx:1.24" }] } } },
    });
    await eventually("the orphan adopted", async () => {
      const rs = await cluster.client.resource("apps", "ReplicaSet").get("dev", "stray");
      return rs.metadata.ownerReferences?.[0]?.uid === created.metadata.uid && rs.metadata.uid === orphan.metadata.uid;
    });
    await setImage(cluster, "web", "nginx:1.26");
    await rollOut(cluster, "web");
    await editDeployment(cluster, "web", (d) => {
      d.metadata.annotations = { "deprecated.deployment.rollback.to": "1" };
    });
    const back = await eventually("the rollback", async () => {
      const current = await getDeployment(cluster, "web");
      const image = (current.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]?.image;
      return image === "nginx:1.25" && !current.metadata.annotations?.["deprecated.deployment.rollback.to"] && current;
    });
    assert.ok(back);
    await rollOut(cluster, "web");
    const { items } = await cluster.client.resource("", "Event").list({ namespace: "dev", fieldSelector: "involvedObject.name=web" });
    assert.ok(items.some((e) => e.reason === "DeploymentRollback" && e.message === `Rolled back deployment "web" to revision 1`));
  } finally {
    await cluster.stop();
  }
});

test("a name taken by a foreign ReplicaSet bumps collisionCount and the hash", async () => {
  const cluster = await startCluster([startReplicaSetController, startDeploymentController]);
  try {
    // Paused, the Deployment creates no ReplicaSet: time to take its name.
    const created = await cluster.client.resource("apps", "Deployment").create("dev", deployment("web", 1, { paused: true }));
    const template = (created.spec as { template: PodTemplateSpec }).template;
    const other = { app: "other" };
    await cluster.client.resource("apps", "ReplicaSet").create("dev", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: `web-${computeHash(template)}`, labels: other },
      spec: { replicas: 0, selector: { matchLabels: other }, template: podTemplate(other) },
    });
    await editDeployment(cluster, "web", (d) => {
      d.spec = { ...(d.spec as object), paused: false };
    });
    const done = await rollOut(cluster, "web");
    assert.equal((done.status as DeploymentStatus).collisionCount, 1);
    const names = (await replicaSetsOf(cluster)).map((rs) => rs.metadata.name).sort();
    assert.deepEqual(names, [`web-${computeHash(template)}`, `web-${computeHash(template, 1)}`].sort());
  } finally {
    await cluster.stop();
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject, OwnerReference } from "../../apis/types.js";
import type { ResourceClient } from "../../client/index.js";
import { startDeploymentController } from "../deployment/index.js";
import { startReplicaSetController } from "../replicaset/index.js";
import { eventually, listPods, podTemplate, startCluster, type TestCluster } from "../_test-kit.js";
import { startGarbageCollector } from "./index.js";

const LABELS = { app: "web" };

async function gone(resource: ResourceClient, name: string): Promise<boolean> {
  return (await resource.list({ namespace: "dev" })).items.every((o) => o.metadata.name !== name);
}

function configMap(name: string, owners: OwnerReference[] = [], finalizers: string[] = []): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, ownerReferences: owners, ...(finalizers.length ? { finalizers } : {}) }, data: {} };
}

function refTo(owner: KubeObject, blockOwnerDeletion = false): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? "", uid: owner.metadata.uid ?? "", blockOwnerDeletion };
}

async function replicaSetWithPods(cluster: TestCluster): Promise<KubeObject[]> {
  await cluster.client.resource("apps", "ReplicaSet").create("dev", {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "web" },
    spec: { replicas: 2, selector: { matchLabels: LABELS }, template: podTemplate(LABELS) },
  });
  return eventually("two pods", async () => {
    const pods = await listPods(cluster, LABELS);
    return pods.length === 2 && pods;
  });
}

test("background deletion: the owner goes at once and the collector deletes its pods", async () => {
  const cluster = await startCluster([startReplicaSetController, startGarbageCollector]);
  try {
    await replicaSetWithPods(cluster);
    await cluster.client.resource("apps", "ReplicaSet").delete("dev", "web", { propagationPolicy: "Background" });
    await eventually("pods collected", async () => (await listPods(cluster, LABELS)).length === 0);
  } finally {
    await cluster.stop();
  }
});

test("orphan deletion: the pods stay, without their owner reference", async () => {
  const cluster = await startCluster([startReplicaSetController, startGarbageCollector]);
  try {
    const pods = await replicaSetWithPods(cluster);
    const replicaSets = cluster.client.resource("apps", "ReplicaSet");
    await replicaSets.delete("dev", "web", { propagationPolicy: "Orphan" });
    await eventually("the ReplicaSet gone", () => gone(replicaSets, "web"));
    const left = await listPods(cluster, LABELS);
    assert.deepEqual(left.map((p) => p.metadata.name).sort(), pods.map((p) => p.metadata.name).sort());
    assert.ok(left.every((p) => p.metadata.ownerReferences === undefined));
  } finally {
    await cluster.stop();
  }
});

test("foreground deletion: a Deployment disappears only after its ReplicaSet and pods", async () => {
  const cluster = await startCluster([startReplicaSetController, startDeploymentController, startGarbageCollector]);
  try {
    const deployments = cluster.client.resource("apps", "Deployment");
    await deployments.create("dev", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { replicas: 2, selector: { matchLabels: LABELS }, template: podTemplate(LABELS) },
    });
    await eventually("two pods", async () => (await listPods(cluster, LABELS)).length === 2);
    await deployments.delete("dev", "web", { propagationPolicy: "Foreground" });
    const replicaSets = cluster.client.resource("apps", "ReplicaSet");
    const leftBehind: number[] = [];
    await eventually("everything gone", async () => {
      const deploymentGone = await gone(deployments, "web");
      const pods = await cluster.client.resource("", "Pod").list({ namespace: "dev" });
      const rsList = await replicaSets.list({ namespace: "dev" });
      // Read in this order, a deleted Deployment with dependents left is a foreground violation.
      if (deploymentGone) leftBehind.push(pods.items.length + rsList.items.length);
      return deploymentGone;
    });
    assert.deepEqual(leftBehind, [0]);
  } finally {
    await cluster.stop();
  }
});

test("a foreground deletion waits for dependents that block it, not for the others", async () => {
  const cluster = await startCluster([startGarbageCollector]);
  try {
    const configMaps = cluster.client.resource("", "ConfigMap");
    const owner = await configMaps.create("dev", configMap("owner"));
    await configMaps.create("dev", configMap("blocker", [refTo(owner, true)], ["example.com/hold"]));
    await configMaps.create("dev", configMap("bystander", [refTo(owner, false)], ["example.com/hold"]));
    await configMaps.delete("dev", "owner", { propagationPolicy: "Foreground" });
    // Both dependents are deleted; their finalizer keeps them, and the blocking one keeps the owner.
    await eventually("dependents marked for deletion", async () => {
      const { items } = await configMaps.list({ namespace: "dev" });
      return items.filter((o) => o.metadata.name !== "owner" && o.metadata.deletionTimestamp).length === 2;
    });
    const releaseFinalizer = async (name: string) => {
      const object = await configMaps.get("dev", name);
      await configMaps.update({ ...object, metadata: { ...object.metadata, finalizers: [] } });
    };
    await releaseFinalizer("bystander");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const waiting = await configMaps.get("dev", "owner");
    assert.ok(waiting.metadata.deletionTimestamp);
    assert.deepEqual(waiting.metadata.finalizers, ["foregroundDeletion"]);
    await releaseFinalizer("blocker");
    await eventually("the owner gone", () => gone(configMaps, "owner"));
  } finally {
    await cluster.stop();
  }
});

test("a dependent whose owner does not exist, or has another uid, is collected; one with a live owner stays", async () => {
  const cluster = await startCluster([startGarbageCollector]);
  try {
    const configMaps = cluster.client.resource("", "ConfigMap");
    const owner = await configMaps.create("dev", configMap("owner"));
    const ghost = { apiVersion: "v1", kind: "ConfigMap", name: "ghost", uid: "0f0f0f0f-0000-4000-8000-000000000000" };
    await configMaps.create("dev", configMap("of-ghost", [ghost]));
    await configMaps.create("dev", configMap("of-impostor", [{ ...refTo(owner), uid: "0f0f0f0f-0000-4000-8000-000000000001" }]));
    await configMaps.create("dev", configMap("of-owner", [refTo(owner)]));
    await eventually("the orphans collected", async () => (await gone(configMaps, "of-ghost")) && (await gone(configMaps, "of-impostor")));
    assert.ok(!(await gone(configMaps, "of-owner")));
  } finally {
    await cluster.stop();
  }
});

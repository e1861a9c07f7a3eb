import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeObject } from "../../apis/types.js";
import { LOCAL_PATH_STORAGE_CLASS } from "../../apis/storageclass.js";
import { eventually, NAMESPACE, startCluster } from "../_test-kit.js";
import { volumeControllers } from "./index.js";

const claim = (name: string, spec: Record<string, unknown> = {}, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, annotations },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
});

test("a claim of a class without provisioner binds to a free volume, which is released when the claim goes", async () => {
  const cluster = await startCluster(volumeControllers({}));
  const claims = cluster.client.resource("", "PersistentVolumeClaim");
  const volumes = cluster.client.resource("", "PersistentVolume");
  try {
    await volumes.create("", { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "disk" }, spec: { capacity: { storage: "5Gi" }, accessModes: ["ReadWriteOnce"], storageClassName: "", persistentVolumeReclaimPolicy: "Retain", hostPath: { path: "/tmp/disk" } } });
    await eventually("volume Available", async () => ((await volumes.get("", "disk")).status as { phase?: string }).phase === "Available");
    await claims.create(NAMESPACE, claim("data", { storageClassName: "" }));
    const bound = await eventually("claim Bound", async () => {
      const found = await claims.get(NAMESPACE, "data");
      return (found.status as { phase?: string }).phase === "Bound" ? found : undefined;
    });
    assert.equal((bound.spec as { volumeName?: string }).volumeName, "disk");
    assert.deepEqual((bound.status as { capacity?: unknown }).capacity, { storage: "5Gi" });
    assert.equal(bound.metadata.annotations?.["pv.kubernetes.io/bind-completed"], "yes");
    const volume = await volumes.get("", "disk");
    assert.equal((volume.status as { phase?: string }).phase, "Bound");
    assert.deepEqual((volume.spec as { claimRef?: { name?: string; uid?: string } }).claimRef?.uid, bound.metadata.uid);

    await claims.delete(NAMESPACE, "data");
    await eventually("volume Released", async () => ((await volumes.get("", "disk")).status as { phase?: string }).phase === "Released");
  } finally {
    await cluster.stop();
  }
});

test("local-path provisions a directory for a claim with a selected node, and removes both when the claim goes", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "mini-volume-"));
  const cluster = await startCluster(volumeControllers({ dataDir }));
  const claims = cluster.client.resource("", "PersistentVolumeClaim");
  const volumes = cluster.client.resource("", "PersistentVolume");
  try {
    await cluster.client.resource("storage.k8s.io", "StorageClass").create("", structuredClone(LOCAL_PATH_STORAGE_CLASS));
    await cluster.client.resource("", "Node").create("", { apiVersion: "v1", kind: "Node", metadata: { name: "n1", labels: { "kubernetes.io/hostname": "n1" } } });
    await claims.create(NAMESPACE, claim("waits", { storageClassName: "local-path" }));
    await claims.create(NAMESPACE, claim("data", { storageClassName: "local-path" }, { "volume.kubernetes.io/selected-node": "n1" }));
    const bound = await eventually("claim Bound", async () => {
      const found = await claims.get(NAMESPACE, "data");
      return (found.status as { phase?: string }).phase === "Bound" ? found : undefined;
    });
    const name = `pvc-${bound.metadata.uid ?? ""}`;
    assert.equal((bound.spec as { volumeName?: string }).volumeName, name);
    const volume = await volumes.get("", name);
    const path = join(dataDir, "storage", name);
    assert.deepEqual((volume.spec as { hostPath?: unknown }).hostPath, { path, type: "DirectoryOrCreate" });
    assert.deepEqual((volume.spec as { nodeAffinity?: unknown }).nodeAffinity, { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["n1"] }] }] } });
    assert.equal(volume.metadata.annotations?.["pv.kubernetes.io/provisioned-by"], LOCAL_PATH_STORAGE_CLASS.provisioner);
    assert.ok(existsSync(path));
    // Without a consumer the other claim still waits.
    assert.equal(((await claims.get(NAMESPACE, "waits")).status as { phase?: string }).phase, "Pending");
    // A node that does not exist is dropped, so the scheduler chooses again.
    await claims.create(NAMESPACE, claim("ghost", { storageClassName: "local-path" }, { "volume.kubernetes.io/selected-node": "gone" }));
    await eventually("selected node dropped", async () => (await claims.get(NAMESPACE, "ghost")).metadata.annotations?.["volume.kubernetes.io/selected-node"] === undefined);

    await claims.delete(NAMESPACE, "data");
    await eventually("volume deleted", async () => (await volumes.list()).items.every((v) => v.metadata.name !== name));
    assert.equal(existsSync(path), false);
  } finally {
    await cluster.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test("a claim in use by a pod stays until the pod is gone", async () => {
  const cluster = await startCluster(volumeControllers({}));
  const claims = cluster.client.resource("", "PersistentVolumeClaim");
  const pods = cluster.client.resource("", "Pod");
  try {
    await claims.create(NAMESPACE, claim("kept", { storageClassName: "" }));
    assert.deepEqual((await claims.get(NAMESPACE, "kept")).metadata.finalizers, ["kubernetes.io/pvc-protection"]);
    const volumes = [{ name: "data", persistentVolumeClaim: { claimName: "kept" } }];
    await pods.create(NAMESPACE, { apiVersion: "v1", kind: "Pod", metadata: { name: "user" }, spec: { containers: [{ name: "app", image: "busybox" }], volumes } });
    await claims.delete(NAMESPACE, "kept");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const terminating = await claims.get(NAMESPACE, "kept");
    assert.ok(terminating.metadata.deletionTimestamp, "the claim is terminating");
    await pods.delete(NAMESPACE, "user", { gracePeriodSeconds: 0 });
    await eventually("claim gone", async () => (await claims.list({ namespace: NAMESPACE })).items.length === 0);
  } finally {
    await cluster.stop();
  }
});

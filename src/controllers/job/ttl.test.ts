import { test } from "node:test";
import assert from "node:assert/strict";
import { startTtlAfterFinishedController } from "./ttl.js";
import { eventually, testCluster } from "../_test-kit.js";
import type { Job } from "./types.js";

const NS = "ttl";

test("a finished job is deleted ttlSecondsAfterFinished after it finished, in the foreground", async () => {
  const cluster = await testCluster();
  await cluster.createNamespace(NS);
  const clock = { now: Date.now() };
  startTtlAfterFinishedController(cluster.context, { now: () => clock.now });
  await cluster.start();
  const jobs = cluster.client.resource("batch", "Job");
  try {
    const spec = { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox" }] } } };
    const created = await jobs.create(NS, { apiVersion: "batch/v1", kind: "Job", metadata: { name: "done" }, spec: { ...spec, ttlSecondsAfterFinished: 60 } });
    await jobs.create(NS, { apiVersion: "batch/v1", kind: "Job", metadata: { name: "kept" }, spec });
    const finishedAt = new Date(clock.now).toISOString().replace(/\.\d{3}Z$/, "Z");
    const condition = { type: "Complete", status: "True", lastTransitionTime: finishedAt, lastProbeTime: finishedAt };
    for (const name of ["done", "kept"]) {
      const job = await jobs.get(NS, name);
      await jobs.updateStatus({ ...job, status: { conditions: [condition], completionTime: finishedAt } });
    }
    // Not yet: the TTL has not passed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await jobs.get(NS, "done")).metadata.deletionTimestamp, undefined);

    clock.now += 61_000;
    const current = await jobs.get(NS, "done");
    delete current.metadata.resourceVersion;
    await jobs.update({ ...current, metadata: { ...current.metadata, labels: { poke: "1" } } });
    const deleting = await eventually("the expired job to be deleted", async () => {
      const job = (await jobs.get(NS, "done")) as Job;
      return job.metadata.deletionTimestamp ? job : undefined;
    });
    // Without a garbage collector in this test, foreground deletion waits on its finalizer.
    assert.deepEqual(deleting.metadata.finalizers, ["foregroundDeletion"]);
    assert.equal(deleting.metadata.uid, created.metadata.uid);
    assert.equal((await jobs.get(NS, "kept")).metadata.deletionTimestamp, undefined);
  } finally {
    await cluster.stop();
  }
});

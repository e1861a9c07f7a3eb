import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import type { JobSpec } from "../../apis/common/job-spec.js";
import { startJobController, type JobControllerOptions } from "./controller.js";
import { eventReasons, eventually, testCluster, waitForEvent, type TestCluster } from "../_test-kit.js";
import { TRACKING_FINALIZER, type Job, type JobCondition, type Pod } from "./types.js";

const NS = "jobs";

async function setUp(options: JobControllerOptions = {}): Promise<TestCluster> {
  const cluster = await testCluster();
  await cluster.createNamespace(NS);
  startJobController(cluster.context, { batchPeriodMs: 0, podFailureBackoffMs: 10, workers: 2, ...options });
  await cluster.start();
  return cluster;
}

function job(name: string, spec: Partial<JobSpec> = {}): KubeObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: NS },
    spec: {
      template: { metadata: { labels: { app: name } }, spec: { restartPolicy: "Never", containers: [{ name: "work", image: "busybox" }] } },
      ...spec,
    },
  };
}

const jobs = (cluster: TestCluster) => cluster.client.resource("batch", "Job");
const pods = (cluster: TestCluster) => cluster.client.resource("", "Pod");

async function podsOf(cluster: TestCluster, name: string): Promise<Pod[]> {
  const { items } = await pods(cluster).list({ namespace: NS, labelSelector: `batch.kubernetes.io/job-name=${name}` });
  return items as Pod[];
}

async function activePods(cluster: TestCluster, name: string, count: number): Promise<Pod[]> {
  return eventually(`${count} active pods of ${name}`, async () => {
    const live = (await podsOf(cluster, name)).filter((pod) => !pod.metadata.deletionTimestamp && (!pod.status?.phase || pod.status.phase === "Pending"));
    return live.length === count ? live : undefined;
  });
}

/** What a kubelet would report when the pod's container exits. */
async function finishPod(cluster: TestCluster, pod: Pod, exitCode: number): Promise<void> {
  const fresh = (await pods(cluster).get(NS, pod.metadata.name ?? "")) as Pod;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  fresh.status = {
    ...fresh.status,
    phase: exitCode === 0 ? "Succeeded" : "Failed",
    containerStatuses: [{ name: "work", restartCount: 0, state: { terminated: { exitCode, finishedAt: now } } }],
  };
  await pods(cluster).updateStatus(fresh);
}

async function condition(cluster: TestCluster, name: string, type: string): Promise<Job> {
  return eventually(`${name} ${type}`, async () => {
    const current = (await jobs(cluster).get(NS, name)) as Job;
    return current.status?.conditions?.some((c) => c.type === type && c.status === "True") ? current : undefined;
  });
}

/** Edits the job as a user would, without a resourceVersion: the controller writes status meanwhile. */
async function editJob(cluster: TestCluster, name: string, edit: (job: KubeObject) => void): Promise<void> {
  const current = await jobs(cluster).get(NS, name);
  edit(current);
  delete current.metadata.resourceVersion;
  await jobs(cluster).update(current);
}

const conditionSummary = (job: Job): string[] => (job.status?.conditions ?? []).map((c: JobCondition) => `${c.type}=${c.status}/${c.reason ?? ""}`);

test("a job runs parallel pods until its completions succeed, then completes", async () => {
  const cluster = await setUp();
  try {
    const created = await jobs(cluster).create(NS, job("pi", { completions: 3, parallelism: 2 }));
    const first = await activePods(cluster, "pi", 2);
    const pod = first[0] as Pod;
    assert.ok(pod.metadata.name?.startsWith("pi-"));
    assert.deepEqual(pod.metadata.finalizers, [TRACKING_FINALIZER]);
    assert.deepEqual(pod.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.uid, r.controller, r.blockOwnerDeletion]), [["Job", "pi", created.metadata.uid, true, true]]);
    assert.equal(pod.metadata.labels?.app, "pi");
    const running = await eventually("status.active 2", async () => {
      const current = (await jobs(cluster).get(NS, "pi")) as Job;
      return current.status?.active === 2 ? current : undefined;
    });
    assert.ok(running.status?.startTime);
    assert.equal(running.status?.ready, 0);

    for (const p of first) await finishPod(cluster, p, 0);
    const [last] = await activePods(cluster, "pi", 1);
    await finishPod(cluster, last as Pod, 0);
    const done = await condition(cluster, "pi", "Complete");
    assert.deepEqual(conditionSummary(done), ["SuccessCriteriaMet=True/CompletionsReached", "Complete=True/CompletionsReached"]);
    assert.equal(done.status?.succeeded, 3);
    assert.equal(done.status?.failed, undefined);
    assert.equal(done.status?.active, undefined);
    assert.equal(done.status?.terminating, 0);
    assert.deepEqual(done.status?.uncountedTerminatedPods, {});
    assert.ok(done.status?.completionTime);
    const leftovers = await podsOf(cluster, "pi");
    assert.equal(leftovers.length, 3);
    assert.ok(leftovers.every((p) => !(p.metadata.finalizers ?? []).includes(TRACKING_FINALIZER)), "counted pods lose the finalizer");
    await waitForEvent(cluster.client, created, "Completed");
    const reasons = await eventReasons(cluster.client, created);
    assert.equal(reasons.filter((r) => r === "SuccessfulCreate").length, 3);
  } finally {
    await cluster.stop();
  }
});

test("failed pods are replaced after a back-off until backoffLimit is exceeded", async () => {
  const cluster = await setUp();
  try {
    const created = await jobs(cluster).create(NS, job("flaky", { backoffLimit: 2 }));
    for (let attempt = 0; attempt < 3; attempt++) {
      const [pod] = await activePods(cluster, "flaky", 1);
      await finishPod(cluster, pod as Pod, 1);
    }
    const failed = await condition(cluster, "flaky", "Failed");
    assert.deepEqual(conditionSummary(failed), ["FailureTarget=True/BackoffLimitExceeded", "Failed=True/BackoffLimitExceeded"]);
    assert.equal(failed.status?.conditions?.[1]?.message, "Job has reached the specified backoff limit");
    assert.equal(failed.status?.failed, 3);
    assert.equal((await podsOf(cluster, "flaky")).length, 3, "no fourth attempt");
    await waitForEvent(cluster.client, created, "BackoffLimitExceeded");
  } finally {
    await cluster.stop();
  }
});

test("Indexed jobs give each pod its index and record completed indexes", async () => {
  const cluster = await setUp();
  try {
    await jobs(cluster).create(NS, job("idx", { completions: 3, parallelism: 3, completionMode: "Indexed" }));
    const created = await activePods(cluster, "idx", 3);
    const byIndex = new Map(created.map((pod) => [pod.metadata.annotations?.["batch.kubernetes.io/job-completion-index"], pod]));
    assert.deepEqual([...byIndex.keys()].sort(), ["0", "1", "2"]);
    const one = byIndex.get("1") as Pod;
    assert.equal(one.metadata.labels?.["batch.kubernetes.io/job-completion-index"], "1");
    assert.equal(one.spec?.hostname, "idx-1");
    assert.ok(one.metadata.name?.startsWith("idx-1-"));
    assert.deepEqual(one.spec?.containers?.[0]?.env, [
      { name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } },
    ]);
    await finishPod(cluster, byIndex.get("0") as Pod, 0);
    await finishPod(cluster, byIndex.get("2") as Pod, 0);
    const partial = await eventually("completedIndexes 0,2", async () => {
      const current = (await jobs(cluster).get(NS, "idx")) as Job;
      return current.status?.completedIndexes === "0,2" ? current : undefined;
    });
    assert.equal(partial.status?.succeeded, 2);
    await finishPod(cluster, one, 0);
    const done = await condition(cluster, "idx", "Complete");
    assert.equal(done.status?.completedIndexes, "0-2");
    assert.equal(done.status?.succeeded, 3);
  } finally {
    await cluster.stop();
  }
});

test("pod failure policy: Ignore does not count, FailJob fails the job at once", async () => {
  const cluster = await setUp();
  try {
    const podFailurePolicy = {
      rules: [
        { action: "Ignore", onExitCodes: { operator: "In", values: [1] } },
        { action: "FailJob", onExitCodes: { containerName: "work", operator: "In", values: [42] } },
      ],
    };
    await jobs(cluster).create(NS, job("policy", { backoffLimit: 0, podFailurePolicy }));
    const [ignored] = await activePods(cluster, "policy", 1);
    await finishPod(cluster, ignored as Pod, 1);
    const [fatal] = await activePods(cluster, "policy", 1);
    assert.notEqual(fatal?.metadata.name, ignored?.metadata.name, "an ignored failure is replaced");
    await finishPod(cluster, fatal as Pod, 42);
    const failed = await condition(cluster, "policy", "Failed");
    assert.deepEqual(conditionSummary(failed), ["FailureTarget=True/PodFailurePolicy", "Failed=True/PodFailurePolicy"]);
    assert.equal(
      failed.status?.conditions?.[1]?.message,
      `Container work for pod ${NS}/${fatal?.metadata.name ?? ""} failed with exit code 42 matching FailJob rule at index 1`,
    );
    assert.equal(failed.status?.failed, 1, "the ignored failure is not counted");
  } finally {
    await cluster.stop();
  }
});

test("activeDeadlineSeconds fails the job and deletes its running pods", async () => {
  const clock = { now: Date.now() };
  const cluster = await setUp({ now: () => clock.now });
  try {
    await jobs(cluster).create(NS, job("slow", { activeDeadlineSeconds: 30, parallelism: 2, completions: 2 }));
    await activePods(cluster, "slow", 2);
    clock.now += 31_000;
    await editJob(cluster, "slow", (j) => (j.metadata.labels = { poke: "1" }));
    const failed = await condition(cluster, "slow", "Failed");
    assert.deepEqual(conditionSummary(failed), ["FailureTarget=True/DeadlineExceeded", "Failed=True/DeadlineExceeded"]);
    assert.equal(failed.status?.failed, 2, "the pods it stopped count as failed");
    await eventually("the pods to be deleted", async () => ((await podsOf(cluster, "slow")).length === 0 ? true : undefined));
  } finally {
    await cluster.stop();
  }
});

test("suspend deletes the active pods; resume starts them again", async () => {
  const cluster = await setUp();
  try {
    await jobs(cluster).create(NS, job("pause", { parallelism: 2, completions: 4 }));
    await activePods(cluster, "pause", 2);
    await editJob(cluster, "pause", (j) => (j.spec = { ...(j.spec as object), suspend: true }));
    const paused = await condition(cluster, "pause", "Suspended");
    assert.equal(paused.status?.conditions?.find((c) => c.type === "Suspended")?.reason, "JobSuspended");
    await eventually("pods deleted while suspended", async () => ((await podsOf(cluster, "pause")).length === 0 ? true : undefined));
    await editJob(cluster, "pause", (j) => (j.spec = { ...(j.spec as object), suspend: false }));
    await activePods(cluster, "pause", 2);
    const resumed = await eventually("Suspended=False", async () => {
      const j = (await jobs(cluster).get(NS, "pause")) as Job;
      return j.status?.conditions?.find((c) => c.type === "Suspended" && c.status === "False") ? j : undefined;
    });
    assert.equal(resumed.status?.conditions?.find((c) => c.type === "Suspended")?.reason, "JobResumed");
    await waitForEvent(cluster.client, resumed, "Suspended");
    await waitForEvent(cluster.client, resumed, "Resumed");
  } finally {
    await cluster.stop();
  }
});

test("a pod deleted while running is counted as failed and replaced", async () => {
  const cluster = await setUp();
  try {
    await jobs(cluster).create(NS, job("lost"));
    const [pod] = await activePods(cluster, "lost", 1);
    await pods(cluster).delete(NS, pod?.metadata.name ?? "");
    const [replacement] = await activePods(cluster, "lost", 1);
    assert.notEqual(replacement?.metadata.name, pod?.metadata.name);
    const counted = await eventually("the deleted pod counted as failed", async () => {
      const current = (await jobs(cluster).get(NS, "lost")) as Job;
      return current.status?.failed === 1 ? current : undefined;
    });
    assert.equal(counted.status?.active, 1);
    await eventually("the deleted pod to be gone", async () => ((await podsOf(cluster, "lost")).length === 1 ? true : undefined));
  } finally {
    await cluster.stop();
  }
});

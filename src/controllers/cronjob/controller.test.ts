import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import { eventually, testCluster, waitForEvent, type TestCluster } from "../_test-kit.js";
import { startCronJobController } from "./controller.js";
import type { CronJobSpec } from "../../apis/cronjob.js";
import type { CronJob, Job } from "./jobs.js";

const NS = "batch-test";
const MINUTE = 60_000;

/** A cluster with only the CronJob controller, on a clock the test moves. */
async function setUp(): Promise<{ cluster: TestCluster; clock: { now: number } }> {
  const cluster = await testCluster();
  await cluster.createNamespace(NS);
  const clock = { now: Date.now() };
  startCronJobController(cluster.context, { now: () => clock.now, defaultTimeZone: "UTC", workers: 2 });
  await cluster.start();
  return { cluster, clock };
}

function cronJob(name: string, spec: CronJobSpec = {}): KubeObject {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name, namespace: NS },
    spec: {
      schedule: "*/5 * * * *",
      jobTemplate: {
        metadata: { labels: { app: name } },
        spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox" }] } } },
      },
      ...spec,
    },
  };
}

const cronJobs = (cluster: TestCluster) => cluster.client.resource("batch", "CronJob");
const jobs = (cluster: TestCluster) => cluster.client.resource("batch", "Job");

async function listJobs(cluster: TestCluster): Promise<Job[]> {
  return (await jobs(cluster).list({ namespace: NS })).items as Job[];
}

/** Any spec change but the schedule makes the controller look again at once. */
async function poke(cluster: TestCluster, name: string): Promise<void> {
  const current = await cronJobs(cluster).get(NS, name);
  current.metadata.annotations = { ...current.metadata.annotations, poked: String(Date.now()) };
  // Unconditional: the controller writes status meanwhile.
  delete current.metadata.resourceVersion;
  await cronJobs(cluster).update(current);
}

/** The latest five-minute mark at or before `now`: when an every-five-minutes run was due. */
function lastFiveMinuteMark(now: number): number {
  return now - (now % (5 * MINUTE));
}

async function finish(cluster: TestCluster, job: Job, type: "Complete" | "Failed", at: number): Promise<void> {
  const fresh = await jobs(cluster).get(NS, job.metadata.name ?? "");
  const time = new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");
  fresh.status = {
    startTime: time,
    ...(type === "Complete" ? { completionTime: time, succeeded: 1 } : { failed: 1 }),
    conditions: [{ type, status: "True", lastTransitionTime: time, lastProbeTime: time }],
  };
  await jobs(cluster).updateStatus(fresh);
}

test("a due schedule creates its run, owned and annotated, and lists it as active", async () => {
  const { cluster, clock } = await setUp();
  try {
    const created = (await cronJobs(cluster).create(NS, cronJob("report"))) as CronJob;
    clock.now = Date.parse(created.metadata.creationTimestamp ?? "") + 6 * MINUTE;
    await poke(cluster, "report");
    const scheduled = lastFiveMinuteMark(clock.now);
    const [job] = await eventually("the first run", async () => {
      const found = await listJobs(cluster);
      return found.length ? found : undefined;
    });
    assert.equal(job?.metadata.name, `report-${scheduled / MINUTE}`);
    assert.deepEqual(job?.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.controller, r.blockOwnerDeletion]), [["CronJob", "report", true, true]]);
    assert.equal(job?.metadata.labels?.app, "report");
    assert.equal(job?.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"], new Date(scheduled).toISOString().replace(/\.\d{3}Z$/, "Z"));
    const status = await eventually("status.active", async () => {
      const current = (await cronJobs(cluster).get(NS, "report")) as CronJob;
      return current.status?.active?.length ? current.status : undefined;
    });
    assert.equal(status.active?.[0]?.name, job?.metadata.name);
    assert.equal(status.lastScheduleTime, new Date(scheduled).toISOString().replace(/\.\d{3}Z$/, "Z"));
    await waitForEvent(cluster.client, created, "SuccessfulCreate");

    // A finished run leaves the active list and sets lastSuccessfulTime.
    await finish(cluster, job as Job, "Complete", clock.now);
    const done = await eventually("the run to be seen completed", async () => {
      const current = (await cronJobs(cluster).get(NS, "report")) as CronJob;
      return current.status?.active?.length === 0 && current.status.lastSuccessfulTime ? current.status : undefined;
    });
    assert.equal(done.lastScheduleTime, status.lastScheduleTime);
    await waitForEvent(cluster.client, created, "SawCompletedJob");
  } finally {
    await cluster.stop();
  }
});

test("Forbid skips a run while one is active; Replace deletes it and starts the new one", async () => {
  const { cluster, clock } = await setUp();
  try {
    const forbid = (await cronJobs(cluster).create(NS, cronJob("forbid", { concurrencyPolicy: "Forbid" }))) as CronJob;
    await cronJobs(cluster).create(NS, cronJob("replace", { concurrencyPolicy: "Replace" }));
    const created = Date.parse(forbid.metadata.creationTimestamp ?? "");
    clock.now = created + 6 * MINUTE;
    await poke(cluster, "forbid");
    await poke(cluster, "replace");
    await eventually("one run of each", async () => ((await listJobs(cluster)).length === 2 ? true : undefined));
    const first = lastFiveMinuteMark(clock.now);

    clock.now += 5 * MINUTE;
    await poke(cluster, "forbid");
    await poke(cluster, "replace");
    await waitForEvent(cluster.client, forbid, "JobAlreadyActive");
    const names = await eventually("the replacement run", async () => {
      const found = (await listJobs(cluster)).map((job) => job.metadata.name ?? "").sort();
      return found.includes(`replace-${first / MINUTE + 5}`) && !found.includes(`replace-${first / MINUTE}`) ? found : undefined;
    });
    assert.deepEqual(names, [`forbid-${first / MINUTE}`, `replace-${first / MINUTE + 5}`]);
  } finally {
    await cluster.stop();
  }
});

test("history limits delete the oldest finished runs; suspend stops new ones", async () => {
  const { cluster, clock } = await setUp();
  try {
    const created = (await cronJobs(cluster).create(NS, cronJob("tidy", { successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 0 }))) as CronJob;
    const start = Date.parse(created.metadata.creationTimestamp ?? "");
    for (let run = 1; run <= 3; run++) {
      clock.now = start + run * 5 * MINUTE + MINUTE;
      await poke(cluster, "tidy");
      const job = await eventually(`run ${run}`, async () => (await listJobs(cluster)).find((j) => j.metadata.name === `tidy-${lastFiveMinuteMark(clock.now) / MINUTE}`));
      await finish(cluster, job, run === 2 ? "Failed" : "Complete", clock.now);
    }
    await poke(cluster, "tidy");
    const left = await eventually("old runs to be deleted", async () => {
      const found = await listJobs(cluster);
      return found.length === 1 ? found : undefined;
    });
    assert.equal(left[0]?.metadata.name, `tidy-${lastFiveMinuteMark(clock.now) / MINUTE}`);
    await waitForEvent(cluster.client, created, "SuccessfulDelete");

    const current = await cronJobs(cluster).get(NS, "tidy");
    delete current.metadata.resourceVersion;
    await cronJobs(cluster).update({ ...current, spec: { ...(current.spec as object), suspend: true } });
    // Let syncs already under way finish on the old clock.
    await new Promise((resolve) => setTimeout(resolve, 100));
    clock.now += 10 * MINUTE;
    await poke(cluster, "tidy");
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual((await listJobs(cluster)).map((j) => j.metadata.name), [left[0]?.metadata.name]);
  } finally {
    await cluster.stop();
  }
});

test("spec.timeZone reads the schedule in that zone and stamps the run in it", async () => {
  const { cluster, clock } = await setUp();
  try {
    const created = (await cronJobs(cluster).create(NS, cronJob("tokyo", { schedule: "0 9 * * *", timeZone: "Asia/Tokyo" }))) as CronJob;
    const start = Date.parse(created.metadata.creationTimestamp ?? "");
    // The next 09:00 in Tokyo is the next 00:00 UTC.
    const nineInTokyo = start - (start % (24 * 60 * MINUTE)) + 24 * 60 * MINUTE;
    clock.now = nineInTokyo + MINUTE;
    await poke(cluster, "tokyo");
    const job = await eventually("the Tokyo run", async () => (await listJobs(cluster))[0]);
    assert.equal(job.metadata.name, `tokyo-${nineInTokyo / MINUTE}`);
    assert.match(job.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"] ?? "", /T09:00:00\+09:00$/);
  } finally {
    await cluster.stop();
  }
});

test("after a long outage only the latest missed run starts, with a warning past 100 misses", async () => {
  const { cluster, clock } = await setUp();
  try {
    const created = (await cronJobs(cluster).create(NS, cronJob("late", { schedule: "* * * * *" }))) as CronJob;
    clock.now = Date.parse(created.metadata.creationTimestamp ?? "") + 200 * MINUTE + 30_000;
    await poke(cluster, "late");
    await waitForEvent(cluster.client, created, "TooManyMissedTimes");
    const [job] = await eventually("the latest run", async () => {
      const found = await listJobs(cluster);
      return found.length ? found : undefined;
    });
    assert.equal(job?.metadata.name, `late-${Math.floor(clock.now / MINUTE)}`);
  } finally {
    await cluster.stop();
  }
});

/**
 * Issue 4, end to end with the real kubectl on `mini up --fake-nodes 3 --job-backoff 200ms
 * --node-monitor-grace-period 3s`: Jobs that complete and Jobs that exhaust their backoffLimit,
 * a pod that fits no node (FailedScheduling with the filter reasons), and the node lifecycle
 * (heartbeat stops → NotReady → unreachable taint → pods evicted). One mini for the file; the
 * node-lifecycle test runs last, since it takes a node away from the others.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  createNamespaces,
  fixturePath,
  kubectlJson,
  manifest,
  parseTable,
  startMini,
  waitUntil,
  type KubectlWatch,
  type Mini,
} from "../harness.js";

const JOBS_NS = "e2e-jobs";
const SCHED_NS = "e2e-sched";
const EVICT_NS = "e2e-evict";
const NODE = "mini-fake-3";

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface JobJson {
  metadata: { name: string; uid: string };
  status: { conditions?: Condition[]; succeeded?: number; failed?: number; active?: number; startTime?: string; completionTime?: string };
}
interface PodJson {
  metadata: { name: string; deletionTimestamp?: string; ownerReferences?: { kind: string; uid: string }[] };
  spec: { nodeName?: string };
  status: {
    phase?: string;
    conditions?: Condition[];
    containerStatuses?: { name: string; state?: { terminated?: { exitCode: number; reason?: string } } }[];
  };
}
interface NodeJson {
  spec: { taints?: { key: string; effect: string; value?: string }[]; unschedulable?: boolean };
  metadata: { annotations?: Record<string, string> };
  status: { conditions?: Condition[] };
}

let mini: Mini;
/** `kubectl get nodes -w`, running from the start: any NotReady line before the test takes a node away is a flap. */
let nodeWatch: KubectlWatch;
let nodeWatchStarted = 0;

before(async () => {
  mini = await startMini({ extraArgs: ["--fake-nodes", "3", "--job-backoff", "200ms", "--node-monitor-grace-period", "3s"] });
  await waitUntil("3 Ready nodes", async () => {
    const out = await mini.kubectl(["get", "nodes", "--no-headers"]);
    const ready = out.stdout.split("\n").filter((line) => /\sReady\s/.test(line));
    return ready.length === 3 ? true : undefined;
  });
  nodeWatch = mini.kubectlWatch(["get", "nodes", "-w", "--output-watch-events"]);
  nodeWatchStarted = performance.now();
  await createNamespaces(mini, JOBS_NS, SCHED_NS, EVICT_NS);
});

after(async () => {
  await nodeWatch?.stop();
  await mini?.dispose();
});

function condition(object: { status: { conditions?: Condition[] } }, type: string): Condition | undefined {
  return object.status.conditions?.find((c) => c.type === type);
}

async function pods(namespace: string, selector?: string): Promise<PodJson[]> {
  const args = ["get", "pods", "-n", namespace, ...(selector === undefined ? [] : ["-l", selector])];
  return ((await kubectlJson(mini, args)) as unknown as { items: PodJson[] }).items;
}

describe("Jobs", { timeout: 120_000 }, () => {
  const failing = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "fails", namespace: JOBS_NS },
    spec: {
      backoffLimit: 2,
      template: {
        spec: {
          restartPolicy: "Never",
          containers: [{ name: "main", image: "busybox:1.36", command: ["false"], env: [{ name: "MINI_FAKE_EXIT_CODE", value: "1" }] }],
        },
      },
    },
  };

  before(async () => {
    // Both Jobs run side by side: the failing one needs three ~5 s pods.
    await mini.kubectl(["apply", "-n", JOBS_NS, "-f", fixturePath("job.yaml")]);
    await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(failing) });
  });

  test("apply -f fixtures/job.yaml, then kubectl wait --for=condition=complete job/pi --timeout=60s succeeds", async () => {
    const waited = await mini.kubectl(["wait", "--for=condition=complete", "job/pi", "-n", JOBS_NS, "--timeout=60s"], { timeoutMs: 70_000 });
    assert.match(waited.stdout, /job\.batch\/pi condition met/);
    const job = (await kubectlJson(mini, ["get", "job", "pi", "-n", JOBS_NS])) as unknown as JobJson;
    assert.equal(condition(job, "Complete")?.status, "True");
    assert.equal(job.status.succeeded, 1);
    assert.ok(job.status.completionTime !== undefined, "a complete Job has a completionTime");
    const jobPods = await pods(JOBS_NS, "job-name=pi");
    assert.equal(jobPods.length, 1);
    assert.equal(jobPods[0]!.status.phase, "Succeeded");
    assert.equal(jobPods[0]!.status.containerStatuses?.[0]?.state?.terminated?.exitCode, 0);
    const table = parseTable((await mini.kubectl(["get", "job", "pi", "-n", JOBS_NS])).stdout);
    assert.match(table.rows[0]?.["STATUS"] ?? table.rows[0]?.["COMPLETIONS"] ?? "", /Complete|1\/1/);
  });

  test("a Job with backoffLimit 2 whose pods exit 1 fails with BackoffLimitExceeded after exactly 3 failed pods", async () => {
    const waited = await mini.kubectl(["wait", "--for=condition=failed", "job/fails", "-n", JOBS_NS, "--timeout=90s"], { timeoutMs: 100_000 });
    assert.match(waited.stdout, /job\.batch\/fails condition met/);
    const job = (await kubectlJson(mini, ["get", "job", "fails", "-n", JOBS_NS])) as unknown as JobJson;
    const failed = condition(job, "Failed");
    assert.equal(failed?.status, "True", JSON.stringify(job.status));
    assert.equal(failed?.reason, "BackoffLimitExceeded");
    assert.equal(job.status.failed, 3, JSON.stringify(job.status));
    assert.equal(job.status.succeeded ?? 0, 0);
    assert.equal(condition(job, "Complete"), undefined);
    // No fourth attempt once the Job has failed.
    await sleep(1_000);
    const jobPods = await pods(JOBS_NS, "job-name=fails");
    assert.equal(jobPods.length, 3, jobPods.map((pod) => `${pod.metadata.name}:${String(pod.status.phase)}`).join(", "));
    for (const pod of jobPods) {
      assert.equal(pod.status.phase, "Failed", pod.metadata.name);
      assert.equal(pod.status.containerStatuses?.[0]?.state?.terminated?.exitCode, 1, JSON.stringify(pod.status.containerStatuses));
    }
    const events = await mini.kubectl(["get", "events", "-n", JOBS_NS, "--field-selector", "involvedObject.name=fails"]);
    assert.match(events.stdout, /BackoffLimitExceeded/, events.stdout);
  });
});

describe("scheduling", { timeout: 60_000 }, () => {
  test("a pod that fits no node stays Pending and describe shows FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu.", async () => {
    const reason = "0/3 nodes are available: 3 Insufficient cpu.";
    await mini.kubectl(["apply", "-f", "-"], {
      stdin: manifest({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "too-big", namespace: SCHED_NS },
        spec: { containers: [{ name: "main", image: "nginx:1.25", resources: { requests: { cpu: "100" } } }] },
      }),
    });
    const described = await waitUntil("a FailedScheduling event in kubectl describe pod", async () => {
      const out = await mini.kubectl(["describe", "pod", "too-big", "-n", SCHED_NS]);
      return /FailedScheduling/.test(out.stdout) ? out.stdout : undefined;
    }, { timeoutMs: 20_000, intervalMs: 250 });
    assert.match(described, /Status:\s+Pending/);
    const eventLine = described.split("\n").find((line) => line.includes("FailedScheduling")) ?? "";
    assert.match(eventLine, /Warning\s+FailedScheduling/, described);
    assert.ok(eventLine.includes(reason), `describe's event line lacks "${reason}":\n${described}`);

    const pod = (await kubectlJson(mini, ["get", "pod", "too-big", "-n", SCHED_NS])) as unknown as PodJson;
    assert.equal(pod.status.phase, "Pending");
    assert.equal(pod.spec.nodeName, undefined, "the pod must not be bound");
    const scheduled = condition(pod, "PodScheduled");
    assert.equal(scheduled?.status, "False");
    assert.equal(scheduled?.reason, "Unschedulable");
    assert.ok(scheduled?.message?.includes(reason), JSON.stringify(scheduled));

    const events = await mini.kubectl(["get", "events", "-n", SCHED_NS, "--field-selector", "reason=FailedScheduling"]);
    const table = parseTable(events.stdout);
    const row = table.rows.find((r) => r["OBJECT"] === "pod/too-big");
    assert.ok(row !== undefined, `get events --field-selector reason=FailedScheduling lacks pod/too-big:\n${events.stdout}`);
    assert.equal(row["TYPE"], "Warning");
    assert.equal(row["REASON"], "FailedScheduling");
    assert.ok(row["MESSAGE"]?.includes(reason), events.stdout);
    // The selector really filters: no other reason comes back.
    assert.ok(table.rows.every((r) => r["REASON"] === "FailedScheduling"), events.stdout);
  });
});

describe("node lifecycle", { timeout: 90_000 }, () => {
  test("healthy simulated nodes stay Ready under --node-monitor-grace-period 3s (no NotReady flaps)", async () => {
    // The node lifecycle controller checks nodes every few seconds: watch for at least 12 s.
    const watched = performance.now() - nodeWatchStarted;
    if (watched < 12_000) await sleep(12_000 - watched);
    const flaps = nodeWatch.lines.filter((line) => /\sNotReady\s/.test(line));
    const events = await mini.kubectl(["get", "events", "-A", "--field-selector", "reason=NodeNotReady"]);
    assert.deepEqual(
      flaps,
      [],
      `nodes that heartbeat went NotReady within ${Math.round((performance.now() - nodeWatchStarted) / 1000)} s:\n` +
        `${flaps.slice(0, 12).join("\n")}\nkubectl get events -A --field-selector reason=NodeNotReady:\n${events.stdout}`,
    );
  });

  test("a node whose heartbeat stops goes NotReady (Unknown), gets the unreachable taint, and its pods are evicted", async () => {
    const pod = (name: string) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: EVICT_NS, labels: { app: "pinned" } },
      spec: {
        nodeSelector: { "kubernetes.io/hostname": NODE },
        tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 2 }],
        containers: [{ name: "main", image: "nginx:1.25" }],
      },
    });
    await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(pod("pinned-1"), pod("pinned-2")) });
    await waitUntil(`both pods Running on ${NODE}`, async () => {
      const list = await pods(EVICT_NS, "app=pinned");
      return list.length === 2 && list.every((p) => p.spec.nodeName === NODE && p.status.phase === "Running") ? true : undefined;
    }, { timeoutMs: 20_000, intervalMs: 250 });

    await mini.kubectl(["annotate", "node", NODE, "mini.dev/fake-"]);
    const stopped = performance.now();
    const since = () => `${((performance.now() - stopped) / 1000).toFixed(1)} s`;

    const notReadyAfter = await waitUntil(`${NODE} NotReady`, async () => {
      const table = parseTable((await mini.kubectl(["get", "node", NODE])).stdout);
      return table.rows[0]?.["STATUS"]?.startsWith("NotReady") === true ? since() : undefined;
    }, { timeoutMs: 15_000, intervalMs: 250 });
    const node = (await kubectlJson(mini, ["get", "node", NODE])) as unknown as NodeJson;
    assert.equal(node.metadata.annotations?.["mini.dev/fake"], undefined);
    const ready = condition(node, "Ready");
    assert.equal(ready?.status, "Unknown", `Ready condition after ${notReadyAfter}: ${JSON.stringify(ready)}`);
    assert.equal(ready?.reason, "NodeStatusUnknown", JSON.stringify(ready));

    await waitUntil(`the node.kubernetes.io/unreachable:NoExecute taint on ${NODE}`, async () => {
      const now = (await kubectlJson(mini, ["get", "node", NODE])) as unknown as NodeJson;
      return now.spec.taints?.some((t) => t.key === "node.kubernetes.io/unreachable" && t.effect === "NoExecute") === true ? true : undefined;
    }, { timeoutMs: 15_000, intervalMs: 250 });

    const evictedAfter = await waitUntil("the pinned pods to be evicted (gone or terminating)", async () => {
      const list = await pods(EVICT_NS, "app=pinned");
      return list.every((p) => p.metadata.deletionTimestamp !== undefined) ? since() : undefined;
    }, { timeoutMs: Math.max(1_000, 20_000 - (performance.now() - stopped)), intervalMs: 250 });
    assert.ok(evictedAfter !== undefined);

    // The node stays NotReady: nothing heartbeats for it any more.
    await sleep(1_000);
    const still = parseTable((await mini.kubectl(["get", "node", NODE])).stdout);
    assert.match(still.rows[0]?.["STATUS"] ?? "", /^NotReady/, `${NODE} must stay NotReady`);
    // The other nodes are untouched (polled: the flaps the previous test catches must not fail this one).
    await waitUntil("mini-fake-1 and mini-fake-2 Ready", async () => {
      const others = parseTable((await mini.kubectl(["get", "nodes", "mini-fake-1", "mini-fake-2"])).stdout);
      return JSON.stringify(others.rows.map((r) => r["STATUS"])) === JSON.stringify(["Ready", "Ready"]) ? true : undefined;
    }, { timeoutMs: 10_000, intervalMs: 250 });
  });
});

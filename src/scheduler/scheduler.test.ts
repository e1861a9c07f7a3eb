import { test } from "node:test";
import assert from "node:assert/strict";
import { Registry } from "../api/registry/index.js";
import { builtinKinds } from "../apis/index.js";
import type { KubeObject } from "../apis/types.js";
import { Client, InformerFactory } from "../client/index.js";
import { createLogger } from "../log.js";
import { openSqliteBackend } from "../store/index.js";
import type { Pod, PodCondition } from "./framework/index.js";
import { DEFAULT_PROFILE, type ProfileConfig } from "./profiles.js";
import { Scheduler } from "./scheduler.js";

const log = createLogger("test", { level: "error" });

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function node(name: string, cpu = "2"): KubeObject {
  const resources = { cpu, memory: "4Gi", pods: "110" };
  return { apiVersion: "v1", kind: "Node", metadata: { name, labels: { "kubernetes.io/hostname": name } }, status: { capacity: resources, allocatable: resources } };
}

function pod(name: string, options: { cpu: string; priority?: number; schedulerName?: string }): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: {
      containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: options.cpu } } }],
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
      ...(options.schedulerName ? { schedulerName: options.schedulerName } : {}),
    },
  };
}

async function setup(options: { nodes?: string[]; profiles?: ProfileConfig[] } = {}) {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const client = new Client(new Registry(backend, builtinKinds));
  await client.resource("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } });
  for (const name of options.nodes ?? ["node-a", "node-b", "node-c"]) await client.resource("", "Node").create("", node(name));
  const informers = new InformerFactory(client, log);
  const queue = { initialBackoffMs: 20, maxBackoffMs: 100 };
  const scheduler = new Scheduler({ client, informers, log, queue, ...(options.profiles ? { profiles: options.profiles } : {}) });
  const stop = new AbortController();
  await informers.start(stop.signal);
  const running = scheduler.run(stop.signal);
  const pods = client.resource("", "Pod");
  const close = async () => {
    stop.abort();
    await running;
    await backend.close();
  };
  return { client, pods, close };
}

const nodeOf = (p: KubeObject) => (p as Pod).spec.nodeName;
const condition = (p: KubeObject, type: string) => (p as Pod).status?.conditions?.find((c: PodCondition) => c.type === type);

test("the scheduler spreads pods, explains a pod that fits nowhere, and preempts for a higher-priority pod", async () => {
  const { client, pods, close } = await setup();
  try {
    for (const name of ["web-1", "web-2", "web-3"]) await pods.create("dev", pod(name, { cpu: "500m" }));
    const placed = await eventually("three bound pods", async () => {
      const { items } = await pods.list({ namespace: "dev" });
      return items.every((p) => nodeOf(p)) && items.length === 3 ? items : undefined;
    });
    assert.deepEqual(placed.map(nodeOf).sort(), ["node-a", "node-b", "node-c"], "one pod per node: each saw the others' requests");
    for (const p of placed) assert.equal(condition(p, "PodScheduled")?.status, "True");

    await pods.create("dev", pod("huge", { cpu: "3" }));
    const huge = await eventually("huge marked unschedulable", async () => {
      const p = await pods.get("dev", "huge");
      return condition(p, "PodScheduled") ? p : undefined;
    });
    const message = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    assert.deepEqual(
      { status: condition(huge, "PodScheduled")?.status, reason: condition(huge, "PodScheduled")?.reason, message: condition(huge, "PodScheduled")?.message },
      { status: "False", reason: "Unschedulable", message },
    );
    assert.ok(message.startsWith("0/3 nodes are available: 3 Insufficient cpu."));
    const events = client.resource("", "Event");
    const failed = await eventually("a FailedScheduling event", async () => {
      const { items } = await events.list({ namespace: "dev" });
      return items.find((e) => e.reason === "FailedScheduling" && (e.involvedObject as { name: string }).name === "huge");
    });
    assert.equal(failed.type, "Warning");
    assert.equal(failed.message, message);
    const web1 = nodeOf(placed.find((p) => p.metadata.name === "web-1") as KubeObject);
    await eventually("a Scheduled event", async () => {
      const { items } = await events.list({ namespace: "dev" });
      return items.find((e) => e.reason === "Scheduled" && e.message === `Successfully assigned dev/web-1 to ${web1}`);
    });

    await pods.create("dev", pod("urgent", { cpu: "1800m", priority: 1000 }));
    const urgent = await eventually("urgent nominated", async () => {
      const p = (await pods.get("dev", "urgent")) as Pod;
      return p.status?.nominatedNodeName ? p : undefined;
    });
    const target = urgent.status?.nominatedNodeName;
    assert.equal(condition(urgent, "PodScheduled")?.message, "0/3 nodes are available: 3 Insufficient cpu.");
    const victim = placed.find((p) => nodeOf(p) === target) as KubeObject;
    const terminating = await eventually("the victim deleted gracefully", async () => {
      const p = await pods.get("dev", victim.metadata.name ?? "");
      return p.metadata.deletionTimestamp ? p : undefined;
    });
    assert.equal(condition(terminating, "DisruptionTarget")?.reason, "PreemptionByScheduler");
    const preempted = await eventually("a Preempted event", async () => {
      const { items } = await events.list({ namespace: "dev" });
      return items.find((e) => e.reason === "Preempted");
    });
    assert.equal(preempted.message, `Preempted by pod ${urgent.metadata.uid} on node ${target}`);
    // Play the node: the victim's containers stopped, so it goes for good.
    await pods.delete("dev", victim.metadata.name ?? "", { gracePeriodSeconds: 0 });
    const bound = await eventually("urgent bound", async () => {
      const p = await pods.get("dev", "urgent");
      return nodeOf(p) ? p : undefined;
    });
    assert.equal(nodeOf(bound), target);
    assert.equal(nodeOf(await pods.get("dev", "huge")), undefined);
  } finally {
    await close();
  }
});

test("profiles schedule their own pods, and a pod that fit nowhere is placed when a node arrives", async () => {
  const second: ProfileConfig = { schedulerName: "second-scheduler", plugins: [{ name: "NodeResourcesFit" }] };
  const { client, pods, close } = await setup({ nodes: ["node-a"], profiles: [DEFAULT_PROFILE, second] });
  try {
    await pods.create("dev", pod("theirs", { cpu: "100m", schedulerName: "someone-else" }));
    await pods.create("dev", pod("mine", { cpu: "100m", schedulerName: "second-scheduler" }));
    await eventually("mine bound", async () => nodeOf(await pods.get("dev", "mine")));
    // Pods queue in order, so "theirs" would have been handled before "mine" were it ours.
    const theirs = await pods.get("dev", "theirs");
    assert.deepEqual([nodeOf(theirs), condition(theirs, "PodScheduled")], [undefined, undefined]);

    await pods.create("dev", pod("big", { cpu: "3" }));
    const message = await eventually("big unschedulable", async () => condition(await pods.get("dev", "big"), "PodScheduled")?.message);
    assert.equal(message, "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    await client.resource("", "Node").create("", node("node-b", "4"));
    assert.equal(await eventually("big bound", async () => nodeOf(await pods.get("dev", "big"))), "node-b");
  } finally {
    await close();
  }
});

test("without nodes a pod waits as unschedulable and is placed when the first node registers", async () => {
  const { client, pods, close } = await setup({ nodes: [] });
  try {
    await pods.create("dev", pod("early", { cpu: "100m" }));
    const early = await eventually("early unschedulable", async () => condition(await pods.get("dev", "early"), "PodScheduled"));
    assert.deepEqual([early.reason, early.message], ["Unschedulable", "no nodes available to schedule pods"]);
    await client.resource("", "Node").create("", node("node-a"));
    assert.equal(await eventually("early bound", async () => nodeOf(await pods.get("dev", "early"))), "node-a");
  } finally {
    await close();
  }
});

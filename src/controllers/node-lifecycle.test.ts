import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../apis/types.js";
import type { Client } from "../client/index.js";
import { ApiError } from "../machinery/status.js";
import { nodeLifecycleStarter } from "./node-lifecycle.js";
import { defaultTolerations, type Taint } from "../apis/common/node-taints.js";
import { eventually, node, pod, setPodRunning, startCluster } from "./_test-kit.js";

const starter = nodeLifecycleStarter({ gracePeriodMs: 800, startupGracePeriodMs: 800, monitorPeriodMs: 50 });

/** Plays a kubelet's heartbeat: renews the node's Lease until stopped. */
function heartbeat(client: Client, name: string, signal: AbortSignal): void {
  const leases = client.resource("coordination.k8s.io", "Lease");
  const renew = async () => {
    const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace("Z", "000Z") };
    const current = await leases.get("kube-node-lease", name).catch(() => undefined);
    if (current) await leases.update({ ...current, spec });
    else await leases.create("kube-node-lease", { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name }, spec });
  };
  const timer = setInterval(() => void renew().catch(() => undefined), 50);
  signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}

const taintsOf = async (client: Client, name: string) =>
  (((await client.resource("", "Node").get("", name)).spec as { taints?: Taint[] }).taints ?? []).map((t) => `${t.key ?? ""}:${t.effect ?? ""}`).sort();

const readyOf = async (client: Client, name: string) =>
  ((await client.resource("", "Node").get("", name)).status as { conditions?: { type: string; status: string; reason?: string; message?: string }[] }).conditions?.find(
    (c) => c.type === "Ready",
  );

const podReady = async (client: Client, name: string) =>
  ((await client.resource("", "Pod").get("dev", name)).status as { conditions?: { type: string; status: string }[] }).conditions?.find((c) => c.type === "Ready")?.status;

/** A pod is evicted when it is gone or being deleted. */
async function evicted(client: Client, name: string): Promise<boolean> {
  try {
    return (await client.resource("", "Pod").get("dev", name)).metadata.deletionTimestamp !== undefined;
  } catch (error: unknown) {
    return error instanceof ApiError && error.code === 404;
  }
}

async function podOn(client: Client, name: string, nodeName: string, tolerations?: unknown[]): Promise<void> {
  const object: KubeObject = pod(name, { app: "x" }, { nodeName, ...(tolerations ? { tolerations } : {}) });
  if (!tolerations) defaultTolerations(object);
  await client.resource("", "Pod").create("dev", object);
  await setPodRunning(client, { namespace: "dev", name: name, ready: true });
}

test("a node that stops heartbeating goes Unknown, is tainted unreachable, and its pods are marked not ready and evicted", async () => {
  const cluster = await startCluster([starter]);
  const { client } = cluster;
  const alive = new AbortController();
  const lost = new AbortController();
  try {
    await client.resource("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-node-lease" } });
    for (const name of ["alive", "lost"]) await client.resource("", "Node").create("", node(name));
    heartbeat(client, "alive", alive.signal);
    heartbeat(client, "lost", lost.signal);
    // Admission gives every pod 300 s unless it says otherwise: 0 s means evicted as soon as the taint lands.
    await podOn(client, "plain", "lost", [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 0 }]);
    await podOn(client, "short", "lost", [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 1 }]);
    await podOn(client, "defaulted", "lost"); // 300 s: stays for this test
    await podOn(client, "forever", "lost", [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" }]);
    await podOn(client, "elsewhere", "alive");

    // Heartbeats keep both nodes Ready past the grace period.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal((await readyOf(client, "lost"))?.status, "True");
    lost.abort();

    const ready = await eventually("lost is Unknown", async () => {
      const condition = await readyOf(client, "lost");
      return condition?.status === "Unknown" ? condition : undefined;
    });
    assert.equal(ready.reason, "NodeStatusUnknown");
    assert.equal(ready.message, "Kubelet stopped posting node status.");
    await eventually("unreachable taints", async () =>
      (await taintsOf(client, "lost")).join() === "node.kubernetes.io/unreachable:NoExecute,node.kubernetes.io/unreachable:NoSchedule" ? true : undefined,
    );
    await eventually("plain evicted", async () => ((await evicted(client, "plain")) ? true : undefined));
    await eventually("pods marked not ready", async () => ((await podReady(client, "defaulted")) === "False" ? true : undefined));
    assert.equal(await podReady(client, "forever"), "False");
    await eventually("short evicted after its second", async () => ((await evicted(client, "short")) ? true : undefined), 4_000);
    const disruption = ((await client.resource("", "Pod").get("dev", "short")).status as { conditions?: { type: string; reason?: string }[] }).conditions?.find(
      (c) => c.type === "DisruptionTarget",
    );
    assert.equal(disruption?.reason, "DeletionByTaintManager");
    assert.equal(await evicted(client, "defaulted"), false);
    assert.equal(await evicted(client, "forever"), false);
    assert.equal(await evicted(client, "elsewhere"), false);
    assert.equal(await podReady(client, "elsewhere"), "True");
    assert.equal((await readyOf(client, "alive"))?.status, "True");
    assert.deepEqual(await taintsOf(client, "alive"), []);

    // The kubelet comes back and posts Ready: the taints come off.
    const lostNode = await client.resource("", "Node").get("", "lost");
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    await client.resource("", "Node").updateStatus({
      ...lostNode,
      status: { conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", lastHeartbeatTime: now, lastTransitionTime: now }] },
    });
    await eventually("taints removed", async () => ((await taintsOf(client, "lost")).length === 0 ? true : undefined));
  } finally {
    alive.abort();
    lost.abort();
    await cluster.stop();
  }
});

test("a kubelet reporting NotReady and a cordon taint the node", async () => {
  const cluster = await startCluster([starter]);
  const { client } = cluster;
  const beating = new AbortController();
  try {
    await client.resource("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-node-lease" } });
    for (const name of ["sick", "cordoned"]) heartbeat(client, name, beating.signal);
    const nodes = client.resource("", "Node");
    const notReady = node("sick");
    (notReady.status as { conditions: { status: string }[] }).conditions[0] = { ...(notReady.status as { conditions: object[] }).conditions[0], status: "False" };
    await nodes.create("", notReady);
    await nodes.create("", node("cordoned", {}, { unschedulable: true }));
    await eventually("not-ready taints", async () =>
      (await taintsOf(client, "sick")).join() === "node.kubernetes.io/not-ready:NoExecute,node.kubernetes.io/not-ready:NoSchedule" ? true : undefined,
    );
    await eventually("unschedulable taint", async () => ((await taintsOf(client, "cordoned")).join() === "node.kubernetes.io/unschedulable:NoSchedule" ? true : undefined));
  } finally {
    beating.abort();
    await cluster.stop();
  }
});

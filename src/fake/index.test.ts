import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Registry } from "../api/registry/index.js";
import { builtinKinds } from "../apis/index.js";
import type { KubeObject } from "../apis/types.js";
import { ensureSystemObjects } from "../bootstrap.js";
import { Client, InformerFactory } from "../client/index.js";
import { createLogger } from "../log.js";
import { ApiError } from "../machinery/status.js";
import { openSqliteBackend, type Backend } from "../store/index.js";
import { createFakeNodes, startFakeNodes, type FakeNodesOptions } from "./index.js";
import { parseCidr, parseIPv4 } from "./ipv4.js";

interface Cluster {
  readonly client: Client;
  readonly stop: AbortController;
  readonly backend: Backend;
}

async function startCluster(options: FakeNodesOptions): Promise<Cluster & { readonly started: ReturnType<typeof startFakeNodes> }> {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const client = new Client(new Registry(backend, builtinKinds));
  await ensureSystemObjects(client);
  const log = createLogger("test", { level: "error" });
  const stop = new AbortController();
  const informers = new InformerFactory(client, log);
  const started = startFakeNodes({ client, informers, log, signal: stop.signal }, options);
  await informers.start(stop.signal);
  return { client, stop, backend, started };
}

async function stopCluster(cluster: Cluster): Promise<void> {
  cluster.stop.abort();
  await cluster.backend.close();
}

/** Polls until `check` returns a value (not undefined) or the deadline passes. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, deadlineMs = 5000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function maybeGet(client: Client, kind: string, namespace: string, name: string, group = ""): Promise<KubeObject | undefined> {
  try {
    return await client.resource(group, kind).get(namespace, name);
  } catch (error: unknown) {
    if (error instanceof ApiError && error.code === 404) return undefined;
    throw error;
  }
}

type PodStatus = {
  phase?: string;
  podIP?: string;
  hostIP?: string;
  conditions?: { type: string; status: string }[];
  containerStatuses?: { ready?: boolean; state?: { terminated?: { exitCode?: number; reason?: string } } }[];
};
const statusOf = (pod: KubeObject | undefined): PodStatus => (pod?.status ?? {}) as PodStatus;
const condition = (pod: KubeObject | undefined, type: string) => statusOf(pod).conditions?.find((c) => c.type === type)?.status;

function pod(name: string, nodeName: string, extra: { metadata?: Partial<KubeObject["metadata"]>; env?: { name: string; value: string }[] } = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, ...extra.metadata },
    spec: { nodeName, restartPolicy: "Never", containers: [{ name: "main", image: "busybox:1.36", ...(extra.env ? { env: extra.env } : {}) }] },
  };
}

const jobOwner = { ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "pi", uid: "0f4c1c2e-0000-4000-8000-000000000001", controller: true }] };

describe("fake nodes with the default stages", () => {
  let cluster: Cluster;
  const pods = () => cluster.client.resource("", "Pod");
  const waitForPod = (name: string, ready: (p: KubeObject) => boolean) =>
    eventually(`pod ${name}`, async () => {
      const found = await maybeGet(cluster.client, "Pod", "default", name);
      return found && ready(found) ? found : undefined;
    });

  before(async () => {
    const started = await startCluster({ count: 2, cpu: "2", memory: "4Gi", pods: 20, jobCompletionMs: 100, leaseRenewMs: 200 });
    cluster = started;
    assert.ok(started.started.ok);
    const result = await started.started.nodes;
    assert.deepEqual(result.ok && result.created, ["mini-fake-1", "mini-fake-2"]);
  });
  after(() => stopCluster(cluster));

  test("the nodes become Ready with their capacity, and renew their leases", async () => {
    const node = await eventually("mini-fake-1 Ready", async () => {
      const found = await maybeGet(cluster.client, "Node", "", "mini-fake-1");
      return condition(found, "Ready") === "True" ? found : undefined;
    });
    const status = node.status as { capacity: Record<string, string>; allocatable: Record<string, string>; nodeInfo: Record<string, string> };
    assert.deepEqual(status.capacity, { cpu: "2", memory: "4Gi", pods: "20", "ephemeral-storage": "100Gi" });
    assert.deepEqual(status.allocatable, status.capacity);
    assert.equal(status.nodeInfo.kubeletVersion, "v1.32.0-mini");
    assert.equal(node.metadata.labels?.["mini.dev/fake"], "true");
    const renewTime = (lease: KubeObject | undefined) => (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
    const first = await eventually("a lease", async () => renewTime(await maybeGet(cluster.client, "Lease", "kube-node-lease", "mini-fake-1", "coordination.k8s.io")));
    const lease = await maybeGet(cluster.client, "Lease", "kube-node-lease", "mini-fake-1", "coordination.k8s.io");
    assert.equal((lease?.spec as { holderIdentity?: string }).holderIdentity, "mini-fake-1");
    assert.equal(lease?.metadata.ownerReferences?.[0]?.uid, node.metadata.uid);
    await eventually("a renewal", async () => {
      const later = renewTime(await maybeGet(cluster.client, "Lease", "kube-node-lease", "mini-fake-1", "coordination.k8s.io"));
      return later !== undefined && later > first ? later : undefined;
    });
  });

  test("a pod bound to a fake node runs, ready, with an IP from the node's range; one on a real node is left alone", async () => {
    await cluster.client.resource("", "Node").create("", { apiVersion: "v1", kind: "Node", metadata: { name: "real" } });
    await pods().create("default", pod("on-real", "real"));
    await pods().create("default", pod("web", "mini-fake-2"));
    const running = await waitForPod("web", (p) => statusOf(p).phase === "Running");
    const status = statusOf(running);
    const range = parseCidr("10.244.2.0/24");
    const ip = parseIPv4(status.podIP ?? "") ?? -1;
    assert.ok(range && ip > range.base && ip < range.base + range.size, `pod IP ${status.podIP} is in 10.244.2.0/24`);
    assert.equal(status.hostIP, "10.0.2.1");
    for (const type of ["PodScheduled", "Initialized", "ContainersReady", "Ready"]) assert.equal(condition(running, type), "True", type);
    assert.equal(status.containerStatuses?.[0]?.ready, true);
    assert.equal(statusOf(await maybeGet(cluster.client, "Pod", "default", "on-real")).phase, "Pending");
  });

  test("a Job's pod succeeds; one told to fail fails with its exit code", async () => {
    await pods().create("default", pod("pi-1", "mini-fake-1", { metadata: jobOwner }));
    await pods().create("default", pod("pi-2", "mini-fake-1", { metadata: jobOwner, env: [{ name: "MINI_FAKE_EXIT_CODE", value: "4" }] }));
    const succeeded = await waitForPod("pi-1", (p) => statusOf(p).phase === "Succeeded");
    assert.equal(statusOf(succeeded).containerStatuses?.[0]?.state?.terminated?.reason, "Completed");
    assert.equal(condition(succeeded, "Ready"), "False");
    const failed = await waitForPod("pi-2", (p) => statusOf(p).phase === "Failed");
    assert.deepEqual(statusOf(failed).containerStatuses?.[0]?.state?.terminated, {
      ...statusOf(failed).containerStatuses?.[0]?.state?.terminated,
      exitCode: 4,
      reason: "Error",
    });
  });

  test("a pod deleted gracefully disappears; one on a real node waits for its kubelet", async () => {
    await pods().create("default", pod("doomed", "mini-fake-1"));
    await waitForPod("doomed", (p) => statusOf(p).phase === "Running");
    await pods().delete("default", "on-real", { gracePeriodSeconds: 30 });
    await pods().delete("default", "doomed", { gracePeriodSeconds: 30 });
    await eventually("doomed gone", async () => ((await maybeGet(cluster.client, "Pod", "default", "doomed")) ? undefined : true));
    const terminating = await maybeGet(cluster.client, "Pod", "default", "on-real");
    assert.equal(terminating?.metadata.deletionGracePeriodSeconds, 30);
  });

  test("a deleted pod held by a finalizer keeps it, and goes once the finalizer is removed", async () => {
    await pods().create("default", pod("held", "mini-fake-1", { metadata: { finalizers: ["example.com/hold"] } }));
    await waitForPod("held", (p) => statusOf(p).phase === "Running");
    await pods().delete("default", "held", { gracePeriodSeconds: 30 });
    // Another pod created after the delete and seen Running shows that the engine has had its turn.
    await pods().create("default", pod("witness", "mini-fake-1"));
    await waitForPod("witness", (p) => statusOf(p).phase === "Running");
    const held = await waitForPod("held", (p) => p.metadata.deletionTimestamp !== undefined);
    assert.deepEqual(held.metadata.finalizers, ["example.com/hold"]);
    const released = structuredClone(held);
    released.metadata.finalizers = [];
    await pods().update(released);
    await eventually("held gone", async () => ((await maybeGet(cluster.client, "Pod", "default", "held")) ? undefined : true));
  });

  test("a restart adopts the nodes it asks for and removes the rest", async () => {
    const result = await createFakeNodes(cluster.client, { count: 1, cpu: "3" });
    assert.deepEqual(result, { ok: true, created: [], adopted: ["mini-fake-1"], removed: ["mini-fake-2"] });
    const node = await maybeGet(cluster.client, "Node", "", "mini-fake-1");
    assert.equal((node?.status as { capacity: { cpu: string } }).capacity.cpu, "3");
    assert.equal((node?.spec as { podCIDR: string }).podCIDR, "10.244.1.0/24");
  });
});

describe("fake nodes with a stage file", () => {
  test("stages drive another kind, only objects marked fake, with finalizers and events", async () => {
    const cluster = await startCluster({
      count: 0,
      stagesText: `
- name: configmap-claim
  resourceRef: { apiGroup: v1, kind: ConfigMap }
  selector:
    matchExpressions: [{ key: .metadata.finalizers, operator: DoesNotExist }]
  delay: { durationMilliseconds: 30, jitterDurationMilliseconds: 60 }
  next:
    finalizers: { add: [example.com/claimed] }
    event: { type: Normal, reason: Claimed, message: "claimed {{ .metadata.name }}" }
`,
    });
    try {
      assert.ok(cluster.started.ok);
      const configMaps = cluster.client.resource("", "ConfigMap");
      const configMap = (name: string, fake: boolean): KubeObject => ({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name, ...(fake ? { annotations: { "mini.dev/fake": "true" } } : {}) },
      });
      await configMaps.create("default", configMap("plain", false));
      await configMaps.create("default", configMap("marked", true));
      const marked = await eventually("the finalizer", async () => {
        const found = await configMaps.get("default", "marked");
        return found.metadata.finalizers?.length ? found : undefined;
      });
      assert.deepEqual(marked.metadata.finalizers, ["example.com/claimed"]);
      assert.equal((await configMaps.get("default", "plain")).metadata.finalizers, undefined);
      const events = await eventually("the event", async () => {
        const found = (await cluster.client.resource("", "Event").list({ fieldSelector: "involvedObject.name=marked" })).items;
        return found.length > 0 ? found : undefined;
      });
      assert.deepEqual(events.map((e) => [e.reason, e.message]), [["Claimed", "claimed marked"]]);
    } finally {
      await stopCluster(cluster);
    }
  });

  test("a stage file that does not load, or names an unknown kind, starts nothing", async () => {
    const invalid = await startCluster({ count: 0, stagesText: "- name: x\n  resourceRef: { kind: Pod }\n" });
    const unknown = await startCluster({ count: 0, stagesText: "- { name: x, resourceRef: { kind: Gizmo }, next: { delete: true } }" });
    try {
      assert.deepEqual(invalid.started, { ok: false, errors: ["stages[0].next: must do something (status, finalizers, delete or event)"] });
      assert.equal(unknown.started.ok, false);
      assert.match(unknown.started.ok ? "" : (unknown.started.errors[0] ?? ""), /stages x: No kind Gizmo/);
    } finally {
      await stopCluster(invalid);
      await stopCluster(unknown);
    }
  });
});

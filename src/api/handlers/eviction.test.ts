import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { builtinKinds } from "../../apis/index.js";
import type { KubeObject } from "../../apis/types.js";
import { Client, InformerFactory } from "../../client/index.js";
import { startDisruptionController } from "../../controllers/disruption/index.js";
import { eventually } from "../../controllers/_test-kit.js";
import { createLogger } from "../../log.js";
import { ApiError } from "../../machinery/status.js";
import { openSqliteBackend } from "../../store/index.js";
import { concat, message } from "../protobuf/_test-encode.js";
import { Registry } from "../registry/index.js";
import type { ResourceContext } from "./context.js";
import { createEviction } from "./eviction.js";

interface Cluster {
  readonly registry: Registry;
  readonly client: Client;
  stop(): Promise<void>;
}

/** A real registry on an in-memory store; with `controller`, the disruption controller keeps budgets' status. */
async function startCluster(options: { controller: boolean }): Promise<Cluster> {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const registry = new Registry(backend, builtinKinds);
  const client = new Client(registry);
  await client.resource("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } });
  const abort = new AbortController();
  if (options.controller) {
    const log = createLogger("test", { level: "error" });
    const informers = new InformerFactory(client, log);
    startDisruptionController({ client, informers, log, signal: abort.signal });
    await informers.start(abort.signal);
  }
  return {
    registry,
    client,
    stop: async () => {
      abort.abort();
      await backend.close();
    },
  };
}

/** A pod on node-1, running and (unless `ready: false`) ready, or Pending. */
async function createPod(cluster: Cluster, name: string, options: { ready?: boolean; phase?: string; labels?: Record<string, string> } = {}): Promise<void> {
  const pods = cluster.client.resource("", "Pod");
  const labels = options.labels ?? { app: "web" };
  await pods.create("dev", { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { containers: [{ name: "web", image: "nginx" }] } });
  await pods.bind("dev", name, "node-1");
  const pod = await pods.get("dev", name);
  const phase = options.phase ?? "Running";
  const ready = phase === "Running" && options.ready !== false ? "True" : "False";
  await pods.updateStatus({ ...pod, status: { ...(pod.status as object), phase, conditions: [{ type: "Ready", status: ready, lastTransitionTime: "2026-01-01T00:00:00Z" }] } });
}

async function createBudget(cluster: Cluster, name: string, spec: Record<string, unknown>): Promise<void> {
  await cluster.client.resource("policy", "PodDisruptionBudget").create("dev", { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name }, spec });
}

async function budgetStatus(cluster: Cluster, name: string): Promise<Record<string, unknown>> {
  return (await cluster.client.resource("policy", "PodDisruptionBudget").get("dev", name)).status as Record<string, unknown>;
}

/** Waits until the controller has counted the budget's pods. */
function settled(cluster: Cluster, name: string, expected: { currentHealthy: number; disruptionsAllowed: number }): Promise<Record<string, unknown>> {
  return eventually(`budget ${name} at ${JSON.stringify(expected)}`, async () => {
    const status = await budgetStatus(cluster, name);
    return status["currentHealthy"] === expected.currentHealthy && status["disruptionsAllowed"] === expected.disruptionsAllowed && status;
  });
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** POSTs an eviction the way the router would, turning a thrown ApiError into its Status as the server's error handler does. */
async function evict(cluster: Cluster, name: string, options: { body?: unknown; protobuf?: Uint8Array; query?: string } = {}): Promise<Answer> {
  const body = options.protobuf ?? JSON.stringify(options.body ?? { apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace: "dev" } });
  const contentType = options.protobuf ? "application/vnd.kubernetes.protobuf" : "application/json";
  const url = `https://mini/api/v1/namespaces/dev/pods/${name}/eviction${options.query ? `?${options.query}` : ""}`;
  const request = new Request(url, { method: "POST", body, headers: { "content-type": contentType } });
  const context = {
    registry: cluster.registry,
    store: cluster.registry.forKind("", "Pod"),
    info: { isResourceRequest: true, verb: "create", group: "", version: "v1", namespace: "dev", resource: "pods", name, subresource: "eviction" },
    query: new URL(url).searchParams,
    request,
    signal: new AbortController().signal,
    outgoing: undefined as never,
  } satisfies ResourceContext;
  try {
    const response = await createEviction(context);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch (error: unknown) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.code, body: error.status as unknown as Record<string, unknown> };
  }
}

async function getPod(cluster: Cluster, name: string): Promise<KubeObject | undefined> {
  const { items } = await cluster.client.resource("", "Pod").list({ namespace: "dev", fieldSelector: `metadata.name=${name}` });
  return items[0];
}

function disruptionTarget(pod: KubeObject | undefined): unknown {
  const conditions = (pod?.status as { conditions?: { type: string; status: string; reason?: string; message?: string }[] } | undefined)?.conditions ?? [];
  const condition = conditions.find((c) => c.type === "DisruptionTarget");
  return condition && { status: condition.status, reason: condition.reason, message: condition.message };
}

const SUCCESS = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 };
const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

describe("pods/eviction", () => {
  test("without a budget, the pod is marked as a disruption target and deleted gracefully", async () => {
    const cluster = await startCluster({ controller: false });
    await createPod(cluster, "web-1");
    assert.deepEqual(await evict(cluster, "web-1"), { status: 201, body: SUCCESS });
    const pod = await getPod(cluster, "web-1");
    assert.ok(pod?.metadata.deletionTimestamp, "the bound pod is terminating");
    assert.deepEqual(disruptionTarget(pod), { status: "True", reason: "EvictionByEvictionAPI", message: "Eviction API: evicting" });
    await cluster.stop();
  });

  test("a budget allowing one disruption lets one pod go, records it, and refuses the next with 429", async () => {
    const cluster = await startCluster({ controller: true });
    for (const name of ["web-1", "web-2", "web-3"]) await createPod(cluster, name);
    await createBudget(cluster, "web", { minAvailable: 2, selector: { matchLabels: { app: "web" } } });
    await settled(cluster, "web", { currentHealthy: 3, disruptionsAllowed: 1 });

    assert.deepEqual(await evict(cluster, "web-1"), { status: 201, body: SUCCESS });
    const afterFirst = await settled(cluster, "web", { currentHealthy: 2, disruptionsAllowed: 0 });
    assert.deepEqual(afterFirst["conditions"] && (afterFirst["conditions"] as { reason: string }[]).map((c) => c.reason), ["InsufficientPods"]);

    const refused = await evict(cluster, "web-2");
    assert.equal(refused.status, 429);
    assert.deepEqual(refused.body, {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: VIOLATION,
      reason: "TooManyRequests",
      details: { causes: [{ reason: "DisruptionBudget", message: "The disruption budget web needs 2 healthy pods and has 2 currently" }] },
      code: 429,
    });
    const kept = await getPod(cluster, "web-2");
    assert.equal(kept?.metadata.deletionTimestamp, undefined);
    assert.equal(disruptionTarget(kept), undefined);
    await cluster.stop();
  });

  test("the decrement is recorded in disruptedPods until the controller sees the pod go", async () => {
    const cluster = await startCluster({ controller: false });
    for (const name of ["web-1", "web-2"]) await createPod(cluster, name);
    await createBudget(cluster, "web", { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } });
    // Play the controller's part once, so the budget is current for its generation.
    const budgets = cluster.client.resource("policy", "PodDisruptionBudget");
    const budget = await budgets.get("dev", "web");
    await budgets.updateStatus({ ...budget, status: { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 } });
    assert.equal((await evict(cluster, "web-1")).status, 201);
    const status = await budgetStatus(cluster, "web");
    assert.equal(status["disruptionsAllowed"], 0);
    assert.deepEqual(Object.keys(status["disruptedPods"] as object), ["web-1"]);
    assert.deepEqual(
      (status["conditions"] as { type: string; status: string; reason: string }[]).map((c) => [c.type, c.status, c.reason]),
      [["DisruptionAllowed", "False", "InsufficientPods"]],
    );
    await cluster.stop();
  });

  test("a budget the controller has not processed yet answers 429 with a retry hint", async () => {
    const cluster = await startCluster({ controller: false });
    await createPod(cluster, "web-1");
    await createBudget(cluster, "web", { minAvailable: 0, selector: { matchLabels: { app: "web" } } });
    const answer = await evict(cluster, "web-1");
    assert.equal(answer.status, 429);
    assert.deepEqual(answer.body["details"], {
      causes: [{ reason: "DisruptionBudget", message: "The disruption budget web is still being processed by the server." }],
      retryAfterSeconds: 10,
    });
    await cluster.stop();
  });

  test("pending and finished pods go without consulting the budget", async () => {
    const cluster = await startCluster({ controller: false });
    await createPod(cluster, "pending", { phase: "Pending" });
    await createPod(cluster, "done", { phase: "Succeeded" });
    await createBudget(cluster, "web", { minAvailable: 5, selector: { matchLabels: { app: "web" } } });
    assert.deepEqual(await evict(cluster, "pending"), { status: 201, body: SUCCESS });
    assert.ok((await getPod(cluster, "pending"))?.metadata.deletionTimestamp);
    assert.deepEqual(await evict(cluster, "done"), { status: 201, body: SUCCESS });
    assert.equal(await getPod(cluster, "done"), undefined, "a finished pod is removed at once");
    await cluster.stop();
  });

  test("an unready pod may go while the budget is met, without taking a disruption", async () => {
    const cluster = await startCluster({ controller: true });
    for (const name of ["web-1", "web-2"]) await createPod(cluster, name);
    await createPod(cluster, "web-3", { ready: false });
    await createBudget(cluster, "web", { minAvailable: 2, selector: { matchLabels: { app: "web" } } });
    await settled(cluster, "web", { currentHealthy: 2, disruptionsAllowed: 0 });
    assert.deepEqual(await evict(cluster, "web-3"), { status: 201, body: SUCCESS });
    assert.equal((await budgetStatus(cluster, "web"))["disruptedPods"], undefined);
    await cluster.stop();
  });

  test("a pod under two budgets is refused with 500", async () => {
    const cluster = await startCluster({ controller: false });
    await createPod(cluster, "web-1");
    await createBudget(cluster, "one", { minAvailable: 0, selector: { matchLabels: { app: "web" } } });
    await createBudget(cluster, "all", { maxUnavailable: 1, selector: {} });
    assert.deepEqual(await evict(cluster, "web-1"), {
      status: 500,
      body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.", code: 500 },
    });
    assert.equal((await getPod(cluster, "web-1"))?.metadata.deletionTimestamp, undefined);
    await cluster.stop();
  });

  test("a dry run neither deletes the pod nor takes a disruption", async () => {
    const cluster = await startCluster({ controller: true });
    for (const name of ["web-1", "web-2"]) await createPod(cluster, name);
    await createBudget(cluster, "web", { minAvailable: 1, selector: { matchLabels: { app: "web" } } });
    await settled(cluster, "web", { currentHealthy: 2, disruptionsAllowed: 1 });
    assert.deepEqual(await evict(cluster, "web-1", { query: "dryRun=All" }), { status: 201, body: SUCCESS });
    const pod = await getPod(cluster, "web-1");
    assert.equal(pod?.metadata.deletionTimestamp, undefined);
    assert.equal(disruptionTarget(pod), undefined);
    assert.equal((await budgetStatus(cluster, "web"))["disruptionsAllowed"], 1);
    await cluster.stop();
  });

  test("kubectl's protobuf Eviction is understood, with its deleteOptions", async () => {
    const cluster = await startCluster({ controller: false });
    await createPod(cluster, "web-1");
    const eviction = message([1, message([1, "web-1"], [3, "dev"])], [2, message([1, 0])]);
    const envelope = message([1, message([1, "policy/v1"], [2, "Eviction"])], [2, eviction]);
    const body = concat(Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), envelope);
    assert.deepEqual(await evict(cluster, "web-1", { protobuf: body }), { status: 201, body: SUCCESS });
    assert.equal(await getPod(cluster, "web-1"), undefined, "gracePeriodSeconds 0 removes the pod at once");
    await cluster.stop();
  });

  test("the name in the body must be the pod's", async () => {
    const cluster = await startCluster({ controller: false });
    await createPod(cluster, "web-1");
    const answer = await evict(cluster, "web-1", { body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "web-2" } } });
    assert.equal(answer.status, 400);
    assert.equal(answer.body["message"], "name in URL does not match name in Eviction object");
    await cluster.stop();
  });
});

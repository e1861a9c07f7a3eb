import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { KubeObject } from "../../apis/types.js";
import type { ResourceClient } from "../../client/index.js";
import { runController } from "../controller.js";
import { startDeploymentController } from "../deployment/index.js";
import { startReplicaSetController, updateWithRetry } from "../replicaset/index.js";
import { eventually, NAMESPACE, pod, podTemplate, runFakeKubelet, startCluster, waitForEvent, type TestCluster } from "../_test-kit.js";
import { startDisruptionController } from "./index.js";
import { StaleDisruptionCleaner } from "./stale-condition.js";
import type { BudgetStatus } from "../../apis/common/disruption-budget.js";

let cluster: TestCluster;

before(async () => {
  cluster = await startCluster([startReplicaSetController, startDeploymentController, startDisruptionController]);
  runFakeKubelet(cluster.client, cluster.context.signal);
});

after(() => cluster.stop());

const budgets = () => cluster.client.resource("policy", "PodDisruptionBudget");

async function createBudget(name: string, spec: Record<string, unknown>): Promise<KubeObject> {
  return budgets().create(NAMESPACE, { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name }, spec });
}

/** Waits until the budget's status has every field of `expected`. */
function statusOf(name: string, expected: Partial<BudgetStatus>): Promise<BudgetStatus> {
  return eventually(`budget ${name} at ${JSON.stringify(expected)}`, async () => {
    const status = (await budgets().get(NAMESPACE, name)).status as BudgetStatus;
    return Object.entries(expected).every(([field, value]) => JSON.stringify(status[field as keyof BudgetStatus]) === JSON.stringify(value)) && status;
  });
}

/** Changes spec fields (undefined removes one), retrying when a controller's status write got there first. */
async function setSpec(resource: ResourceClient, name: string, fields: Record<string, unknown>): Promise<void> {
  await updateWithRetry(resource, { namespace: NAMESPACE, name }, (object) => {
    object.spec = JSON.parse(JSON.stringify({ ...(object.spec as object), ...fields })) as object;
    return true;
  });
}

async function createDeployment(name: string, replicas: number): Promise<void> {
  const labels = { app: name };
  await cluster.client
    .resource("apps", "Deployment")
    .create(NAMESPACE, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name }, spec: { replicas, selector: { matchLabels: labels }, template: podTemplate(labels) } });
}

describe("disruption controller", () => {
  test("a percentage counts against the Deployment's scale, and follows it when it changes", async () => {
    await createDeployment("web", 3);
    await createBudget("web", { minAvailable: "50%", selector: { matchLabels: { app: "web" } } });
    const status = await statusOf("web", { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1, observedGeneration: 1 });
    assert.deepEqual(
      status.conditions?.map((c) => [c.type, c.status, c.reason]),
      [["DisruptionAllowed", "True", "SufficientPods"]],
    );
    await setSpec(cluster.client.resource("apps", "Deployment"), "web", { replicas: 6 });
    await statusOf("web", { expectedPods: 6, desiredHealthy: 3, currentHealthy: 6, disruptionsAllowed: 3 });
  });

  test("a changed spec is observed: maxUnavailable replaces minAvailable", async () => {
    await createDeployment("api", 4);
    await createBudget("api", { minAvailable: 4, selector: { matchLabels: { app: "api" } } });
    await statusOf("api", { expectedPods: 4, disruptionsAllowed: 0, currentHealthy: 4 });
    await setSpec(budgets(), "api", { minAvailable: undefined, maxUnavailable: "25%" });
    await statusOf("api", { observedGeneration: 2, expectedPods: 4, desiredHealthy: 3, disruptionsAllowed: 1 });
  });

  test("pods without a controller are counted by an integer minAvailable and warned about otherwise", async () => {
    const pods = cluster.client.resource("", "Pod");
    for (const name of ["bare-1", "bare-2"]) await pods.create(NAMESPACE, pod(name, { app: "bare" }));
    const budget = await createBudget("bare", { maxUnavailable: 1, selector: { matchLabels: { app: "bare" } } });
    // No controller, no scale: nothing is expected, so nothing may be disrupted.
    await statusOf("bare", { expectedPods: 0, currentHealthy: 2, disruptionsAllowed: 0 });
    await waitForEvent(cluster.client, budget, "UnmanagedPods");
    await setSpec(budgets(), "bare", { maxUnavailable: undefined, minAvailable: 1 });
    await statusOf("bare", { expectedPods: 2, desiredHealthy: 1, currentHealthy: 2, disruptionsAllowed: 1 });
  });

  test("a pod whose controller is unknown fails the sync safe: no disruption allowed", async () => {
    const owned = pod("owned", { app: "owned" });
    owned.metadata.ownerReferences = [{ apiVersion: "example.com/v1", kind: "Widget", name: "w", uid: "uid-w", controller: true }];
    await cluster.client.resource("", "Pod").create(NAMESPACE, owned);
    await createBudget("owned", { minAvailable: "50%", selector: { matchLabels: { app: "owned" } } });
    const status = await statusOf("owned", { disruptionsAllowed: 0 });
    await eventually("the SyncFailed condition", async () => {
      const conditions = ((await budgets().get(NAMESPACE, "owned")).status as BudgetStatus).conditions ?? [];
      return conditions.some((c) => c.reason === "SyncFailed" && c.status === "False" && c.message === 'found no controllers for pod "owned"');
    });
    assert.equal(status.disruptionsAllowed, 0);
  });

  test("a DisruptionTarget condition on a pod that was not deleted is reset after the timeout", async () => {
    const cleaner = new StaleDisruptionCleaner(cluster.context, { timeoutMs: 200 });
    runController({ name: "stale", queue: cleaner.queue, sync: (key) => cleaner.sync(key), log: cluster.context.log }, cluster.context.signal);
    const pods = cluster.client.resource("", "Pod");
    await pods.create(NAMESPACE, pod("spared", { app: "spared" }));
    const created = await eventually("the pod running", async () => {
      const current = await pods.get(NAMESPACE, "spared");
      return (current.status as { phase?: string }).phase === "Running" && current;
    });
    const conditions = [...((created.status as { conditions?: object[] }).conditions ?? [])];
    conditions.push({ type: "DisruptionTarget", status: "True", reason: "EvictionByEvictionAPI", message: "Eviction API: evicting", lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") });
    await pods.updateStatus({ ...created, status: { ...(created.status as object), conditions } });
    await eventually("the condition reset to False", async () => {
      const current = await pods.get(NAMESPACE, "spared");
      const condition = ((current.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).find((c) => c.type === "DisruptionTarget");
      return condition?.status === "False";
    }, 5_000);
  });
});

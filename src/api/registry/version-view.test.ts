import { test } from "node:test";
import assert from "node:assert/strict";
import { builtinKinds } from "../../apis/index.js";
import type { KubeObject } from "../../apis/types.js";
import { openSqliteBackend } from "../../store/index.js";
import { Registry, parseSelection, type ObjectEventType } from "./index.js";

const writeOptions = { dryRun: false, fieldValidation: "Strict" as const };

async function registryWithNamespace(): Promise<Registry> {
  const registry = new Registry(await openSqliteBackend({ path: ":memory:" }), builtinKinds);
  await registry.forKind("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } }, writeOptions);
  return registry;
}

const v1Autoscaler: KubeObject = {
  apiVersion: "autoscaling/v1",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "web" },
  spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, maxReplicas: 5, targetCPUUtilizationPercentage: 70 },
};

test("an object created through autoscaling/v1 is stored once and read in both versions", async () => {
  const registry = await registryWithNamespace();
  const v1 = registry.lookup("autoscaling", "v1", "horizontalpodautoscalers");
  const v2 = registry.lookup("autoscaling", "v2", "horizontalpodautoscalers");
  assert.ok(v1 && v2);
  const created = (await v1.create("default", v1Autoscaler, writeOptions)).object;
  assert.equal(created.apiVersion, "autoscaling/v1");
  assert.equal((created.spec as { minReplicas?: number }).minReplicas, 1, "the stored kind's defaults applied");
  const stored = (await v2.get("default", "web")).object;
  assert.equal(stored.apiVersion, "autoscaling/v2");
  assert.equal(stored.metadata.resourceVersion, created.metadata.resourceVersion);
  assert.deepEqual((stored.spec as { metrics: unknown }).metrics, [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }]);
  const raw = JSON.parse((await v1.list("default", { selection: parseSelection(v1.kind, "", ""), resourceVersion: "", resourceVersionMatch: "", limit: 0, continueToken: "" })).items[0]?.raw ?? "{}");
  assert.equal(raw.spec.targetCPUUtilizationPercentage, 70);
});

test("an update through the served version goes through the stored kind's validation and conflicts", async () => {
  const registry = await registryWithNamespace();
  const v1 = registry.lookup("autoscaling", "v1", "horizontalpodautoscalers");
  assert.ok(v1);
  const created = (await v1.create("default", v1Autoscaler, writeOptions)).object;
  const invalid = { ...created, spec: { ...(created.spec as object), maxReplicas: 0 } };
  await assert.rejects(v1.update("default", "web", invalid, writeOptions), /spec.maxReplicas: Invalid value: 0/);
  const stale = { ...created, metadata: { ...created.metadata, resourceVersion: "1" } };
  await assert.rejects(v1.update("default", "web", stale, writeOptions), /the object has been modified/);
});

test("answers to writes through the served version carry no stored text, which is the stored kind's", async () => {
  const registry = await registryWithNamespace();
  const v1 = registry.lookup("autoscaling", "v1", "horizontalpodautoscalers");
  assert.ok(v1);
  const created = await v1.create("default", v1Autoscaler, writeOptions);
  const updated = await v1.update("default", "web", { ...created.object, spec: { ...(created.object.spec as object), maxReplicas: 6 } }, writeOptions);
  const deleted = await v1.delete("default", "web", { propagationPolicy: "Foreground" }, false);
  for (const outcome of [created, updated, deleted]) {
    assert.equal(outcome.raw, undefined);
    assert.equal(outcome.object.apiVersion, "autoscaling/v1");
  }
  assert.equal(deleted.pending, true);
});

test("a watch through the served version sees converted objects", async () => {
  const registry = await registryWithNamespace();
  const events = registry.lookup("events.k8s.io", "v1", "events");
  const core = registry.forKind("", "Event");
  assert.ok(events);
  const seen: [ObjectEventType, KubeObject][] = [];
  const abort = new AbortController();
  await events.watch("default", { selection: parseSelection(events.kind, "", "involvedObject.name=web"), resourceVersion: "", sendInitialEvents: false }, { event: (type, stored) => seen.push([type, stored.object]), close: () => {} }, abort.signal);
  for (const name of ["web", "other"]) {
    await core.create("default", { apiVersion: "v1", kind: "Event", metadata: { name: `e-${name}` }, involvedObject: { kind: "Pod", name, namespace: "default" }, message: "hello", reason: "Test" }, writeOptions);
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  abort.abort();
  assert.deepEqual(
    seen.map(([type, object]) => [type, object.apiVersion, object.metadata.name, object.note, (object.regarding as { name: string }).name]),
    [["ADDED", "events.k8s.io/v1", "e-web", "hello", "web"]],
  );
});

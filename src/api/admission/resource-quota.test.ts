import { test } from "node:test";
import assert from "node:assert/strict";
import { builtinKinds } from "../../apis/index.js";
import type { KubeObject } from "../../apis/types.js";
import { ApiError } from "../../machinery/status.js";
import { openSqliteBackend } from "../../store/index.js";
import { Registry } from "../registry/index.js";

const WRITE = { dryRun: false, fieldValidation: "Ignore" } as const;

async function cluster() {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const registry = new Registry(backend, builtinKinds);
  await registry.forKind("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } }, WRITE);
  const quotas = registry.forKind("", "ResourceQuota");
  await quotas.create("ns", { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "3" } } }, WRITE);
  // What the quota controller writes first: until then the quota limits nothing.
  const created = (await quotas.get("ns", "q")).object;
  await quotas.update("ns", "q", { ...created, status: { hard: { pods: "3" }, used: { pods: "0" } } }, { ...WRITE, subresource: "status" });
  return { registry, backend, pods: registry.forKind("", "Pod"), quotas };
}

const pod = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "app", image: "busybox" }] } });

test("concurrent creates never take a namespace past its quota, and each admitted one is charged", async () => {
  const { pods, quotas, backend } = await cluster();
  const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => pods.create("ns", pod(`p${i}`), WRITE)));
  const admitted = results.filter((r) => r.status === "fulfilled");
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  assert.equal(admitted.length, 3);
  for (const { reason } of refused) {
    assert.ok(reason instanceof ApiError, String(reason));
    assert.equal(reason.code, 403, reason.message);
  }
  assert.ok(refused.some(({ reason }) => (reason as ApiError).message.endsWith("exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3")));
  const status = (await quotas.get("ns", "q")).object.status as { used?: Record<string, string> };
  assert.deepEqual(status.used, { pods: "3" });
  await backend.close();
});

test("dry runs are checked but not charged", async () => {
  const { pods, quotas, backend } = await cluster();
  await pods.create("ns", pod("dry"), { ...WRITE, dryRun: true });
  const status = (await quotas.get("ns", "q")).object.status as { used?: Record<string, string> };
  assert.deepEqual(status.used, { pods: "0" });
  await backend.close();
});

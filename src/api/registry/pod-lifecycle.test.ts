import { test } from "node:test";
import assert from "node:assert/strict";
import { builtinKinds } from "../../apis/index.js";
import { Client } from "../../client/index.js";
import { ApiError } from "../../machinery/status.js";
import { openSqliteBackend } from "../../store/index.js";
import { Registry } from "./index.js";

async function setup() {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const client = new Client(new Registry(backend, builtinKinds));
  await client.resource("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } });
  const pods = client.resource("", "Pod");
  await pods.create("dev", { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "app", image: "nginx" }] } });
  return { backend, pods };
}

test("binding assigns an unbound pod to a node once and marks it scheduled", async () => {
  const { backend, pods } = await setup();
  await pods.bind("dev", "web", "node-1");
  const bound = await pods.get("dev", "web");
  assert.equal((bound.spec as { nodeName?: string }).nodeName, "node-1");
  const conditions = (bound.status as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  assert.deepEqual(conditions.map((c) => [c.type, c.status]), [["PodScheduled", "True"]]);
  assert.equal(bound.metadata.generation, 1, "binding is not a spec change a client made: generation stays");
  await assert.rejects(pods.bind("dev", "web", "node-2"), (e: unknown) => e instanceof ApiError && e.code === 409 && /already assigned to node "node-1"/.test(e.message));
  await backend.close();
});

test("binding clears the nomination a preemptor was given", async () => {
  const { backend, pods } = await setup();
  const pending = await pods.get("dev", "web");
  await pods.updateStatus({ ...pending, status: { ...(pending.status as object), nominatedNodeName: "node-2" } });
  await pods.bind("dev", "web", "node-2");
  assert.equal(((await pods.get("dev", "web")).status as { nominatedNodeName?: string }).nominatedNodeName, undefined);
  await backend.close();
});

test("deleting a pod on a node is graceful until deleted again with grace period 0", async () => {
  const { backend, pods } = await setup();
  await pods.bind("dev", "web", "node-1");
  await pods.delete("dev", "web");
  const terminating = await pods.get("dev", "web");
  assert.ok(terminating.metadata.deletionTimestamp, "the pod is terminating, not gone");
  assert.equal(terminating.metadata.deletionGracePeriodSeconds, 30);
  await pods.updateStatus({ ...terminating, status: { ...(terminating.status as object), phase: "Running" } });
  assert.ok(await pods.get("dev", "web"), "a status write during the grace period keeps the pod");
  await pods.delete("dev", "web", { gracePeriodSeconds: 0 });
  await assert.rejects(pods.get("dev", "web"), (e: unknown) => e instanceof ApiError && e.code === 404);
  await backend.close();
});

test("an unscheduled pod is deleted at once", async () => {
  const { backend, pods } = await setup();
  await pods.delete("dev", "web");
  await assert.rejects(pods.get("dev", "web"), (e: unknown) => e instanceof ApiError && e.code === 404);
  await backend.close();
});

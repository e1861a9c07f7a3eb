import { test } from "node:test";
import assert from "node:assert/strict";
import { openSqliteBackend } from "../store/index.js";
import { Registry } from "../api/registry/index.js";
import { builtinKinds } from "../apis/index.js";
import { createLogger } from "../log.js";
import { Client, EventRecorder } from "./index.js";

const settle = () => new Promise((r) => setTimeout(r, 50));

test("a repeated event bumps the count of the first instead of creating another", async () => {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const client = new Client(new Registry(backend, builtinKinds));
  await client.resource("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  const recorder = new EventRecorder(client, { component: "default-scheduler", log: createLogger("test") });
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", uid: "u1" } };
  recorder.record(pod, "Warning", "FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu.");
  await settle();
  recorder.record(pod, "Warning", "FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu.");
  recorder.record(pod, "Normal", "Scheduled", "Successfully assigned default/web to n1");
  await settle();
  const events = (await client.resource("", "Event").list({ fieldSelector: "involvedObject.name=web" })).items;
  assert.deepEqual(events.map((e) => [e.reason, e.count, e.type]).sort(), [["FailedScheduling", 2, "Warning"], ["Scheduled", 1, "Normal"]]);
  await backend.close();
});

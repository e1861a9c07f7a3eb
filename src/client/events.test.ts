import { test } from "node:test";
import assert from "node:assert/strict";
import { openSqliteBackend } from "../store/index.js";
import { Registry } from "../api/registry/index.js";
import { builtinKinds } from "../apis/index.js";
import { createLogger } from "../log.js";
import { Client, EventRecorder } from "./index.js";

const settle = () => new Promise((r) => setTimeout(r, 50));

/** An in-memory API with the default namespace, and a recorder for `component`. */
async function setup(component: string) {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const client = new Client(new Registry(backend, builtinKinds));
  await client.resource("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  return { backend, client, recorder: new EventRecorder(client, { component, log: createLogger("test") }) };
}

test("a repeated event bumps the count of the first instead of creating another", async () => {
  const { backend, client, recorder } = await setup("default-scheduler");
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

test("repeats recorded at once count on one Event", async () => {
  const { backend, client, recorder } = await setup("kubelet");
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "crash", namespace: "default", uid: "u2" } };
  for (let i = 0; i < 5; i++) recorder.record(pod, "Warning", "BackOff", "Back-off restarting failed container app in pod crash_default(u2)");
  recorder.record(pod, "Normal", "Pulled", "Container image \"busybox\" already present on machine");
  // The writes run one after another; wait (bounded) until the last has landed, however slow the machine.
  const counts = async () => (await client.resource("", "Event").list({ fieldSelector: "involvedObject.name=crash" })).items.map((e) => [e.reason, e.count]).sort();
  for (let waited = 0; waited < 5000 && JSON.stringify(await counts()) !== '[["BackOff",5],["Pulled",1]]'; waited += 20) await new Promise((r) => setTimeout(r, 20));
  await settle();
  assert.deepEqual(await counts(), [["BackOff", 5], ["Pulled", 1]]);
  await backend.close();
});

test("an object's events past a burst of 25 are held back, and similar messages are combined", async () => {
  const { backend, client, recorder } = await setup("kubelet");
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "noisy", namespace: "default", uid: "u3" } };
  // 12 messages of one reason: 9 Events of their own, then one combined Event counted 3 times.
  for (let i = 0; i < 12; i++) recorder.record(pod, "Warning", "Failed", `Error: attempt ${i}`);
  // Those took 12 of the burst of 25 writes (a count bump is a write too): 13 are left for 20 more reasons.
  for (let i = 0; i < 20; i++) recorder.record(pod, "Normal", `Reason${i}`, "happened");
  const events = async () => (await client.resource("", "Event").list({ fieldSelector: "involvedObject.name=noisy" })).items;
  for (let waited = 0; waited < 5000 && (await events()).length < 23; waited += 20) await new Promise((r) => setTimeout(r, 20));
  await settle();
  const written = await events();
  assert.equal(written.length, 23);
  const combined = written.filter((e) => String(e.message).startsWith("(combined from similar events): "));
  assert.deepEqual(combined.map((e) => [e.message, e.count]), [["(combined from similar events): Error: attempt 11", 3]]);
  assert.equal(written.filter((e) => e.reason === "Failed").length, 10);
  assert.deepEqual(written.filter((e) => String(e.reason).startsWith("Reason")).map((e) => e.reason).sort(), Array.from({ length: 13 }, (_, i) => `Reason${i}`).sort());
  await backend.close();
});

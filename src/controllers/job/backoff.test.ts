import { test } from "node:test";
import assert from "node:assert/strict";
import { BackoffStore, remainingBackoff } from "./backoff.js";
import type { Pod } from "./types.js";

const finishedAt = (ms: number, phase: "Succeeded" | "Failed"): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `p${ms}` },
  status: { phase, containerStatuses: [{ name: "c", state: { terminated: { exitCode: phase === "Failed" ? 1 : 0, finishedAt: new Date(ms).toISOString() } } }] },
});

test("failures since the last success, and the delay they impose", () => {
  const store = new BackoffStore();
  const delays = { baseMs: 10_000, maxMs: 360_000 };
  let record = store.next("ns/job", [], [finishedAt(1_000, "Failed")]);
  assert.deepEqual([record.failuresAfterLastSuccess, record.lastFailureTime], [1, 1_000]);
  assert.equal(remainingBackoff(record, 1_000, delays), 10_000, "first failure: the base");
  store.update(record);
  record = store.next("ns/job", [], [finishedAt(5_000, "Failed"), finishedAt(3_000, "Failed")]);
  assert.deepEqual([record.failuresAfterLastSuccess, record.lastFailureTime], [3, 5_000]);
  assert.equal(remainingBackoff(record, 15_000, delays), 30_000, "third failure: 40 s, 10 s of it passed");
  assert.equal(remainingBackoff(record, 60_000, delays), 0, "waited long enough");
  store.update(record);
  record = store.next("ns/job", [finishedAt(6_000, "Succeeded")], [finishedAt(7_000, "Failed"), finishedAt(5_500, "Failed")]);
  assert.deepEqual([record.failuresAfterLastSuccess, record.lastFailureTime], [1, 7_000], "a success resets the count");
  assert.equal(remainingBackoff({ key: "k", failuresAfterLastSuccess: 10, lastFailureTime: 0 }, 0, delays), 360_000, "capped");
  assert.equal(remainingBackoff(store.next("ns/other", [], []), 0, delays), 0, "nothing failed");
});

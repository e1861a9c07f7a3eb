import assert from "node:assert/strict";
import { test } from "node:test";
import { probeTimings, ProbeState } from "./state.js";

test("probeTimings() applies the API's defaults", () => {
  assert.deepEqual(probeTimings({}), { initialDelayMs: 0, periodMs: 10_000, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
});

test("readiness starts failed and needs successThreshold successes in a row", () => {
  const state = new ProbeState("readiness", probeTimings({ successThreshold: 2, failureThreshold: 2 }));
  assert.equal(state.result, false);
  assert.equal(state.record(true), false);
  assert.equal(state.record(true), true);
  assert.equal(state.result, true);
  assert.equal(state.record(false), false, "one failure is below the threshold");
  assert.equal(state.record(true), false);
  assert.equal(state.record(false), false);
  assert.equal(state.record(false), true);
  assert.equal(state.result, false);
});

test("liveness starts succeeded and fails after failureThreshold failures", () => {
  const state = new ProbeState("liveness", probeTimings({ failureThreshold: 3 }));
  assert.equal(state.result, true);
  state.record(false);
  state.record(false);
  assert.equal(state.result, true);
  assert.equal(state.record(false), true);
  assert.equal(state.result, false);
});

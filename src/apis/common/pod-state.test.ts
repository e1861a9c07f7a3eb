import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../types.js";
import { isPodActive, isPodAvailable, setPodCondition, type PodStatus } from "./pod-state.js";

test("setPodCondition changes only what differs and moves lastTransitionTime only on a flip", () => {
  const status: PodStatus = {};
  assert.equal(setPodCondition(status, { type: "PodScheduled", status: "False", reason: "Unschedulable", message: "a" }), true);
  const first = status.conditions?.[0]?.lastTransitionTime;
  assert.ok(first);
  assert.equal(setPodCondition(status, { type: "PodScheduled", status: "False", reason: "Unschedulable", message: "a" }), false);
  assert.equal(setPodCondition(status, { type: "PodScheduled", status: "False", reason: "Unschedulable", message: "b" }), true);
  assert.equal(status.conditions?.[0]?.lastTransitionTime, first, "same status, same transition time");
  status.conditions = [{ type: "PodScheduled", status: "True", lastTransitionTime: "2020-01-01T00:00:00Z" }];
  assert.equal(setPodCondition(status, { type: "PodScheduled", status: "False", reason: "Unschedulable", message: "b" }), true);
  assert.notEqual(status.conditions[0]?.lastTransitionTime, "2020-01-01T00:00:00Z");
  assert.equal(status.conditions.length, 1);
});

test("isPodAvailable needs Ready for strictly longer than minReadySeconds, as upstream's Before", () => {
  const pod = (status: string): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: {}, status: { conditions: [{ type: "Ready", status, lastTransitionTime: "2026-01-01T00:00:00Z" }] } });
  const readyAt = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(isPodAvailable(pod("True"), { minReadySeconds: 0, now: readyAt }), true);
  assert.equal(isPodAvailable(pod("True"), { minReadySeconds: 5, now: readyAt + 5_000 }), false);
  assert.equal(isPodAvailable(pod("True"), { minReadySeconds: 5, now: readyAt + 5_001 }), true);
  assert.equal(isPodAvailable(pod("False"), { minReadySeconds: 0, now: readyAt }), false);
});

test("isPodActive: neither finished nor being deleted", () => {
  const pod = (metadata: KubeObject["metadata"], phase: string): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata, status: { phase } });
  assert.equal(isPodActive(pod({}, "Running")), true);
  assert.equal(isPodActive(pod({}, "Succeeded")), false);
  assert.equal(isPodActive(pod({}, "Failed")), false);
  assert.equal(isPodActive(pod({ deletionTimestamp: "2026-01-01T00:00:00Z" }, "Running")), false);
});

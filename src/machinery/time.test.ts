import assert from "node:assert/strict";
import { test } from "node:test";
import { timestamp } from "./time.js";

test("timestamp writes metav1.Time: UTC, whole seconds, from a Date or epoch milliseconds", () => {
  assert.equal(timestamp(new Date("2026-11-25T22:01:37.987+01:00")), "2026-11-25T21:01:37Z");
  assert.equal(timestamp(Date.UTC(2026, 0, 2, 3, 4, 5, 600)), "2026-01-02T03:04:05Z");
  assert.match(timestamp(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

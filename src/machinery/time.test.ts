import assert from "node:assert/strict";
import { test } from "node:test";
import { timestamp } from "./time.js";

test("timestamp writes metav1.Time: UTC, whole seconds, from a Date or epoch milliseconds", () => {
  assert.equal(timestamp(new Date("2026-11-25T22:01:37.987+01:00")), "2026-11-25T21:01:37Z");
  assert.equal(timestamp(Date.UTC(2026, 0, 2, 3, 4, 5, 600)), "2026-01-02T03:04:05Z");
  assert.match(timestamp(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test("timestamp gives each second its own text, whatever order the seconds come in", () => {
  const base = Date.UTC(2026, 10, 25, 23, 59, 59, 999);
  assert.equal(timestamp(base), "2026-11-25T23:59:59Z");
  assert.equal(timestamp(base + 1), "2026-11-26T00:00:00Z");
  assert.equal(timestamp(base - 999), "2026-11-25T23:59:59Z");
  assert.equal(timestamp(base + 1), "2026-11-26T00:00:00Z");
  assert.equal(timestamp(-1), "1969-12-31T23:59:59Z");
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { planRotation, rotationStamp } from "./log-rotation.js";

test("rotationStamp() is Go's 20060102-150405 layout", () => {
  assert.equal(rotationStamp(new Date(2026, 10, 5, 7, 8, 9)), "20261105-070809");
});

test("planRotation() keeps maxFiles - 2 rotated files, compressing all but what is already compressed", () => {
  const plan = planRotation(["0.log.20261125-100003", "0.log.20261125-100001.gz", "0.log.20261125-100002.gz"], 4);
  assert.deepEqual(plan, { remove: ["0.log.20261125-100001.gz"], compress: ["0.log.20261125-100003"] });
});

test("planRotation() removes leftovers of an interrupted compression first", () => {
  const plan = planRotation(["0.log.20261125-100001", "0.log.20261125-100001.gz", "0.log.20261125-100002.tmp", "0.log.20261125-100003"], 5);
  assert.deepEqual(plan, { remove: ["0.log.20261125-100001", "0.log.20261125-100002.tmp"], compress: ["0.log.20261125-100003"] });
});

test("planRotation() with two files keeps no rotated file at all", () => {
  assert.deepEqual(planRotation(["0.log.20261125-100001"], 2), { remove: ["0.log.20261125-100001"], compress: [] });
});

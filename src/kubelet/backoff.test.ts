import assert from "node:assert/strict";
import { test } from "node:test";
import { CrashBackoff } from "./backoff.js";

test("the back-off doubles from 10 s up to 5 min", () => {
  const backoff = new CrashBackoff();
  const steps = Array.from({ length: 8 }, (_, i) => backoff.next("c", i * 1000));
  assert.deepEqual(steps, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
});

test("a container may restart once its delay has passed since it finished", () => {
  const backoff = new CrashBackoff();
  assert.equal(backoff.remaining("c", 0, 0), 0);
  backoff.next("c", 0);
  assert.equal(backoff.remaining("c", 1000, 5000), 6000);
  assert.equal(backoff.remaining("c", 1000, 11_000), 0);
});

test("ten quiet minutes reset the back-off to its first step", () => {
  const backoff = new CrashBackoff();
  backoff.next("c", 0);
  backoff.next("c", 1);
  assert.equal(backoff.delay("c"), 20_000);
  assert.equal(backoff.next("c", 600_002), 10_000);
  backoff.next("d", 0);
  assert.equal(backoff.remaining("d", 0, 600_001), 0);
  assert.equal(backoff.delay("d"), 0);
});

test("forgetting a pod's prefix drops its containers only", () => {
  const backoff = new CrashBackoff();
  backoff.next("uid1/a", 0);
  backoff.next("uid2/a", 0);
  backoff.forgetPrefix("uid1/");
  assert.equal(backoff.delay("uid1/a"), 0);
  assert.equal(backoff.delay("uid2/a"), 10_000);
});

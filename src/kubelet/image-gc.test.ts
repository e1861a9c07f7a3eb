import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesToFree, eligibleForSpace, evictionOrder, gcPeriodMs, tooOld, type GcPolicy, type ImageRecord } from "./image-gc.js";

const policy: GcPolicy = { highThresholdPercent: 85, lowThresholdPercent: 80, minAgeMs: 120_000, maxAgeMs: 0 };

function image(id: string, fields: Partial<ImageRecord> = {}): ImageRecord {
  return { id, firstDetected: 0, lastUsed: 0, size: 100, pinned: false, ...fields };
}

test("evictionOrder() leaves out images in use and pinned ones, least recently used first, then first seen", () => {
  const records = [
    image("used", { lastUsed: 50 }),
    image("recent", { lastUsed: 40 }),
    image("never-late", { firstDetected: 20 }),
    image("never-early", { firstDetected: 10 }),
    image("pause", { pinned: true }),
    image("running", { lastUsed: 5 }),
  ];
  assert.deepEqual(
    evictionOrder(records, new Set(["running"])).map((r) => r.id),
    ["never-early", "never-late", "recent", "used"],
  );
});

test("eligibleForSpace() spares images used in this pass and images younger than the minimum age", () => {
  const now = 1_000_000;
  const candidates = [image("old"), image("young", { firstDetected: now - 60_000 }), image("just-used", { lastUsed: now })];
  assert.deepEqual(eligibleForSpace(candidates, now, policy.minAgeMs).map((r) => r.id), ["old"]);
});

test("tooOld() counts from the last use, or from when a never-used image was first seen", () => {
  const now = 100_000;
  const candidates = [image("idle", { lastUsed: 10_000, firstDetected: 1 }), image("fresh-pull", { firstDetected: 95_000 }), image("stale", { firstDetected: 1_000 })];
  assert.deepEqual(tooOld(candidates, now, 30_000).map((r) => r.id), ["idle", "stale"]);
});

test("bytesToFree() is 0 under the high threshold, else what brings usage down to the low one", () => {
  assert.equal(bytesToFree({ capacity: 1000, available: 200 }, policy), 0); // 80% used
  assert.equal(bytesToFree({ capacity: 1000, available: 150 }, policy), 50); // 85%: free to 80%
  assert.equal(bytesToFree({ capacity: 1000, available: 50 }, policy), 150);
  // More available than capacity (a runtime's rounding) counts as empty.
  assert.equal(bytesToFree({ capacity: 1000, available: 5000 }, { ...policy, highThresholdPercent: 0, lowThresholdPercent: 0 }), 0);
});

test("gcPeriodMs() is upstream's 5 minutes unless a shorter maximum age asks for more", () => {
  assert.equal(gcPeriodMs(policy), 300_000);
  assert.equal(gcPeriodMs({ ...policy, maxAgeMs: 3_600_000 }), 300_000);
  assert.equal(gcPeriodMs({ ...policy, maxAgeMs: 20_000 }), 10_000);
  assert.equal(gcPeriodMs({ ...policy, maxAgeMs: 1_000 }), 1_000);
});

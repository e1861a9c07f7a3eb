import { test } from "node:test";
import assert from "node:assert/strict";
import { slowStartBatch } from "./slow-start.js";

const cases = [
  { name: "all succeed in batches 1, 2, 4, 3", count: 10, failAt: Infinity, successes: 10, calls: 10 },
  { name: "the first call fails: nothing more is tried", count: 10, failAt: 1, successes: 0, calls: 1 },
  { name: "a failure in the third batch stops after that batch", count: 10, failAt: 5, successes: 6, calls: 7 },
  { name: "zero calls", count: 0, failAt: Infinity, successes: 0, calls: 0 },
] as const;

for (const c of cases) {
  test(`slowStartBatch: ${c.name}`, async () => {
    let calls = 0;
    const result = await slowStartBatch(c.count, 1, async () => {
      calls++;
      if (calls === c.failAt) throw new Error("quota exceeded");
    });
    assert.equal(result.successes, c.successes);
    assert.equal(calls, c.calls);
    assert.equal(result.error === undefined, c.failAt === Infinity);
  });
}

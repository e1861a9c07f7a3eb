import { test } from "node:test";
import assert from "node:assert/strict";
import { Intervals } from "./indexes.js";
import { matchSuccessPolicy } from "./success-policy.js";

test("parsing, merging and printing completed indexes", () => {
  const cases: readonly { text: string; completions: number; add: number[]; printed: string; total: number }[] = [
    { text: "", completions: 5, add: [], printed: "", total: 0 },
    { text: "", completions: 5, add: [0, 1, 2], printed: "0-2", total: 3 },
    { text: "1", completions: 5, add: [2], printed: "1,2", total: 2 },
    { text: "0,2", completions: 5, add: [1], printed: "0-2", total: 3 },
    { text: "1-3,7", completions: 10, add: [5], printed: "1-3,5,7", total: 5 },
    { text: "1-3,5-9", completions: 6, add: [], printed: "1-3,5", total: 4 },
    { text: "x,2,4-y,6", completions: 10, add: [], printed: "2,6", total: 2 },
    { text: "3", completions: 10, add: [3], printed: "3", total: 1 },
  ];
  for (const c of cases) {
    const merged = Intervals.parse(c.text, c.completions).withIndexes(c.add);
    assert.equal(merged.toString(), c.printed, `${c.text} + ${c.add.join(",")}`);
    assert.equal(merged.total, c.total, `${c.text} total`);
  }
});

test("membership and the first missing indexes", () => {
  const intervals = Intervals.parse("0,2-4,8", 10);
  assert.deepEqual([0, 1, 2, 4, 5, 8, 9].map((i) => intervals.has(i)), [true, false, true, true, false, true, false]);
  assert.deepEqual(intervals.firstMissing(3, 10), [1, 5, 6]);
  assert.deepEqual(intervals.firstMissing(10, 10), [1, 5, 6, 7, 9]);
  assert.deepEqual(intervals.firstMissing(5, 6), [1, 5]);
  assert.deepEqual(Intervals.empty.firstMissing(2, 10), [0, 1]);
  assert.deepEqual([...intervals], [0, 2, 3, 4, 8]);
});

test("success policy rules", () => {
  const succeeded = Intervals.parse("0-2,5", 10);
  const cases: readonly { rules: { succeededIndexes?: string; succeededCount?: number }[]; message: string | undefined }[] = [
    { rules: [{ succeededIndexes: "0-2" }], message: "Matched rules at index 0" },
    { rules: [{ succeededIndexes: "0-3" }], message: undefined },
    { rules: [{ succeededIndexes: "0-3", succeededCount: 3 }], message: "Matched rules at index 0" },
    { rules: [{ succeededCount: 5 }, { succeededCount: 4 }], message: "Matched rules at index 1" },
    { rules: [{ succeededIndexes: "4,6-9", succeededCount: 1 }], message: undefined },
  ];
  for (const c of cases) assert.equal(matchSuccessPolicy({ rules: c.rules }, 10, succeeded), c.message, JSON.stringify(c.rules));
});

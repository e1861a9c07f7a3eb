import { test } from "node:test";
import assert from "node:assert/strict";
import { parseGoDuration } from "./duration.js";

test("parseGoDuration reads what Go's time.ParseDuration reads, and refuses the rest", () => {
  const cases: [string, number | undefined][] = [
    ["40s", 40_000],
    ["500ms", 500],
    ["2m", 120_000],
    ["1h30m", 5_400_000],
    ["1m0s", 60_000],
    ["1.5s", 1_500],
    [".5s", 500],
    ["5.s", 5_000],
    ["250us", 0.25],
    ["250µs", 0.25],
    ["250μs", 0.25],
    ["0", 0],
    ["-0", 0],
    ["+5s", 5_000],
    ["-1h", -3_600_000],
    ["40", undefined],
    ["s", undefined],
    ["", undefined],
    ["-", undefined],
    [".s", undefined],
    ["10 s", undefined],
    ["5s ", undefined],
    ["1d", undefined],
    ["--5s", undefined],
  ];
  for (const [text, want] of cases) assert.equal(parseGoDuration(text), want, text);
});

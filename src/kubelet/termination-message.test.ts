import assert from "node:assert/strict";
import { test } from "node:test";
import { logTail } from "./termination-message.js";

test("logTail() joins partial lines and keeps the last lines and bytes of a CRI log", () => {
  const log = [
    "2026-01-01T00:00:00.1Z stdout F one",
    "2026-01-01T00:00:00.2Z stderr P tw",
    "2026-01-01T00:00:00.3Z stderr F o",
    "2026-01-01T00:00:00.4Z stdout F three",
    "",
  ].join("\n");
  assert.equal(logTail(log, 80, 2048), "one\ntwo\nthree");
  assert.equal(logTail(log, 2, 2048), "two\nthree");
  assert.equal(logTail(log, 80, 5), "three");
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { createLogger, levelFromVerbosity } from "./log.js";
import type { LoggerOptions } from "./log.js";

const now = (): Date => new Date("2025-11-25T16:28:00.123Z");

function capture(options: LoggerOptions = {}): { lines: string[]; options: LoggerOptions } {
  const lines: string[] = [];
  return { lines, options: { now, write: (line) => lines.push(line), ...options } };
}

test("the logger is quiet by default: warnings and errors only", () => {
  const { lines, options } = capture();
  const log = createLogger("cli", options);
  log.debug("debug");
  log.info("info");
  log.warn("warn");
  log.error("error");
  assert.deepEqual(lines, [
    '2025-11-25T16:28:00.123Z WARN  cli "warn"',
    '2025-11-25T16:28:00.123Z ERROR cli "error"',
  ]);
});

test("one -v enables info, two enable debug", () => {
  assert.deepEqual([0, 1, 2, 3].map(levelFromVerbosity), ["warn", "info", "debug", "debug"]);
  const { lines, options } = capture({ level: levelFromVerbosity(1) });
  const log = createLogger("cli", options);
  log.info("shown");
  log.debug("hidden");
  assert.equal(lines.length, 1);
});

test("fields are key=value, quoted only when they must be", () => {
  const { lines, options } = capture({ level: "debug" });
  const circular: Record<string, unknown> = { a: 1 };
  circular["self"] = circular;
  createLogger("api", options).child("watch").info("watch closed", {
    path: "/home/me/.mini",
    reason: "slow consumer",
    quote: 'say "hi"',
    eq: "a=b",
    empty: "",
    code: 410,
    ok: false,
    none: null,
    skipped: undefined,
    issued: ["ca", "server"],
    err: new Error("connection reset"),
    object: { kind: "Pod", name: "a b" },
    circular,
  });
  assert.equal(
    lines[0],
    "2025-11-25T16:28:00.123Z INFO  api/watch " +
      '"watch closed" path=/home/me/.mini reason="slow consumer" quote="say \\"hi\\"" eq="a=b" empty="" ' +
      'code=410 ok=false none=null issued=ca,server err="connection reset" ' +
      'object="{\\"kind\\":\\"Pod\\",\\"name\\":\\"a b\\"}" circular="<ref *1> { a: 1, self: [Circular *1] }"',
  );
});

import assert from "node:assert/strict";
import { appendFile, mkdtemp, open, rename, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, afterEach, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { LogOptions } from "./log-options.js";
import { FOLLOW_POLL_MS } from "./log-file.js";
import { streamLog } from "./log-stream.js";

const FOLLOW: LogOptions = { container: "", follow: true, previous: false, timestamps: false, tailLines: undefined, sinceMs: undefined, limitBytes: undefined };
const record = (text: string, tag = "F") => `2026-11-25T20:00:00.5Z stdout ${tag} ${text}\n`;

/** Followers still running: a failed test aborts its follower, so the run ends. */
const followers = new Set<AbortController>();

/** A follower of `path` whose container runs until stop() is called; output() is what it wrote. */
async function follow(path: string): Promise<{ output: () => string; stop: () => Promise<string> }> {
  const file = await open(path, "r");
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  let running = true;
  const abort = new AbortController();
  followers.add(abort);
  const done = streamLog({ file, path, options: FOLLOW, out, signal: abort.signal, isRunning: async () => running }).finally(() => {
    followers.delete(abort);
    return file.close();
  });
  const output = () => Buffer.concat(chunks).toString();
  return {
    output,
    stop: async () => {
      running = false;
      await done;
      return output();
    },
  };
}

/** Waits until the follower has written `expected`, failing after 3 s (the poll alone would take 1 s per change). */
async function until(output: () => string, expected: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (output() !== expected) {
    assert.ok(Date.now() < deadline, `the follower wrote ${JSON.stringify(output())}, not ${JSON.stringify(expected)}`);
    await sleep(10);
  }
}

describe("following a log file across rotations", () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "mini-log-file-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const abort of followers) abort.abort();
  });

  it("finishes the renamed file, then reads the new one from its start, twice over", async () => {
    const path = join(dir, "0.log");
    await writeFile(path, record("1"));
    const follower = await follow(path);
    await until(follower.output, "1\n");
    // Two rotations, each seen before the next (as a rotation every containerLogMonitorInterval is).
    for (const [round, first, seen] of [[1, 2, "1\n2\n3\n4\n"], [2, 5, "1\n2\n3\n4\n5\n6\n7\n"]] as const) {
      // The runtime's order: the rename, a write still to the old file, the new file opened
      // empty, a last write to the old one, then writes to the new one only.
      await rename(path, `${path}.${round}`);
      await appendFile(`${path}.${round}`, record(String(first)));
      await writeFile(path, "");
      await appendFile(`${path}.${round}`, record(String(first + 1)));
      await appendFile(path, record(String(first + 2)));
      await until(follower.output, seen);
    }
    await appendFile(path, record("8"));
    assert.equal(await follower.stop(), "1\n2\n3\n4\n5\n6\n7\n8\n");
  });

  it("wakes on the new file without waiting for the poll interval", async () => {
    const path = join(dir, "1.log");
    await writeFile(path, "");
    const follower = await follow(path);
    await sleep(100);
    await rename(path, `${path}.old`);
    await writeFile(path, record("after"));
    const started = Date.now();
    await until(follower.output, "after\n");
    // Well before the poll interval: the directory watch woke the follower, not the timer.
    assert.ok(Date.now() - started < FOLLOW_POLL_MS * 0.8, `the new file was read ${Date.now() - started} ms after it appeared`);
    await follower.stop();
  });

  it("joins a line split across the rotation", async () => {
    const path = join(dir, "2.log");
    await writeFile(path, record("hel", "P"));
    const follower = await follow(path);
    await sleep(50);
    await rename(path, `${path}.old`);
    await writeFile(path, record("lo"));
    await until(follower.output, "hello\n");
    await follower.stop();
  });

  it("starts again from the top of a file truncated in place", async () => {
    const path = join(dir, "3.log");
    await writeFile(path, record("a") + record("b"));
    const follower = await follow(path);
    await until(follower.output, "a\nb\n");
    await truncate(path, 0);
    await appendFile(path, record("c"));
    await until(follower.output, "a\nb\nc\n");
    await follower.stop();
  });

  it("ends when the container stops while the path is missing, after reading the old file to its end", async () => {
    const path = join(dir, "4.log");
    await writeFile(path, record("x"));
    const follower = await follow(path);
    await until(follower.output, "x\n");
    await rename(path, `${path}.old`);
    await appendFile(`${path}.old`, record("last"));
    assert.equal(await follower.stop(), "x\nlast\n");
  });
});

import assert from "node:assert/strict";
import { appendFile, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";
import type { LogOptions } from "./log-options.js";
import { streamLog } from "./log-stream.js";

const ALL: LogOptions = { container: "", follow: false, previous: false, timestamps: false, tailLines: undefined, sinceMs: undefined, limitBytes: undefined };
const record = (second: number, text: string, stream = "stdout", tag = "F") => `2026-11-25T20:00:${String(second).padStart(2, "0")}.5Z ${stream} ${tag} ${text}\n`;

describe("streamLog()", () => {
  let dir: string;
  let path: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "mini-log-stream-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function read(content: string, options: Partial<LogOptions>, isRunning = async () => false): Promise<string> {
    path = join(dir, `${Math.random()}.log`);
    await writeFile(path, content);
    const file = await open(path, "r");
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk));
    try {
      await streamLog({ file, path, options: { ...ALL, ...options }, out, signal: new AbortController().signal, isRunning });
    } finally {
      await file.close();
    }
    return Buffer.concat(chunks).toString();
  }

  const file = record(1, "one") + record(2, "two", "stderr") + record(3, "thr", "stdout", "P") + record(3, "ee") + record(4, "four");

  it("copies every line of both streams, joining partial records", async () => {
    assert.equal(await read(file, {}), "one\ntwo\nthree\nfour\n");
  });

  it("keeps the last tailLines lines, and none for 0", async () => {
    assert.equal(await read(file, { tailLines: 2 }), "three\nfour\n");
    assert.equal(await read(file, { tailLines: 0 }), "");
    assert.equal(await read(file, { tailLines: 10 }), "one\ntwo\nthree\nfour\n");
  });

  it("leaves out lines older than since, after the tail is taken", async () => {
    assert.equal(await read(file, { sinceMs: Date.UTC(2026, 10, 25, 20, 0, 3) }), "three\nfour\n");
    assert.equal(await read(file, { tailLines: 3, sinceMs: Date.UTC(2026, 10, 25, 20, 0, 4) }), "four\n");
  });

  it("keeps the tail intact across reads of a file larger than one read", async () => {
    const many = Array.from({ length: 5000 }, (_, i) => record(1, `line ${i} ${"x".repeat(40)}`)).join("");
    assert.ok(many.length > 3 * 64 * 1024);
    const expected = Array.from({ length: 4990 }, (_, i) => `line ${10 + i} ${"x".repeat(40)}\n`).join("");
    assert.equal(await read(many, { tailLines: 4990 }), expected);
  });

  it("prefixes timestamps and cuts at limitBytes", async () => {
    assert.equal(await read(file, { timestamps: true, tailLines: 1 }), "2026-11-25T20:00:04.5Z four\n");
    assert.equal(await read(file, { limitBytes: 6 }), "one\ntw");
  });

  it("follows new lines until the container stops", async () => {
    let running = true;
    const done = read(record(1, "first"), { follow: true }, async () => running);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await appendFile(path, record(2, "second"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await appendFile(path, record(3, "last words"));
    running = false;
    const started = Date.now();
    assert.equal(await done, "first\nsecond\nlast words\n");
    assert.ok(Date.now() - started < 2500, "the follower ended soon after the container stopped");
  });

  it("ends a follower when the client goes away", async () => {
    path = join(dir, "gone.log");
    await writeFile(path, record(1, "x"));
    const handle = await open(path, "r");
    const abort = new AbortController();
    const finished = streamLog({ file: handle, path, options: { ...ALL, follow: true }, out: new PassThrough(), signal: abort.signal, isRunning: async () => true });
    setTimeout(() => abort.abort(), 100);
    await finished;
    await handle.close();
  });
});

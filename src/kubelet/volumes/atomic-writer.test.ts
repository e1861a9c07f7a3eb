import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, readlink, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { validPayloadPath, writePayload } from "./atomic-writer.js";

const file = (text: string, mode = 0o644) => ({ data: Buffer.from(text), mode });

test("writePayload() swaps a ..data symlink and links each top-level name through it", async () => {
  const dir = await mkdtemp(join(tmpdir(), "atomic-"));
  try {
    assert.equal(await writePayload(join(dir, "v"), new Map([["a", file("1")], ["sub/b", file("2", 0o600)]])), true);
    const v = join(dir, "v");
    assert.equal(await readlink(join(v, "a")), "..data/a");
    assert.equal(await readlink(join(v, "sub")), "..data/sub");
    assert.equal(await readFile(join(v, "sub/b"), "utf8"), "2");
    assert.equal((await stat(join(v, "sub/b"))).mode & 0o777, 0o600);
    const first = await readlink(join(v, "..data"));

    assert.equal(await writePayload(v, new Map([["a", file("1")], ["sub/b", file("2", 0o600)]])), false, "an equal payload writes nothing");
    assert.equal(await readlink(join(v, "..data")), first);

    assert.equal(await writePayload(v, new Map([["a", file("changed")]])), true);
    assert.equal(await readFile(join(v, "a"), "utf8"), "changed");
    const entries = (await readdir(v)).sort();
    assert.deepEqual(entries.filter((e) => !e.startsWith("..2")), ["..data", "a"], "removed keys and the old directory are gone");
    assert.equal(entries.filter((e) => e.startsWith("..2")).length, 1);
    assert.notEqual(await readlink(join(v, "..data")), first);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("payload paths must stay inside the volume", () => {
  assert.equal(validPayloadPath("a/b"), true);
  for (const bad of ["", "/etc/passwd", "../x", "a/../../x", "..data"]) assert.equal(validPayloadPath(bad), false, bad);
});

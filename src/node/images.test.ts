import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseImported, tarballsIn } from "./images.js";

test("parseImported reads the references ctr reports", () => {
  const stdout = [
    "unpacking mini.test/busybox:1 (sha256:062baa7f60fa9fc615e947a9c5fb4485e049205b1b81b5998b95693f1a7c1eb3)...done",
    "unpacking docker.io/library/app:v2 (sha256:abcdef0123)...done",
    "",
  ].join("\n");
  assert.deepEqual(parseImported(stdout), ["mini.test/busybox:1", "docker.io/library/app:v2"]);
  assert.deepEqual(parseImported(""), []);
});

test("tarballsIn lists *.tar sorted, and nothing for a missing folder", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mini-images-"));
  try {
    await Promise.all(["b.tar", "a.tar", "notes.txt"].map((name) => writeFile(join(dir, name), "")));
    await mkdir(join(dir, "sub.tar.d"));
    assert.deepEqual(await tarballsIn(dir), [join(dir, "a.tar"), join(dir, "b.tar")]);
    assert.deepEqual(await tarballsIn(join(dir, "missing")), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

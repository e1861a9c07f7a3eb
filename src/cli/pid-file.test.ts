import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquirePidFile, readRunningPid, removePidFile } from "./pid-file.js";

async function withPidFile(run: (path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "mini-pid-"));
  try {
    await run(join(dir, "mini.pid"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const gone = (path: string): Promise<boolean> => stat(path).then(() => false, () => true);

test("acquirePidFile() writes our pid, refuses while we hold it, and release() removes it", () =>
  withPidFile(async (path) => {
    const lock = await acquirePidFile(path);
    assert.ok(lock.ok);
    assert.equal(await readFile(path, "utf8"), `${process.pid}\n`);
    assert.equal(await readRunningPid(path), process.pid);
    assert.deepEqual(await acquirePidFile(path), { ok: false, pid: process.pid });
    await lock.release();
    assert.ok(await gone(path));
    assert.equal(await readRunningPid(path), undefined);
  }));

test("acquirePidFile() replaces a file without a valid pid", () =>
  withPidFile(async (path) => {
    for (const content of ["", "not a pid\n", "-5\n"]) {
      await writeFile(path, content);
      assert.equal(await readRunningPid(path), undefined, JSON.stringify(content));
      const lock = await acquirePidFile(path);
      assert.ok(lock.ok, JSON.stringify(content));
      await lock.release();
    }
  }));

test("removePidFile() leaves a file that names another pid alone", () =>
  withPidFile(async (path) => {
    await writeFile(path, "4242\n");
    await removePidFile(path, process.pid);
    assert.equal(await readFile(path, "utf8"), "4242\n");
    await removePidFile(path, 4242);
    assert.ok(await gone(path));
    await removePidFile(path, 4242); // already gone: nothing to do
  }));

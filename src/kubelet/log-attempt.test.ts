import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { attemptAfterLogs } from "./log-attempt.js";

describe("attemptAfterLogs", () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "mini-log-attempt-"));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test("is 0 when the container never logged", async () => {
    assert.equal(await attemptAfterLogs(join(root, "absent")), 0);
  });

  test("is one past the highest attempt, counting rotated files and ignoring the rest", async () => {
    const dir = join(root, "c");
    await mkdir(dir);
    for (const name of ["0.log", "2.log.20261125-220000.gz", "1.log", "10.log.tmp.x", "notes.txt", "x1.log"]) await writeFile(join(dir, name), "");
    await mkdir(join(dir, "12.log.d"));
    // 10.log.tmp.x counts (rotation debris of attempt 10), as upstream's pattern does.
    assert.equal(await attemptAfterLogs(dir), 11);
  });
});

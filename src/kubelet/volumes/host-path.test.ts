import assert from "node:assert/strict";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { checkHostPath } from "./host-path.js";

test("hostPath types are checked, and the *OrCreate types create what is missing", async () => {
  const dir = await mkdtemp(join(tmpdir(), "host-path-"));
  try {
    await writeFile(join(dir, "file"), "x");
    assert.deepEqual(await checkHostPath(join(dir, "file"), "File"), { ok: true });
    assert.deepEqual(await checkHostPath(join(dir, "file"), "Directory"), { ok: false, message: `hostPath type check failed: ${join(dir, "file")} is not a directory` });
    assert.deepEqual(await checkHostPath(join(dir, "absent"), "Directory"), { ok: false, message: `hostPath type check failed: ${join(dir, "absent")} does not exist` });
    assert.deepEqual(await checkHostPath(join(dir, "absent"), ""), { ok: true }, "no type: no check");
    assert.deepEqual(await checkHostPath(join(dir, "made/deep"), "DirectoryOrCreate"), { ok: true });
    assert.ok((await stat(join(dir, "made/deep"))).isDirectory());
    assert.deepEqual(await checkHostPath(join(dir, "new-file"), "FileOrCreate"), { ok: true });
    assert.ok((await stat(join(dir, "new-file"))).isFile());
    assert.deepEqual(await checkHostPath("/dev/null", "CharDevice"), { ok: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

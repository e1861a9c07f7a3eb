import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { logDirectoryUid, removeLogFiles, removePodLogDirectories } from "./log-cleanup.js";

describe("log cleanup", () => {
  let root: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "mini-log-cleanup-"));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("removeLogFiles() deletes a log and its rotations, and nothing of another restart", async () => {
    const dir = join(root, "default_web_u1", "app");
    await mkdir(dir, { recursive: true });
    const names = ["1.log", "1.log.20261125-220101.gz", "1.log.20261125-220102", "1.log.20261125-220103.tmp", "0.log", "10.log", "11.log.20261125-220101.gz"];
    for (const name of names) await writeFile(join(dir, name), "x\n");
    await removeLogFiles(join(dir, "1.log"));
    assert.deepEqual((await readdir(dir)).sort(), ["0.log", "10.log", "11.log.20261125-220101.gz"]);
  });

  it("removeLogFiles() of a directory already gone does nothing", async () => {
    await removeLogFiles(join(root, "nowhere", "app", "0.log"));
  });

  it("logDirectoryUid() reads the uid after the last underscore", () => {
    assert.equal(logDirectoryUid("kube-system_coredns-5d78c9869d-abcde_0b9e4c1a-7f3e-4b8a-9c51-2f0d6a1e3b77"), "0b9e4c1a-7f3e-4b8a-9c51-2f0d6a1e3b77");
  });

  it("removePodLogDirectories() removes the directories of pods not kept, with their content, and leaves other entries", async () => {
    const logs = join(root, "pods");
    for (const dir of ["default_a_u1/app", "default_b_u2/app", "other_c_u3/side"]) {
      await mkdir(join(logs, dir), { recursive: true });
      await writeFile(join(logs, dir, "0.log"), "x\n");
    }
    await writeFile(join(logs, "README"), "not a pod's\n");
    await removePodLogDirectories(logs, (uid) => uid === "u2");
    assert.deepEqual((await readdir(logs)).sort(), ["README", "default_b_u2"]);
  });

  it("removePodLogDirectories() without a logs directory does nothing", async () => {
    await removePodLogDirectories(join(root, "no-logs-yet"), () => false);
  });
});

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { busyboxRootfs, HOST_BUSYBOX, isStaticElf } from "./busybox-image.js";

test("isStaticElf tells busybox-static from a dynamically linked binary", () => {
  assert.equal(isStaticElf(readFileSync(HOST_BUSYBOX)), true, `${HOST_BUSYBOX} must be busybox-static (apt-get install busybox-static)`);
  assert.equal(isStaticElf(readFileSync(process.execPath)), false, "node is dynamically linked");
  assert.equal(isStaticElf(Buffer.from("#!/bin/sh\n")), false);
});

test("busyboxRootfs links the applets asked for, or all of them", () => {
  const pause = busyboxRootfs({ applets: ["sleep"] });
  assert.deepEqual(
    pause.map((entry) => `${entry.type} ${entry.path}`),
    ["dir bin", "dir etc", "dir tmp", "file bin/busybox", "symlink bin/sleep", "file etc/passwd", "file etc/group"],
  );
  const full = busyboxRootfs();
  const links = full.filter((entry) => entry.type === "symlink").map((entry) => entry.path);
  assert.ok(links.includes("bin/sh") && links.includes("bin/sleep") && links.length > 100, `${links.length} applets`);
  assert.ok(!links.includes("bin/busybox"));
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mountsUnder } from "./mounts.js";

const MOUNTINFO = [
  "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
  "90 22 0:50 / /tmp/m/pods/u1/volumes/kubernetes.io~empty-dir/cache rw shared:40 - tmpfs tmpfs rw",
  "91 22 0:51 / /tmp/m/containerd/state/io.containerd.runtime.v2.task/k8s.io/abc/rootfs rw - overlay overlay rw",
  "92 22 0:52 / /tmp/m/pods/u1 rw - tmpfs tmpfs rw",
  "93 22 0:53 / /tmp/m2/pods/x rw - tmpfs tmpfs rw",
  "94 22 0:54 / /tmp/m/pods/with\\040space rw - tmpfs tmpfs rw",
  "",
].join("\n");

describe("mountsUnder", () => {
  test("lists the mounts below the dir, deepest first, and none of a sibling dir with the same prefix", () => {
    assert.deepEqual(mountsUnder("/tmp/m/", MOUNTINFO), [
      "/tmp/m/containerd/state/io.containerd.runtime.v2.task/k8s.io/abc/rootfs",
      "/tmp/m/pods/u1/volumes/kubernetes.io~empty-dir/cache",
      "/tmp/m/pods/with space",
      "/tmp/m/pods/u1",
    ]);
  });

  test("leaves out the dir itself when it is a mount point", () => {
    assert.deepEqual(mountsUnder("/tmp/m2/pods/x", MOUNTINFO), []);
    assert.deepEqual(mountsUnder("/tmp/m2", MOUNTINFO), ["/tmp/m2/pods/x"]);
  });

  test("is empty when nothing is mounted below", () => {
    assert.deepEqual(mountsUnder("/tmp/m/pods/u1/volumes/kubernetes.io~empty-dir/cache", MOUNTINFO), []);
    assert.deepEqual(mountsUnder("/srv", MOUNTINFO), []);
  });
});

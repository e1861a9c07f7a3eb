import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createTar } from "./tar.js";

const longDir = `${"d".repeat(80)}/${"e".repeat(60)}`;

const archive = createTar([
  { type: "dir", path: "bin" },
  { type: "file", path: "bin/tool", data: Buffer.from("#!/bin/sh\necho hi\n"), mode: 0o755 },
  { type: "symlink", path: "bin/alias", target: "/bin/tool" },
  { type: "dir", path: "tmp", mode: 0o1777 },
  { type: "dir", path: longDir },
  { type: "file", path: `${longDir}/${"f".repeat(90)}`, data: Buffer.alloc(1000, 7) },
  { type: "file", path: "empty", data: Buffer.alloc(0) },
]);

test("createTar writes archives GNU tar lists and extracts as given", () => {
  const listing = execFileSync("tar", ["-tvf", "-"], { input: archive, encoding: "utf8" }).trim().split("\n");
  assert.equal(listing.length, 7);
  assert.match(listing[1] ?? "", /^-rwxr-xr-x root\/root\s+18 2000-01-01 \d\d:00 bin\/tool$/);
  assert.match(listing[2] ?? "", /^lrwxrwxrwx root\/root\s+0 .* bin\/alias -> \/bin\/tool$/);
  assert.match(listing[3] ?? "", /^drwxrwxrwt /);

  const dir = mkdtempSync(join(tmpdir(), "mini-tar-"));
  try {
    execFileSync("tar", ["-xf", "-", "-C", dir], { input: archive });
    assert.equal(readFileSync(join(dir, "bin/tool"), "utf8"), "#!/bin/sh\necho hi\n");
    assert.equal(statSync(join(dir, "bin/tool")).mode & 0o777, 0o755);
    assert.equal(readlinkSync(join(dir, "bin/alias")), "/bin/tool");
    assert.deepEqual(readFileSync(join(dir, longDir, "f".repeat(90))), Buffer.alloc(1000, 7));
    assert.equal(statSync(join(dir, "empty")).size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("createTar is deterministic and block-aligned", () => {
  const again = createTar([{ type: "file", path: "a", data: Buffer.from("x") }]);
  assert.deepEqual(again, createTar([{ type: "file", path: "a", data: Buffer.from("x") }]));
  assert.equal(again.length, 512 * 4); // header, one data block, two end blocks
  assert.equal(archive.length % 512, 0);
});

test("createTar refuses paths ustar cannot hold", () => {
  assert.throws(() => createTar([{ type: "file", path: "x".repeat(101), data: Buffer.alloc(0) }]), /Path too long/);
});

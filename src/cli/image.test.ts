import assert from "node:assert/strict";
import { test } from "node:test";
import { humanSize, image, splitTag } from "./image.js";

test("splitTag separates the tag, not a registry port", () => {
  assert.deepEqual(splitTag("mini.test/busybox:1"), ["mini.test/busybox", "1"]);
  assert.deepEqual(splitTag("localhost:5000/app:v2"), ["localhost:5000/app", "v2"]);
  assert.deepEqual(splitTag("localhost:5000/app"), ["localhost:5000/app", "<none>"]);
});

test("humanSize prints sizes as crictl does", () => {
  assert.equal(humanSize(512), "512B");
  assert.equal(humanSize(1_988_789), "1.99MB");
  assert.equal(humanSize(2_133_504), "2.13MB");
  assert.equal(humanSize(1_500_000_000), "1.5GB");
});

test("mini image refuses a missing or unknown subcommand with a usage error", async () => {
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
  try {
    assert.equal(await image.run([]), 2);
    assert.equal(await image.run(["push", "x"]), 2);
    assert.equal(await image.run(["ls", "extra"]), 2);
    assert.equal(await image.run(["import"]), 2);
  } finally {
    process.stderr.write = write;
  }
  assert.deepEqual(
    written.map((text) => text.split("\n")[0]),
    [
      "mini image: Expected a subcommand: import, ls or rm",
      'mini image: Unknown subcommand "push"; expected import, ls or rm',
      "mini image: ls takes no arguments",
      "mini image: import needs at least one FILE",
    ],
  );
});

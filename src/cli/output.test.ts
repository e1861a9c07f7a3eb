import { test } from "node:test";
import assert from "node:assert/strict";
import { shellQuote } from "./output.js";

test("shellQuote() leaves safe words bare and single-quotes the rest", () => {
  assert.equal(shellQuote("/home/me/.mini/kubeconfig"), "/home/me/.mini/kubeconfig");
  assert.equal(shellQuote("/tmp/my dir/kubeconfig"), "'/tmp/my dir/kubeconfig'");
  assert.equal(shellQuote("it's"), "'it'\\''s'");
});

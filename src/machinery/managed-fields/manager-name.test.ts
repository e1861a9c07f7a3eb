import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError } from "../status.js";
import { writeManager } from "./manager-name.js";

const query = (text: string) => new URLSearchParams(text);

describe("writeManager", () => {
  test("the fieldManager parameter names the manager", () => {
    assert.equal(writeManager(query("fieldManager=kubectl-create"), "kubectl/v1.32.0 (linux/amd64)", { verb: "CreateOptions" }), "kubectl-create");
  });

  test("without one, the User-Agent up to its first slash does", () => {
    assert.equal(writeManager(query(""), "kubectl/v1.32.0 (linux/amd64) kubernetes/abc", { verb: "UpdateOptions" }), "kubectl");
    assert.equal(writeManager(query(""), "Go-http-client/1.1", { verb: "UpdateOptions" }), "Go-http-client");
    assert.equal(writeManager(query(""), undefined, { verb: "UpdateOptions" }), "");
  });

  test("a User-Agent is cut to 128 bytes and loses unprintable characters", () => {
    assert.equal(writeManager(query(""), `a\u0001b${"x".repeat(200)}`, { verb: "UpdateOptions" }), `ab${"x".repeat(126)}`);
  });

  test("apply requires a fieldManager, with upstream's 422", () => {
    try {
      writeManager(query(""), "kubectl/v1.32.0", { verb: "PatchOptions", apply: true });
      assert.fail("expected a 422");
    } catch (error: unknown) {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 422);
      assert.equal(error.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    }
  });

  test("too long or unprintable managers are refused", () => {
    assert.throws(() => writeManager(query(`fieldManager=${"m".repeat(129)}`), undefined, { verb: "CreateOptions" }), /fieldManager: Too long: may not be more than 128 bytes/);
    assert.throws(() => writeManager(query("fieldManager=a%01"), undefined, { verb: "CreateOptions" }), /invalid character U\+0001 \(at position 1\)/);
  });
});

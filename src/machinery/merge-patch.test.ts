import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyMergePatch } from "./merge-patch.js";

describe("applyMergePatch", () => {
  // RFC 7386, Appendix A, then the cases kubectl sends.
  const cases: [name: string, target: unknown, patch: unknown, result: unknown][] = [
    ["a changed member replaces the old value", { a: "b" }, { a: "c" }, { a: "c" }],
    ["a new member is added", { a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    ["null removes a member", { a: "b" }, { a: null }, {}],
    ["null removes only the named member", { a: "b", b: "c" }, { a: null }, { b: "c" }],
    ["an array replaces an array", { a: ["b"] }, { a: "c" }, { a: "c" }],
    ["a value replaces an array", { a: "c" }, { a: ["b"] }, { a: ["b"] }],
    ["objects merge recursively", { a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    ["arrays of objects are replaced, not merged", { a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    ["an array patch replaces the document", ["a", "b"], ["c", "d"], ["c", "d"]],
    ["an object patch replaces a non-object target", { a: "b" }, ["c"], ["c"]],
    ["a null patch replaces the document with null", { a: "foo" }, null, null],
    ["a string patch replaces the document", { a: "foo" }, "bar", "bar"],
    ["null members inside a new object are dropped", { e: null }, { a: 1 }, { e: null, a: 1 }],
    ["an object patch on an array target starts from an empty object", [1, 2], { a: "b", c: null }, { a: "b" }],
    ["nested new objects lose their null members", {}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ["kubectl scale sets replicas", { spec: { replicas: 1, paused: false } }, { spec: { replicas: 5 } }, { spec: { replicas: 5, paused: false } }],
    ["an absent target is an empty document", undefined, { a: { b: 1 } }, { a: { b: 1 } }],
  ];
  for (const [name, target, patch, result] of cases) {
    test(name, () => {
      assert.deepEqual(applyMergePatch(target, patch), { ok: true, value: result });
    });
  }

  test("leaves both inputs untouched and shares nothing with them", () => {
    const target = { a: { b: [1] } };
    const patch = { a: { c: [2] } };
    const result = applyMergePatch(target, patch);
    assert.ok(result.ok);
    assert.deepEqual(target, { a: { b: [1] } });
    assert.deepEqual(patch, { a: { c: [2] } });
    patch.a.c.push(3);
    target.a.b.push(3);
    assert.deepEqual(result.value, { a: { b: [1], c: [2] } });
  });

  test("treats __proto__ as an ordinary member", () => {
    const result = applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}'));
    assert.ok(result.ok);
    assert.deepEqual(Object.keys(result.value as object), ["__proto__"]);
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });
});

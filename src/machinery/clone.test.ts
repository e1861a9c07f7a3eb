import { test } from "node:test";
import assert from "node:assert/strict";
import { cloneJson } from "./clone.js";

test("cloneJson copies objects and arrays all the way down", () => {
  const original = { a: { b: [1, { c: "x" }, null] }, d: true };
  const copy = cloneJson(original);
  assert.deepEqual(copy, original);
  assert.notEqual(copy.a, original.a);
  assert.notEqual(copy.a.b, original.a.b);
  assert.notEqual(copy.a.b[1], original.a.b[1]);
  (copy.a.b[1] as { c: string }).c = "y";
  assert.equal((original.a.b[1] as { c: string }).c, "x");
});

test("cloneJson leaves out keys whose value is undefined, as JSON does", () => {
  const copy = cloneJson({ a: 1, gone: undefined, inner: { b: undefined, c: [undefined, 2] } });
  assert.deepEqual(Object.keys(copy), ["a", "inner"]);
  assert.deepEqual(Object.keys(copy.inner), ["c"]);
  assert.deepEqual(copy.inner.c, [undefined, 2], "array items keep their places");
});

test("cloneJson returns leaves as they are", () => {
  for (const leaf of [0, 1.5, "", "text", true, false, null, undefined]) assert.equal(cloneJson(leaf), leaf);
});

test("cloneJson keeps a __proto__ key as data, not as the copy's prototype", () => {
  const parsed = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
  const copy = cloneJson(parsed);
  assert.equal(Object.getPrototypeOf(copy), Object.prototype);
  assert.deepEqual(Object.keys(copy), ["__proto__", "ok"]);
  assert.equal(JSON.stringify(copy), '{"__proto__":{"polluted":true},"ok":1}');
  assert.equal((copy as { polluted?: unknown }).polluted, undefined);
});

test("cloneJson keeps sparse-free arrays' length and order", () => {
  const copy = cloneJson([[1, 2], [], ["a"]]);
  assert.deepEqual(copy, [[1, 2], [], ["a"]]);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { canonicalJson } from "./canonical-json.js";

test("canonicalJson sorts keys at every level, drops undefined fields and prints JSON", () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }], "10": true, "9": null }), '{"10":true,"9":null,"a":[{"d":2}],"b":1}');
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2 }] }), canonicalJson({ a: [{ d: 2 }], b: 1 }));
  assert.equal(canonicalJson([undefined, "x\n"]), '[null,"x\\n"]');
  assert.equal(canonicalJson(JSON.parse('{"s":"é","n":1.5,"f":false}')), JSON.stringify({ f: false, n: 1.5, s: "é" }));
});

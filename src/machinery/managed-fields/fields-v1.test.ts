import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FieldSet } from "./field-set.js";
import { decodeFieldsV1, encodeFieldsV1 } from "./fields-v1.js";
import { describePath, keyElement, valueElement } from "./path.js";

const container = keyElement({ name: "app" });
const deploymentFields = {
  "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
  "f:spec": {
    "f:replicas": {},
    "f:template": {
      "f:spec": {
        "f:containers": {
          [container]: { ".": {}, "f:image": {}, "f:name": {}, "f:ports": { 'k:{"containerPort":8080,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } } },
        },
      },
    },
  },
  "f:metadata2": {},
};

function decoded(value: unknown): FieldSet {
  const result = decodeFieldsV1(value);
  if (!result.ok) throw new Error(result.error);
  return result.set;
}

describe("FieldsV1", () => {
  test("a key mapping to {} is a member; '.' marks a node with children as a member too", () => {
    const set = decoded(deploymentFields);
    assert.ok(set.has(["f:metadata", "f:labels"]));
    assert.ok(set.has(["f:metadata", "f:labels", "f:app"]));
    assert.ok(!set.has(["f:metadata"]));
    assert.ok(!set.has(["f:spec"]));
    assert.ok(set.has(["f:spec", "f:replicas"]));
    assert.ok(set.has(["f:spec", "f:template", "f:spec", "f:containers", container]));
    assert.ok(set.has(["f:metadata2"]));
  });

  test("encoding gives back what was decoded, with children in upstream's order", () => {
    const text = JSON.stringify(encodeFieldsV1(decoded(deploymentFields)));
    assert.equal(
      text,
      JSON.stringify({
        "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
        "f:metadata2": {},
        "f:spec": deploymentFields["f:spec"],
      }),
    );
  });

  test("fields sort before keys, keys before values, values before indexes", () => {
    const set = FieldSet.of([["i:0"], [valueElement("x")], [keyElement({ a: 1 })], ["f:z"], ["f:a"]]);
    assert.deepEqual(Object.keys(encodeFieldsV1(set)), ["f:a", "f:z", 'k:{"a":1}', 'v:"x"', "i:0"]);
  });

  test("an empty set encodes to {}", () => {
    assert.deepEqual(encodeFieldsV1(new FieldSet()), {});
  });

  const invalid: [string, unknown][] = [
    ["not an object", []],
    ["a key that is no path element", { "spec": {} }],
    ["a key element that is not a JSON object", { "k:[1]": {} }],
    ["a value element that is not JSON", { "v:nope": {} }],
    ["an index that is not a number", { "i:x": {} }],
    ["a child that is not an object", { "f:spec": 1 }],
  ];
  for (const [name, value] of invalid) {
    test(`decoding refuses ${name}`, () => assert.equal(decodeFieldsV1(value).ok, false));
  }
});

describe("paths in messages", () => {
  test("render as upstream prints them", () => {
    assert.equal(describePath(["f:data", "f:a"]), ".data.a");
    assert.equal(describePath(["f:spec", "f:containers", keyElement({ name: "app" }), "f:image"]), '.spec.containers[name="app"].image');
    assert.equal(describePath(["f:ports", keyElement({ protocol: "TCP", containerPort: 80 })]), '.ports[containerPort=80,protocol="TCP"]');
    assert.equal(describePath(["f:metadata", "f:finalizers", valueElement("x")]), '.metadata.finalizers[="x"]');
    assert.equal(describePath(["f:items", "i:3"]), ".items[3]");
  });
});

describe("FieldSet", () => {
  const a = FieldSet.of([["f:a"], ["f:b", "f:c"], ["f:b", "f:d"]]);
  const b = FieldSet.of([["f:b", "f:c"], ["f:e"]]);

  test("union, intersection and difference work path by path", () => {
    assert.deepEqual([...a.union(b).paths()].map((p) => p.join("/")), ["f:a", "f:b/f:c", "f:b/f:d", "f:e"]);
    assert.deepEqual([...a.intersection(b).paths()].map((p) => p.join("/")), ["f:b/f:c"]);
    assert.deepEqual([...a.difference(b).paths()].map((p) => p.join("/")), ["f:a", "f:b/f:d"]);
  });

  test("difference removes exact paths; withoutPrefixes removes whole subtrees", () => {
    const withParent = FieldSet.of([["f:s"], ["f:s", "f:x"]]);
    assert.deepEqual([...withParent.difference(FieldSet.of([["f:s"]])).paths()], [["f:s", "f:x"]]);
    assert.ok(withParent.withoutPrefixes(FieldSet.of([["f:s"]])).isEmpty());
  });

  test("no empty subtree survives an operation", () => {
    const rest = a.difference(FieldSet.of([["f:b", "f:c"], ["f:b", "f:d"]]));
    assert.ok(rest.child("f:b").isEmpty());
    assert.deepEqual(encodeFieldsV1(rest), { "f:a": {} });
    assert.ok(a.intersection(FieldSet.of([["f:zz"]])).isEmpty());
  });

  test("inputs are left alone", () => {
    a.union(b);
    a.difference(b);
    assert.deepEqual([...a.paths()].length, 3);
    assert.deepEqual([...b.paths()].length, 2);
    assert.ok(a.equals(FieldSet.of([["f:b", "f:d"], ["f:a"], ["f:b", "f:c"]])));
  });

  test("retainChildren keeps the top-level children asked for", () => {
    assert.deepEqual([...a.retainChildren((e) => e === "f:b").paths()].length, 2);
  });
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Schema } from "../apis/types.js";
import { declaresAllFields, fieldSchema, itemSchema, patchMergeKey, patchStrategy } from "./schema-walk.js";

const str: Schema = { type: "string" };
const labels: Schema = { type: "object", additionalProperties: str };
const volumes: Schema = {
  type: "array",
  items: { type: "object", properties: { name: str } },
  "x-kubernetes-patch-merge-key": "name",
  "x-kubernetes-patch-strategy": "merge,retainKeys",
};
const object: Schema = { type: "object", properties: { labels, volumes } };

describe("fieldSchema", () => {
  const cases: [name: string, schema: Schema | undefined, key: string, expected: Schema | undefined][] = [
    ["a declared property gives its schema", object, "labels", labels],
    ["a map gives its value schema for any key", labels, "app", str],
    ["an undeclared field of an object has none", object, "other", undefined],
    ["inherited names are not properties", object, "constructor", undefined],
    ["no schema gives none", undefined, "labels", undefined],
  ];
  for (const [name, schema, key, expected] of cases) {
    test(name, () => assert.equal(fieldSchema(schema, key), expected));
  }
});

describe("patch extensions", () => {
  test("a list's items, merge key and strategy are read from its schema", () => {
    assert.equal(itemSchema(volumes), volumes.items);
    assert.equal(patchMergeKey(volumes), "name");
    assert.equal(patchStrategy(volumes), "merge");
  });

  const strategies: [declared: string | undefined, strategy: "merge" | "replace" | undefined][] = [
    [undefined, undefined],
    ["merge", "merge"],
    ["retainKeys", undefined],
    ["merge,retainKeys", "merge"],
    ["replace", "replace"],
  ];
  for (const [declared, strategy] of strategies) {
    test(`the strategy ${JSON.stringify(declared)} merges as ${String(strategy)}`, () => {
      const schema: Schema = declared === undefined ? {} : { "x-kubernetes-patch-strategy": declared };
      assert.equal(patchStrategy(schema), strategy);
    });
  }
});

describe("declaresAllFields", () => {
  const cases: [name: string, schema: Schema | undefined, declares: boolean][] = [
    ["an object with properties declares its fields", object, true],
    ["a map does not", labels, false],
    ["preserved unknown fields do not", { type: "object", properties: { a: str }, "x-kubernetes-preserve-unknown-fields": true }, false],
    ["an object without properties does not", { type: "object" }, false],
    ["no schema does not", undefined, false],
  ];
  for (const [name, schema, declares] of cases) {
    test(name, () => assert.equal(declaresAllFields(schema), declares));
  }
});

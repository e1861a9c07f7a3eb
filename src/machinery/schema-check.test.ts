import { test } from "node:test";
import assert from "node:assert/strict";
import { checkSchema } from "./schema-check.js";
import type { Schema } from "../apis/types.js";

const schema: Schema = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      properties: {
        replicas: { type: "integer" },
        port: { "x-kubernetes-int-or-string": true },
        labels: { type: "object", additionalProperties: { type: "string" } },
        items: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } },
        free: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
      },
    },
  },
};

test("checkSchema reports unknown fields with their full paths", () => {
  const value = { spec: { replicas: 1, bogus: 2, items: [{ name: "a", nme: "b" }], free: { anything: 1 } } };
  const result = checkSchema(value, schema, { prune: false });
  assert.deepEqual(result.unknownFields, ["spec.bogus", "spec.items[0].nme"]);
  assert.deepEqual(result.typeErrors, []);
});

test("checkSchema prunes unknown fields in place when asked", () => {
  const value = { spec: { replicas: 1, bogus: 2 } };
  checkSchema(value, schema, { prune: true });
  assert.deepEqual(value, { spec: { replicas: 1 } });
});

test("checkSchema reports values of the wrong type and accepts int-or-string and null", () => {
  const value = { spec: { replicas: "three", port: "http", labels: { a: 1 }, items: null } };
  const result = checkSchema(value, schema, { prune: false });
  assert.deepEqual(result.typeErrors, ["spec.replicas: expected integer, got string", "spec.labels.a: expected string, got integer"]);
});

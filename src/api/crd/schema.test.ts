import assert from "node:assert/strict";
import { test } from "node:test";
import { checkSchema } from "../../machinery/schema-check.js";
import { hasDefaults, objectSchemaOf, type CrdSchema } from "./schema.js";

const openApi: CrdSchema = {
  type: "object",
  properties: {
    metadata: { type: "object", properties: { name: { type: "string", maxLength: 10 } } },
    spec: {
      type: "object",
      properties: {
        size: { type: "integer" },
        free: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        template: { type: "object", "x-kubernetes-embedded-resource": true, properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } },
      },
    },
  },
};

test("unknown fields are pruned, except under x-kubernetes-preserve-unknown-fields", () => {
  const object = { apiVersion: "x/v1", kind: "W", metadata: { name: "w" }, spec: { size: 1, colour: "red", free: { anything: { goes: 1 } } }, other: 1 };
  const check = checkSchema(object, objectSchemaOf(openApi, "W"), { prune: true });
  assert.deepEqual(check.unknownFields, ["spec.colour", "other"]);
  assert.deepEqual(object, { apiVersion: "x/v1", kind: "W", metadata: { name: "w" }, spec: { size: 1, free: { anything: { goes: 1 } } } });
});

test("the root metadata is ObjectMeta whatever the CRD says, and embedded resources get apiVersion, kind and ObjectMeta", () => {
  const object = {
    metadata: { name: "w", labels: { a: "b" }, bogus: 1 },
    spec: { template: { apiVersion: "v1", kind: "Pod", metadata: { name: "p", nonsense: true }, spec: { containers: [] }, junk: 1 } },
  };
  const check = checkSchema(object, objectSchemaOf(openApi, "W"), { prune: true });
  assert.deepEqual(check.unknownFields, ["metadata.bogus", "spec.template.metadata.nonsense", "spec.template.junk"]);
  assert.deepEqual(object.spec.template, { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [] } });
});

test("a version without a schema keeps every field", () => {
  const object = { apiVersion: "x/v1", kind: "W", metadata: { name: "w" }, spec: { anything: 1 } };
  assert.deepEqual(checkSchema(object, objectSchemaOf(undefined, "W"), { prune: true }).unknownFields, []);
});

test("hasDefaults finds a default anywhere in the schema", () => {
  assert.equal(hasDefaults(openApi), false);
  assert.equal(hasDefaults({ type: "object", properties: { a: { type: "array", items: { type: "object", properties: { b: { type: "string", default: "x" } } } } } }), true);
});

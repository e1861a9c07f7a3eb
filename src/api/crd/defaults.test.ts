import assert from "node:assert/strict";
import { test } from "node:test";
import { applyDefaults } from "./defaults.js";
import type { CrdSchema } from "./schema.js";

const schema: CrdSchema = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      default: {},
      properties: {
        color: { type: "string", default: "blue" },
        replicas: { type: "integer", default: 1 },
        note: { type: "string", nullable: true, default: "n" },
        extra: { type: "string" },
        ports: { type: "array", items: { type: "object", properties: { protocol: { type: "string", default: "TCP" } } } },
        limits: { type: "object", additionalProperties: { type: "object", properties: { unit: { type: "string", default: "m" } } } },
      },
    },
  },
};

test("applyDefaults fills absent fields, and defaults inside a defaulted object", () => {
  const object: Record<string, unknown> = {};
  applyDefaults(object, schema);
  assert.deepEqual(object, { spec: { color: "blue", replicas: 1, note: "n" } });
});

test("applyDefaults keeps values that are set, including zero values", () => {
  const object = { spec: { color: "red", replicas: 0 } };
  applyDefaults(object, schema);
  assert.deepEqual(object.spec, { color: "red", replicas: 0, note: "n" });
});

test("applyDefaults replaces a null in a non-nullable field by its default, drops it without one, keeps it when nullable", () => {
  const object = { spec: { color: null, extra: null, note: null } };
  applyDefaults(object, schema);
  assert.deepEqual(object.spec, { color: "blue", replicas: 1, note: null });
});

test("applyDefaults reaches list items and map values", () => {
  const object = { spec: { ports: [{}, { protocol: "UDP" }], limits: { cpu: {} } } };
  applyDefaults(object, schema);
  assert.deepEqual(object.spec.ports, [{ protocol: "TCP" }, { protocol: "UDP" }]);
  assert.deepEqual(object.spec.limits, { cpu: { unit: "m" } });
});

test("applyDefaults copies defaults, so objects never share them", () => {
  const first: Record<string, unknown> = {};
  const second: Record<string, unknown> = {};
  applyDefaults(first, schema);
  applyDefaults(second, schema);
  assert.notEqual(first.spec, second.spec);
});

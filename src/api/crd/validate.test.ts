import assert from "node:assert/strict";
import { test } from "node:test";
import type { CrdSchema } from "./schema.js";
import { validateCustomObject, validateValue } from "./validate.js";

const spec: CrdSchema = {
  type: "object",
  required: ["size"],
  properties: {
    size: { type: "integer", minimum: 1, maximum: 100 },
    ratio: { type: "number", minimum: 0, exclusiveMinimum: true, multipleOf: 0.5 },
    color: { type: "string", enum: ["red", "green", "blue"] },
    name: { type: "string", minLength: 2, maxLength: 5, pattern: "^[a-z]+$" },
    since: { type: "string", format: "date-time" },
    port: { "x-kubernetes-int-or-string": true },
    note: { type: "string", nullable: true },
    tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 2, "x-kubernetes-list-type": "set" },
    ports: {
      type: "array",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      items: { type: "object", required: ["name"], properties: { name: { type: "string" }, port: { type: "integer" } } },
    },
    labels: { type: "object", additionalProperties: { type: "string" } },
    template: { type: "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true },
    either: { type: "string", anyOf: [{ type: "string", pattern: "^a" }, { type: "string", pattern: "^b" }] },
  },
};

const cases: readonly { name: string; value: Record<string, unknown>; messages: readonly string[] }[] = [
  { name: "a valid spec passes", value: { size: 3, color: "red", port: "http", note: null, tags: ["a"], either: "bee" }, messages: [] },
  {
    name: "a wrong type is reported with the path and the JSON type",
    value: { size: "big" },
    messages: ['spec.size: Invalid value: "big": spec.size in body must be of type integer: "string"'],
  },
  { name: "a missing required field", value: {}, messages: ["spec.size: Required value"] },
  { name: "a float where an integer is wanted", value: { size: 1.5 }, messages: ['spec.size: Invalid value: 1.5: spec.size in body must be of type integer: "number"'] },
  {
    name: "enum values are listed",
    value: { size: 1, color: "pink" },
    messages: ['spec.color: Unsupported value: "pink": supported values: "red", "green", "blue"'],
  },
  {
    name: "bounds",
    value: { size: 0, ratio: 0 },
    messages: [
      "spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1",
      "spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0",
    ],
  },
  { name: "maximum", value: { size: 101 }, messages: ["spec.size: Invalid value: 101: spec.size in body should be less than or equal to 100"] },
  { name: "multipleOf", value: { size: 1, ratio: 0.7 }, messages: ["spec.ratio: Invalid value: 0.7: spec.ratio in body should be a multiple of 0.5"] },
  {
    name: "string length and pattern",
    value: { size: 1, name: "A" },
    messages: [
      'spec.name: Invalid value: "A": spec.name in body should be at least 2 chars long',
      "spec.name: Invalid value: \"A\": spec.name in body should match '^[a-z]+$'",
    ],
  },
  { name: "maxLength", value: { size: 1, name: "abcdef" }, messages: ["spec.name: Too long: may not be more than 5 bytes"] },
  { name: "format", value: { size: 1, since: "yesterday" }, messages: ['spec.since: Invalid value: "yesterday": spec.since in body must be of type date-time: "yesterday"'] },
  { name: "int-or-string refuses booleans", value: { size: 1, port: true }, messages: ['spec.port: Invalid value: true: spec.port in body must be of type integer,string: "boolean"'] },
  { name: "null in a field that is not nullable", value: { size: null }, messages: ['spec.size: Invalid value: null: spec.size in body must be of type integer: "null"'] },
  {
    name: "list sizes and set duplicates",
    value: { size: 1, tags: ["a", "a", "b"] },
    messages: ["spec.tags: Too many: 3: must have at most 2 items", 'spec.tags[1]: Duplicate value: "a"'],
  },
  { name: "minItems", value: { size: 1, tags: [] }, messages: ["spec.tags: Invalid value: []: spec.tags in body should have at least 1 items"] },
  {
    name: "map lists are keyed by their map keys",
    value: { size: 1, ports: [{ name: "a", port: 1 }, { name: "a", port: 2 }, { port: 3 }] },
    messages: ['spec.ports[1]: Duplicate value: {"name":"a"}', "spec.ports[2].name: Required value"],
  },
  { name: "map values", value: { size: 1, labels: { a: 1 } }, messages: ['spec.labels.a: Invalid value: 1: spec.labels.a in body must be of type string: "integer"'] },
  {
    name: "embedded resources need apiVersion and kind",
    value: { size: 1, template: { metadata: {} } },
    messages: ["spec.template.apiVersion: Required value: must not be empty", "spec.template.kind: Required value: must not be empty"],
  },
  { name: "anyOf", value: { size: 1, either: "cat" }, messages: ['spec.either: Invalid value: "cat": spec.either in body must validate at least one schema (anyOf)'] },
];

for (const { name, value, messages } of cases) {
  test(`validateValue: ${name}`, () => {
    const errors = validateValue(value, spec, "spec");
    assert.deepEqual(
      errors.map((e) => `${e.field}: ${e.message}`),
      messages,
    );
  });
}

test("validateCustomObject leaves apiVersion, kind and metadata to the registry", () => {
  const schema: CrdSchema = {
    type: "object",
    required: ["metadata", "spec"],
    properties: { metadata: { type: "object" }, apiVersion: { type: "string" }, kind: { type: "string" }, spec },
  };
  assert.deepEqual(validateCustomObject({ apiVersion: "x/v1", kind: "W", metadata: { name: 1 }, spec: { size: 2 } }, schema), []);
  assert.deepEqual(
    validateCustomObject({ apiVersion: "x/v1", kind: "W", metadata: {} }, schema).map((e) => e.field),
    ["spec"],
  );
});

test("a pattern in Go syntax JavaScript lacks is not enforced", () => {
  assert.deepEqual(validateValue("ABC", { type: "string", pattern: "(?i)^abc$" }, "spec.name"), []);
});

test("type errors use the FieldValueTypeInvalid reason, as upstream's conversion to field errors does", () => {
  const [error] = validateValue({ size: "x" }, spec, "spec");
  assert.equal(error?.reason, "FieldValueTypeInvalid");
});

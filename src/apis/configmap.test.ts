import { test } from "node:test";
import assert from "node:assert/strict";
import { configMapKind } from "./configmap.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const configMap = (fields: Record<string, unknown>) => object(configMapKind, fields, "settings");

test("ConfigMap validation checks keys, overlap, encoding and size", () => {
  const big = "x".repeat(1024 * 1024);
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", { data: { "app.conf": "a=1" }, binaryData: { logo: "iVBORw0K" } }, []],
    ["bad key", { data: { "a b": "" } }, [
      "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]],
    ["key in both maps", { data: { k: "" }, binaryData: { k: "" } }, ['data[k]: Invalid value: "k": duplicate of key present in binaryData']],
    ["binary data must be base64", { binaryData: { k: "not base64!" } }, ['binaryData[k]: Invalid value: "not base64!": illegal base64 data at input byte 3']],
    ["over 1 MiB in total", { data: { a: big, b: "y" } }, [": Too long: may not be more than 1048576 bytes"]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(create(configMapKind, configMap(fields)).errors, want, name);
});

test("ConfigMap contents freeze once immutable", () => {
  const old = configMap({ immutable: true, data: { a: "1" }, binaryData: { b: "AA==" } });
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["labels only", { immutable: true, data: { a: "1" }, binaryData: { b: "AA==" }, metadata: { labels: { x: "y" } } }, []],
    ["data", { immutable: true, data: { a: "2" }, binaryData: { b: "AA==" } }, ["data: Forbidden: field is immutable when `immutable` is set"]],
    ["binaryData and the flag", { data: { a: "1" } }, [
      "immutable: Forbidden: field is immutable when `immutable` is set",
      "binaryData: Forbidden: field is immutable when `immutable` is set",
    ]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(update(configMapKind, configMap(fields), old).errors, want, name);
  assert.deepEqual(update(configMapKind, configMap({ data: { a: "2" } }), configMap({ data: { a: "1" } })).errors, []);
});

test("ConfigMap DATA counts data and binaryData keys", () => {
  assert.deepEqual(row(configMapKind, configMap({ data: { a: "", b: "" }, binaryData: { c: "" } })), ["settings", 3, "5m"]);
  assert.deepEqual(row(configMapKind, configMap({})), ["settings", 0, "5m"]);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../../apis/types.js";
import { printerColumns } from "./columns.js";
import { evaluateJsonPath, parseJsonPath } from "./json-path.js";

const widget: KubeObject = {
  apiVersion: "example.dev/v1",
  kind: "Widget",
  metadata: { name: "w", creationTimestamp: "2026-01-01T00:00:00Z", labels: { "app.kubernetes.io/name": "web" } },
  spec: { size: 3, ratio: 0.5, on: true, items: [{ name: "a" }, { name: "b" }] },
  status: { conditions: [{ type: "Ready", status: "True" }, { type: "Synced", status: "False" }] },
};
const now = new Date("2026-01-01T00:05:00Z");

test("JSONPath: fields, indexes, quoted keys, wildcards and equality filters", () => {
  const steps = (path: string) => {
    const parsed = parseJsonPath(path);
    assert.ok(parsed.ok, path);
    return parsed.steps;
  };
  const first = (path: string) => evaluateJsonPath(steps(path), widget)[0];
  assert.equal(first(".spec.size"), 3);
  assert.equal(first(".spec.items[1].name"), "b");
  assert.equal(first(".metadata.labels['app.kubernetes.io/name']"), "web");
  assert.deepEqual(evaluateJsonPath(steps(".spec.items[*].name"), widget), ["a", "b"]);
  assert.equal(first('.status.conditions[?(@.type=="Synced")].status'), "False");
  assert.equal(first("{.spec.size}"), 3);
  assert.equal(first(".spec.missing.deeper"), undefined);
  assert.deepEqual(parseJsonPath(".spec..size"), { ok: false, error: 'Unsupported JSONPath ".spec..size" at "..size"' });
});

test("printer columns: NAME first, cells converted to the column type, dates as ages", () => {
  const columns = printerColumns([
    { name: "Size", type: "integer", jsonPath: ".spec.size" },
    { name: "Ratio", type: "number", jsonPath: ".spec.ratio", priority: 1 },
    { name: "On", type: "boolean", jsonPath: ".spec.on" },
    { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: "Missing", type: "string", jsonPath: ".status.phase" },
    { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
  ]);
  assert.deepEqual(columns.map((c) => c.name), ["Name", "Size", "Ratio", "On", "Ready", "Missing", "Age"]);
  assert.deepEqual(columns.map((c) => c.cell(widget, now)), ["w", 3, 0.5, true, "True", null, "5m"]);
  assert.deepEqual(columns.map((c) => c.priority), [0, 0, 1, 0, 0, 0, 0]);
});

test("printer columns: a path beyond the supported JSONPath leaves its column empty", () => {
  const [, column] = printerColumns([{ name: "Odd", type: "string", jsonPath: ".spec..size" }]);
  assert.equal(column?.cell(widget, now), null);
});

test("printer columns: a version without any shows NAME and AGE", () => {
  const columns = printerColumns(undefined);
  assert.deepEqual(columns.map((c) => [c.name, c.type]), [["Name", "string"], ["Age", "date"]]);
  assert.equal(columns[1]?.cell(widget, now), "5m");
});

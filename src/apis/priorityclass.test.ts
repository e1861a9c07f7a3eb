import { test } from "node:test";
import assert from "node:assert/strict";
import { priorityClassKind, SYSTEM_PRIORITY_CLASSES } from "./priorityclass.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const priorityClass = (fields: Record<string, unknown>, name = "high") => object(priorityClassKind, fields, name);

test("PriorityClass defaults preemptionPolicy to PreemptLowerPriority", () => {
  assert.equal(create(priorityClassKind, priorityClass({ value: 10 })).object.preemptionPolicy, "PreemptLowerPriority");
  assert.equal(create(priorityClassKind, priorityClass({ value: 10, preemptionPolicy: "Never" })).object.preemptionPolicy, "Never");
});

test("PriorityClass validation reserves system- names and caps user values", () => {
  const reserved = "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: ";
  const cases: [string, Record<string, unknown>, string, string[]][] = [
    ["valid", { value: 1000000000 }, "high", []],
    ["too high", { value: 1000000001 }, "high", ["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"]],
    ["unknown system name", { value: 1 }, "system-mine", [`${reserved}system-mine is not a known system priority class`]],
    ["system value", { value: 5 }, "system-node-critical", [`${reserved}value of system-node-critical PriorityClass must be 2000001000`]],
    ["system default", { value: 2000000000, globalDefault: true }, "system-cluster-critical", [
      `${reserved}globalDefault of system-cluster-critical PriorityClass must be false`,
    ]],
    ["bad policy", { value: 1, preemptionPolicy: "Sometimes" }, "high", [
      'preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"',
    ]],
    ["empty policy", { value: 1, preemptionPolicy: "" }, "high", ["preemptionPolicy: Required value"]],
  ];
  for (const [label, fields, name, want] of cases) assert.deepEqual(create(priorityClassKind, priorityClass(fields, name)).errors, want, label);
});

test("The system priority classes pass validation", () => {
  for (const system of SYSTEM_PRIORITY_CLASSES) assert.deepEqual(create(priorityClassKind, system).errors, [], system.metadata.name);
  assert.deepEqual(SYSTEM_PRIORITY_CLASSES.map((pc) => [pc.metadata.name, pc.value]), [
    ["system-node-critical", 2000001000],
    ["system-cluster-critical", 2000000000],
  ]);
});

test("PriorityClass value and preemptionPolicy are immutable", () => {
  const old = create(priorityClassKind, priorityClass({ value: 10 })).object;
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["description only", { value: 10, description: "new" }, []],
    ["value", { value: 11 }, ["value: Forbidden: may not be changed in an update."]],
    ["policy", { value: 10, preemptionPolicy: "Never" }, ['preemptionPolicy: Invalid value: "Never": field is immutable']],
  ];
  for (const [label, fields, want] of cases) assert.deepEqual(update(priorityClassKind, priorityClass(fields), old).errors, want, label);
});

test("PriorityClass row shows value, default flag, age and policy", () => {
  const stored = create(priorityClassKind, priorityClass({ value: 7, globalDefault: true })).object;
  assert.deepEqual(row(priorityClassKind, stored), ["high", 7, true, "5m", "PreemptLowerPriority"]);
});

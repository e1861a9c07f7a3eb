import { test } from "node:test";
import assert from "node:assert/strict";
import { podDisruptionBudgetKind } from "./poddisruptionbudget.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const budget = (fields: Record<string, unknown>) => object(podDisruptionBudgetKind, fields, "web");
const selector = { matchLabels: { app: "web" } };

test("PodDisruptionBudget starts with zeroed status counts", () => {
  const created = create(podDisruptionBudgetKind, budget({ spec: { minAvailable: 1, selector }, status: { disruptionsAllowed: 5 } })).object;
  assert.deepEqual(created.status, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
});

test("PodDisruptionBudget validation checks the budget, selector and policy", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid count", { minAvailable: 2, selector }, []],
    ["valid percentage, no selector", { maxUnavailable: "25%", unhealthyPodEvictionPolicy: "AlwaysAllow" }, []],
    ["both set", { minAvailable: 1, maxUnavailable: 1 }, [
      'spec: Invalid value: {"minAvailable":1,"maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set',
    ]],
    ["negative", { minAvailable: -1 }, ["spec.minAvailable: Invalid value: -1: must be greater than or equal to 0"]],
    ["over 100%", { maxUnavailable: "150%" }, ['spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%']],
    ["not a percentage", { minAvailable: "half" }, [
      "spec.minAvailable: Invalid value: \"half\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]],
    ["bad selector operator", { selector: { matchExpressions: [{ key: "app", operator: "Near" }] } }, [
      'spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator',
    ]],
    ["bad policy", { unhealthyPodEvictionPolicy: "Sometimes" }, [
      'spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"',
    ]],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(create(podDisruptionBudgetKind, budget({ spec })).errors, want, name);
});

test("PodDisruptionBudget spec may change on update (policy/v1)", () => {
  const old = budget({ spec: { minAvailable: 1, selector } });
  assert.deepEqual(update(podDisruptionBudgetKind, budget({ spec: { maxUnavailable: "10%", selector: { matchLabels: { app: "api" } } } }), old).errors, []);
});

test("PodDisruptionBudget row shows the budget or N/A and allowed disruptions", () => {
  const cases: [string, Record<string, unknown>, unknown[]][] = [
    ["minAvailable", { spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } }, ["web", "2", "N/A", 1, "5m"]],
    ["maxUnavailable", { spec: { maxUnavailable: "25%" } }, ["web", "N/A", "25%", 0, "5m"]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(row(podDisruptionBudgetKind, budget(fields)), want, name);
});

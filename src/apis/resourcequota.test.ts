import { test } from "node:test";
import assert from "node:assert/strict";
import { resourceQuotaKind } from "./resourcequota.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const quota = (fields: Record<string, unknown>) => object(resourceQuotaKind, fields, "compute");

test("ResourceQuota drops client status on create", () => {
  const { object: created } = create(resourceQuotaKind, quota({ spec: { hard: { pods: "10" } }, status: { used: { pods: "3" } } }));
  assert.deepEqual(created["status"], {});
});

test("ResourceQuota validation", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", { hard: { pods: "10", "requests.cpu": "1.5", "limits.memory": "2Gi", "count/deployments.apps": "3", "requests.hugepages-2Mi": "1Gi" } }, []],
    ["unknown name", { hard: { widgets: "1" } }, ['spec.hard[widgets]: Invalid value: "widgets": must be a standard resource for quota']],
    ["negative", { hard: { cpu: "-1" } }, ['spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0']],
    ["fractional count", { hard: { pods: "1.5" } }, ['spec.hard[pods]: Invalid value: "1.5": must be an integer']],
    ["bad quantity", { hard: { cpu: "lots" } }, ["spec.hard[cpu]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"]],
    ["unknown scope", { scopes: ["Sometimes"] }, [
      'spec.scopes: Unsupported value: "Sometimes": supported values: "BestEffort", "CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating", "PriorityClass", "Terminating"',
    ]],
    ["conflicting scopes", { scopes: ["BestEffort", "NotBestEffort"] }, ['spec.scopes: Invalid value: ["BestEffort","NotBestEffort"]: conflicting scopes']],
    ["In without values", { scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "In" }] } }, [
      "spec.scopeSelector.matchExpressions[0].values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
    ]],
    ["Exists with values", { scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "Exists", values: ["high"] }] } }, [
      "spec.scopeSelector.matchExpressions[0].values: Invalid value: [\"high\"]: must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
    ]],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(create(resourceQuotaKind, quota({ spec })).errors, want, name);
});

test("ResourceQuota scopes are immutable, hard is not", () => {
  const old = quota({ spec: { hard: { pods: "10" }, scopes: ["BestEffort"] } });
  assert.deepEqual(update(resourceQuotaKind, quota({ spec: { hard: { pods: "20" }, scopes: ["BestEffort"] } }), old).errors, []);
  assert.deepEqual(update(resourceQuotaKind, quota({ spec: { hard: { pods: "10" } } }), old).errors, ["spec.scopes: Invalid value: []: field is immutable"]);
});

test("ResourceQuota REQUEST and LIMIT list used/hard in name order", () => {
  const status = { hard: { pods: "10", "limits.cpu": "4", "requests.cpu": "2", "limits.memory": "8Gi" }, used: { pods: "1", "limits.cpu": "500m", "requests.cpu": "250m" } };
  assert.deepEqual(row(resourceQuotaKind, quota({ spec: {}, status })), [
    "compute", "5m", "pods: 1/10, requests.cpu: 250m/2", "limits.cpu: 500m/4, limits.memory: 0/8Gi",
  ]);
  assert.deepEqual(row(resourceQuotaKind, quota({ spec: {} })), ["compute", "5m", "", ""]);
});

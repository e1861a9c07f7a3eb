import { test } from "node:test";
import assert from "node:assert/strict";
import { loadStages } from "./load.js";

test("a stage file loads, with defaults for what it leaves out", () => {
  const loaded = loadStages(`
- name: cm-touch
  resourceRef: { apiGroup: v1, kind: ConfigMap }
  next:
    finalizers: { add: [example.com/x] }
- name: deploy
  resourceRef: { apiGroup: apps/v1, kind: Deployment }
  selector:
    matchLabels: { app: web }
    matchExpressions: [{ key: .spec.replicas, operator: In, values: [3] }]
  delay: { durationMilliseconds: 10, jitterDurationMilliseconds: 20 }
  weight: 2
  next:
    event: { type: Warning, reason: Poked, message: "poked {{ .metadata.name }}" }
`);
  assert.ok(loaded.ok, loaded.ok ? "" : loaded.errors.join("\n"));
  const [touch, deploy] = loaded.stages;
  assert.deepEqual(touch?.resourceRef, { apiGroup: "", kind: "ConfigMap" });
  assert.deepEqual(touch?.delay, { durationMilliseconds: 0 });
  assert.deepEqual(touch?.next.finalizers, { add: ["example.com/x"], remove: [], empty: false });
  assert.equal(touch?.weight, 0);
  assert.deepEqual(deploy?.resourceRef, { apiGroup: "apps", kind: "Deployment" });
  assert.deepEqual(deploy?.selector.matchExpressions[0]?.values, ["3"]);
  assert.equal(deploy?.next.event?.type, "Warning");
});

const invalid: [string, string, string[]][] = [
  ["not YAML", "- a: [", ["invalid YAML"]],
  ["not a list", "name: x", ["a stage file must be a YAML list of stages"]],
  ["a stage that is not an object", "- 3", ["stages[0]: must be an object"]],
  [
    "missing and misspelt fields",
    "- name: x\n  resourceRef: { kind: Pod }\n  nxt: {}",
    ["stages[0].nxt: unknown field", "stages[0].next: must do something (status, finalizers, delete or event)"],
  ],
  [
    "bad selector requirements",
    "- name: x\n  resourceRef: { kind: Pod }\n  selector:\n    matchExpressions:\n      - { key: status, operator: In, values: [a] }\n      - { key: .a, operator: Near }\n      - { key: .a, operator: Exists, values: [a] }\n      - { key: .a, operator: In }\n  next: { delete: true }",
    [
      'stages[0].selector.matchExpressions[0].key: path "status" must start with "."',
      "stages[0].selector.matchExpressions[1].operator: must be one of In, NotIn, Exists, DoesNotExist",
      "stages[0].selector.matchExpressions[2].values: must be empty for Exists",
      "stages[0].selector.matchExpressions[3].values: required for In",
    ],
  ],
  [
    "bad numbers and a bad event",
    "- name: x\n  resourceRef: { kind: Pod }\n  delay: { durationMilliseconds: -1 }\n  weight: 0.5\n  next: { event: { type: Loud } }",
    [
      "stages[0].delay.durationMilliseconds: must be a whole number ≥ 0",
      "stages[0].weight: must be a whole number ≥ 0",
      "stages[0].next.event.type: must be Normal or Warning",
      "stages[0].next.event.reason: required",
    ],
  ],
  ["a bad template", "- name: x\n  resourceRef: { kind: Pod }\n  next: { status: { phase: '{{ nope }}' } }", ['stages[0].next.status.phase: {{ nope }}: unknown function "nope"']],
  [
    "a duplicate name and a missing resourceRef",
    "- { name: x, resourceRef: { kind: Pod }, next: { delete: true } }\n- { name: x, resourceRef: { kind: Pod }, next: { delete: true } }\n- { name: y, next: { delete: true } }",
    ["stages[2].resourceRef: required", 'stages: the name "x" is used twice'],
  ],
];

for (const [name, text, errors] of invalid) {
  test(`loadStages reports ${name}`, () => {
    const loaded = loadStages(text);
    assert.equal(loaded.ok, false);
    const actual = loaded.ok ? [] : loaded.errors;
    for (const error of errors) assert.ok(actual.some((e) => e.startsWith(error)), `missing ${JSON.stringify(error)} in ${JSON.stringify(actual)}`);
  });
}

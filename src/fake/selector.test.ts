import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../apis/types.js";
import { evaluatePath, parsePath } from "./path.js";
import { selectorMatches, type Operator } from "./selector.js";
import { pickStage, stageDelay, type Stage } from "./stage.js";

const pod: KubeObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "p",
    labels: { app: "web" },
    annotations: { "mini.dev/fake": "true" },
    ownerReferences: [
      { apiVersion: "v1", kind: "Owner", name: "a", uid: "1" },
      { apiVersion: "batch/v1", kind: "Job", name: "b", uid: "2" },
    ],
  },
  spec: { restartCount: 0, hostNetwork: false },
  status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }, { type: "Initialized", status: "False" }] },
};

function path(text: string) {
  const parsed = parsePath(text);
  assert.ok(parsed.ok, parsed.ok ? "" : parsed.error);
  return parsed.value;
}

const paths: [string, unknown[]][] = [
  [".", [pod]],
  [".status.phase", ["Running"]],
  [".metadata.deletionTimestamp", []],
  [".metadata.ownerReferences[].kind", ["Owner", "Job"]],
  [".metadata.ownerReferences.[].kind", ["Owner", "Job"]],
  [".status.conditions[type=Ready].status", ["True"]],
  ['.status.conditions[type="Initialized"].status', ["False"]],
  ['.metadata.annotations["mini.dev/fake"]', ["true"]],
  [".status.phase.deeper", []],
];

for (const [text, expected] of paths) {
  test(`path ${text}`, () => assert.deepEqual(evaluatePath(path(text), pod), expected));
}

for (const bad of ["status", ".a..b", ".a[", ".a[=x]", ".a[b=]", '.a["unterminated]']) {
  test(`path ${bad} is refused`, () => assert.equal(parsePath(bad).ok, false));
}

const requirements: [string, Operator, string[], boolean][] = [
  [".status.phase", "In", ["Pending", "Running"], true],
  [".status.phase", "NotIn", ["Running"], false],
  [".status.podIP", "NotIn", ["10.0.0.1"], true],
  [".metadata.ownerReferences[].kind", "In", ["Job"], true],
  [".status.conditions[type=Ready].status", "NotIn", ["True"], false],
  [".status.conditions[type=Missing].status", "NotIn", ["True"], true],
  [".spec.hostNetwork", "In", ["false"], true],
  [".spec.restartCount", "In", ["0"], true],
  [".metadata.deletionTimestamp", "DoesNotExist", [], true],
  [".metadata.deletionTimestamp", "Exists", [], false],
];

for (const [key, operator, values, expected] of requirements) {
  test(`selector: ${key} ${operator} ${values.join(",")} is ${expected}`, () => {
    const selector = { matchLabels: {}, matchAnnotations: {}, matchExpressions: [{ path: path(key), operator, values }] };
    assert.equal(selectorMatches(selector, pod), expected);
  });
}

test("labels and annotations must all match exactly", () => {
  const none = { matchExpressions: [] };
  assert.ok(selectorMatches({ ...none, matchLabels: { app: "web" }, matchAnnotations: { "mini.dev/fake": "true" } }, pod));
  assert.ok(!selectorMatches({ ...none, matchLabels: { app: "db" }, matchAnnotations: {} }, pod));
  assert.ok(!selectorMatches({ ...none, matchLabels: {}, matchAnnotations: { other: "x" } }, pod));
});

function stage(name: string, weight: number): Stage {
  const selector = { matchLabels: {}, matchAnnotations: {}, matchExpressions: [] };
  return { name, resourceRef: { apiGroup: "", kind: "Pod" }, selector, delay: { durationMilliseconds: 0 }, weight, next: { delete: false } };
}

test("pickStage draws by weight and ignores weight 0 beside weighted stages", () => {
  const stages = [stage("zero", 0), stage("one", 1), stage("three", 3)];
  assert.equal(pickStage(stages, () => 0)?.name, "one");
  assert.equal(pickStage(stages, () => 0.24)?.name, "one");
  assert.equal(pickStage(stages, () => 0.26)?.name, "three");
  assert.equal(pickStage(stages, () => 0.999)?.name, "three");
});

test("pickStage draws uniformly when every weight is 0, and nothing from nothing", () => {
  const stages = [stage("a", 0), stage("b", 0)];
  assert.equal(pickStage(stages, () => 0.1)?.name, "a");
  assert.equal(pickStage(stages, () => 0.6)?.name, "b");
  assert.equal(pickStage([], () => 0.5), undefined);
});

test("stageDelay draws between the duration and the jitter bound", () => {
  assert.equal(stageDelay({ durationMilliseconds: 100 }, () => 0.5), 100);
  assert.equal(stageDelay({ durationMilliseconds: 100, jitterDurationMilliseconds: 300 }, () => 0), 100);
  assert.equal(stageDelay({ durationMilliseconds: 100, jitterDurationMilliseconds: 300 }, () => 0.5), 200);
  assert.equal(stageDelay({ durationMilliseconds: 100, jitterDurationMilliseconds: 50 }, () => 0.5), 100);
});

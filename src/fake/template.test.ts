import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import type { KubeObject } from "../apis/types.js";
import type { StageEnvironment } from "./functions.js";
import { parseExpression } from "./expression.js";
import { compileTemplate, renderTemplate } from "./template.js";

const env: StageEnvironment = {
  now: () => new Date("2025-01-01T00:00:00.123Z"),
  nodeIP: (name) => (name === "n1" ? "10.0.1.1" : "10.0.0.1"),
  podIP: () => "10.244.1.2",
};

const pod: KubeObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", uid: "u1", annotations: { "mini.dev/fake-exit-code": "7" } },
  spec: {
    nodeName: "n1",
    containers: [
      { name: "a", image: "nginx:1.25", env: [{ name: "MINI_FAKE_EXIT_CODE", value: "0" }] },
      { name: "b", image: "busybox" },
    ],
  },
  status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "True" }] },
};

function render(yaml: string): unknown {
  const compiled = compileTemplate(parse(yaml), "t");
  assert.ok(compiled.ok, compiled.ok ? "" : compiled.errors.join("; "));
  return renderTemplate(compiled.value, pod, env);
}

const renders: [string, string, unknown][] = [
  ["a whole expression keeps its type", "x: '{{ .spec.containers }}'", { x: (pod.spec as { containers: unknown }).containers }],
  ["text around expressions is interpolated", "x: 'pod {{ .metadata.name }} on {{ .spec.nodeName }}'", { x: "pod web on n1" }],
  ["a missing value interpolates as nothing", "x: 'a{{ .spec.missing }}b'", { x: "ab" }],
  ["a missing value leaves the field out", "x: '{{ .spec.missing }}'\ny: 1", { y: 1 }],
  ["now is RFC 3339 in whole seconds", "x: '{{ now }}'", { x: "2025-01-01T00:00:00Z" }],
  ["functions take paths and nested calls", "x: '{{ nodeIP .spec.nodeName }}'\ny: '{{ eq (exitCode $) 7 }}'", { x: "10.0.1.1", y: true }],
  ["the env var beats the annotation", "x: '{{ exitCode $ \"a\" }}'\ny: '{{ exitCode $ \"b\" }}'", { x: 0, y: 7 }],
  ["or takes the first non-empty value", "x: '{{ or .status.podIP .spec.nodeName }}'", { x: "n1" }],
  ["a where selector picks a list item", "x: '{{ .status.conditions[type=PodScheduled].status }}'", { x: "True" }],
  ["$range expands and splices into lists", "x:\n  - first\n  - { $range: .spec.containers, $each: '{{ $index }}:{{ .name }}' }", { x: ["first", "0:a", "1:b"] }],
  ["$range in a value makes a list", "x: { $range: .spec.containers, $each: '{{ $.metadata.name }}' }", { x: ["web", "web"] }],
  ["$range over nothing is empty", "x: { $range: .spec.initContainers, $each: 1 }", { x: [] }],
  ["$if picks a branch", "x: { $if: '{{ eq .status.phase \"Pending\" }}', $then: yes, $else: no }", { x: "yes" }],
  ["$if without the branch taken leaves the field out", "x: { $if: '{{ .spec.missing }}', $then: 1 }\ny: 2", { y: 2 }],
  ["$merge overrides left to right", "x: { $merge: [{ a: 1, b: 1 }, '{{ .spec.missing }}', { b: 2 }] }", { x: { a: 1, b: 2 } }],
  ["a bracketed key reaches annotations", "x: '{{ .metadata.annotations[\"mini.dev/fake-exit-code\"] }}'", { x: "7" }],
  ["podIP and imageID", "x: '{{ podIP $ }}'\ny: '{{ imageID \"nginx:1.25\" }}'", { x: "10.244.1.2", y: "nginx@sha256:251ad31786bae2bdf8f9435a21b808b3ddba91ac4bf8d995c416368ed5881c7a" }],
  ["other $ keys are plain keys", "x: { $patch: replace, a: 1 }", { x: { $patch: "replace", a: 1 } }],
];

for (const [name, yaml, expected] of renders) {
  test(`template: ${name}`, () => assert.deepEqual(render(yaml), expected));
}

test("rendered values are copies, not the object's own", () => {
  const rendered = render("x: '{{ .spec.containers }}'") as { x: unknown[] };
  assert.notEqual(rendered.x, (pod.spec as { containers: unknown[] }).containers);
});

const invalid: [string, string, RegExp][] = [
  ["an unknown function", "x: '{{ explode 1 }}'", /unknown function "explode"/],
  ["a wrong number of arguments", "x: '{{ eq 1 }}'", /eq takes 2 arguments, got 1/],
  ["an unknown variable", "x: '{{ $foo }}'", /unknown variable \$foo/],
  ["arguments to a path", "x: '{{ .a .b }}'", /only a function call may take arguments/],
  ["an unclosed parenthesis", "x: '{{ eq (exitCode $ 0 }}'", /missing \)/],
  ["a bad path", "x: '{{ .a..b }}'", /is invalid/],
  ["$each without $range", "x: { $each: 1 }", /t\.x\.\$each: only allowed beside \$range/],
  ["$range without $each", "x: { $range: .a }", /\$range needs \$each/],
  ["a stray key beside a directive", "x: { $if: .a, $then: 1, other: 2 }", /t\.x\.other: not allowed beside \$if/],
  ["$merge that is not a list", "x: { $merge: 1 }", /must be a list/],
];

for (const [name, yaml, message] of invalid) {
  test(`template errors: ${name}`, () => {
    const compiled = compileTemplate(parse(yaml), "t");
    assert.equal(compiled.ok, false);
    assert.match(compiled.ok ? "" : compiled.errors.join("\n"), message);
  });
}

test("expressions parse literals of every kind", () => {
  const parsed = parseExpression(' or null false "a\\"b" -1.5 ');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.value, {
    type: "call",
    name: "or",
    args: [
      { type: "literal", value: null },
      { type: "literal", value: false },
      { type: "literal", value: 'a"b' },
      { type: "literal", value: -1.5 },
    ],
  });
});

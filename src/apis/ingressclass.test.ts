import { test } from "node:test";
import assert from "node:assert/strict";
import { ingressClassKind } from "./ingressclass.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const ingressClass = (spec: Record<string, unknown>) => object(ingressClassKind, { spec }, "nginx");

test("IngressClass defaults the parameters scope to Cluster", () => {
  const created = create(ingressClassKind, ingressClass({ controller: "k8s.io/nginx", parameters: { kind: "Config", name: "c" } }));
  assert.deepEqual(created.object.spec, { controller: "k8s.io/nginx", parameters: { kind: "Config", name: "c", scope: "Cluster" } });
  assert.deepEqual(created.errors, []);
});

test("IngressClass validation", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["no controller", {}, ["spec.controller: Required value"]],
    ["not domain-prefixed", { controller: "nginx" }, ['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']],
    ["bad host and path", { controller: "Acme/a b" }, [
      "spec.controller: Invalid value: \"Acme\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "spec.controller: Invalid value: \"a b\": Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')",
    ]],
    ["parameters without kind and name", { controller: "a.io/c", parameters: {} }, [
      "spec.parameters.kind: Required value: kind is required",
      "spec.parameters.name: Required value: name is required",
    ]],
    ["namespace scope needs a namespace", { controller: "a.io/c", parameters: { kind: "K", name: "n", scope: "Namespace" } }, [
      "spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'",
    ]],
    ["cluster scope forbids a namespace", { controller: "a.io/c", parameters: { kind: "K", name: "n", namespace: "ns" } }, [
      "spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'",
    ]],
    ["bad scope", { controller: "a.io/c", parameters: { kind: "K/x", name: "n", scope: "World" } }, [
      "spec.parameters.kind: Invalid value: \"K/x\": may not contain '/'",
      'spec.parameters.scope: Unsupported value: "World": supported values: "Cluster", "Namespace"',
    ]],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(create(ingressClassKind, ingressClass(spec)).errors, want, name);
});

test("IngressClass controller is immutable", () => {
  const old = ingressClass({ controller: "a.io/one" });
  assert.deepEqual(update(ingressClassKind, ingressClass({ controller: "a.io/two" }), old).errors, ['spec.controller: Invalid value: "a.io/two": field is immutable']);
});

test("IngressClass table cells", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ controller: "a.io/c" }, "<none>"],
    [{ controller: "a.io/c", parameters: { apiGroup: "k8s.example.com", kind: "IngressParameters", name: "p" } }, "IngressParameters.k8s.example.com/p"],
    [{ controller: "a.io/c", parameters: { kind: "ConfigMap", name: "p" } }, "ConfigMap/p"],
  ];
  for (const [spec, parameters] of cases) assert.deepEqual(row(ingressClassKind, ingressClass(spec)), ["nginx", "a.io/c", parameters, "5m"]);
});

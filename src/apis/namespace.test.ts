import { test } from "node:test";
import assert from "node:assert/strict";
import { namespaceKind } from "./namespace.js";
import { causes, create, object, row } from "./common/_core-test-kit.js";

const namespace = (fields: Record<string, unknown> = {}, name = "dev") => object(namespaceKind, fields, name);

test("Namespace create sets Active, the kubernetes finalizer and the name label", () => {
  const cases: [string, Record<string, unknown>, unknown][] = [
    ["no spec", {}, ["kubernetes"]],
    ["own finalizer kept first", { spec: { finalizers: ["example.com/cleanup"] } }, ["example.com/cleanup", "kubernetes"]],
    ["kubernetes not repeated", { spec: { finalizers: ["kubernetes"] } }, ["kubernetes"]],
  ];
  for (const [name, fields, finalizers] of cases) {
    const { object: created, errors } = create(namespaceKind, namespace({ ...fields, status: { phase: "Terminating" } }));
    assert.deepEqual(errors, [], name);
    assert.deepEqual((created.spec as { finalizers: string[] }).finalizers, finalizers, name);
    assert.deepEqual(created.status, { phase: "Active" }, name);
    assert.equal(created.metadata.labels?.["kubernetes.io/metadata.name"], "dev", name);
  }
});

test("Namespace finalizers must be standard or domain-qualified", () => {
  assert.deepEqual(create(namespaceKind, namespace({ spec: { finalizers: ["cleanup", "a/b", "orphan"] } })).errors, [
    'spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
  ]);
});

test("Namespace status writes keep the phase consistent with deletion", () => {
  const active = create(namespaceKind, namespace()).object;
  const deleting = { ...active, metadata: { ...active.metadata, deletionTimestamp: "2025-01-01T12:00:00Z" } };
  const cases: [string, typeof active, string, string[]][] = [
    ["active stays active", active, "Active", []],
    ["terminating without deletion", active, "Terminating", ['status.Phase: Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty']],
    ["deleting becomes terminating", deleting, "Terminating", []],
  ];
  for (const [name, old, phase, want] of cases) {
    const next = { ...old, status: { phase, conditions: [] } };
    assert.deepEqual(causes(namespaceKind.strategy.validateUpdate(next, old)), want, name);
  }
});

test("Namespace table and field selectors", () => {
  const created = create(namespaceKind, namespace()).object;
  assert.deepEqual(row(namespaceKind, created), ["dev", "Active", "5m"]);
  assert.deepEqual(namespaceKind.selectableFields(created), { "status.phase": "Active", name: "dev" });
});

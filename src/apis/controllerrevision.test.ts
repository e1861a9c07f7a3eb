import { test } from "node:test";
import assert from "node:assert/strict";
import { controllerRevisionKind } from "./controllerrevision.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const revision = (fields: Record<string, unknown>) => object(controllerRevisionKind, fields, "web-7f9c");

test("ControllerRevision validation requires data and a non-negative revision", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", { data: { spec: { template: {} } }, revision: 1 }, []],
    ["no data", { revision: 1 }, ["data: Required value: data is mandatory"]],
    ["negative revision", { data: {}, revision: -1 }, ["revision: Invalid value: -1: must be greater than or equal to 0"]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(create(controllerRevisionKind, revision(fields)).errors, want, name);
});

test("ControllerRevision data is immutable", () => {
  const old = revision({ data: { a: 1 }, revision: 1 });
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["same data, new revision", { data: { a: 1 }, revision: 2 }, []],
    ["changed data", { data: { a: 2 }, revision: 1 }, ['data: Invalid value: {"a":2}: field is immutable']],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(update(controllerRevisionKind, revision(fields), old).errors, want, name);
});

test("ControllerRevision CONTROLLER names the controlling owner with its group", () => {
  const owner = (apiVersion: string, controller: boolean) => ({
    metadata: { ownerReferences: [{ apiVersion, kind: "StatefulSet", name: "web", uid: "u", controller }] },
  });
  const cases: [string, Record<string, unknown>, unknown[]][] = [
    ["apps owner", { ...owner("apps/v1", true), revision: 3 }, ["web-7f9c", "statefulset.apps/web", 3, "5m"]],
    ["core owner", { ...owner("v1", true), revision: 1 }, ["web-7f9c", "statefulset/web", 1, "5m"]],
    ["no controller", { ...owner("apps/v1", false), revision: 1 }, ["web-7f9c", "<none>", 1, "5m"]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(row(controllerRevisionKind, revision(fields)), want, name);
});

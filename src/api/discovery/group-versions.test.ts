import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersionPriority, kindsAt, servedGroups } from "./group-versions.js";
import { deployments, namespaces, pods } from "./_test-kinds.js";

test("compareVersionPriority() orders GA before beta before alpha, newest first", () => {
  const versions = ["v1alpha1", "v1beta1", "foo", "v2", "v1", "v1beta2", "v2alpha1", "bar", "v10"];
  assert.deepEqual(versions.sort(compareVersionPriority), [
    "v10",
    "v2",
    "v1",
    "v1beta2",
    "v1beta1",
    "v2alpha1",
    "v1alpha1",
    "bar",
    "foo",
  ]);
});

test("servedGroups() keeps the order of first appearance and puts the preferred version first", () => {
  const beta = { ...deployments, version: "v1beta1" };
  assert.deepEqual(servedGroups([namespaces, beta, deployments, pods]), [
    { name: "", versions: ["v1"] },
    { name: "apps", versions: ["v1", "v1beta1"] },
  ]);
});

test("kindsAt() returns one group-version's kinds sorted by resource name", () => {
  assert.deepEqual(
    kindsAt([pods, deployments, namespaces], "", "v1").map((kind) => kind.plural),
    ["namespaces", "pods"],
  );
  assert.deepEqual(kindsAt([pods], "apps", "v1"), []);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import type { CrdNames, CustomResourceDefinition } from "./definition.js";
import { decideNames, requestedNames } from "./names.js";

function crd(names: CrdNames): CustomResourceDefinition {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${names.plural}.example.dev` },
    spec: { group: "example.dev", scope: "Namespaced", names, versions: [{ name: "v1", served: true, storage: true }] },
  };
}

test("requestedNames defaults singular and listKind from the kind", () => {
  assert.deepEqual(requestedNames(crd({ plural: "widgets", kind: "Widget" })), { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" });
});

test("decideNames accepts names nobody else holds", () => {
  const outcome = decideNames(crd({ plural: "widgets", kind: "Widget", shortNames: ["wd"], categories: ["all"] }), undefined, []);
  assert.deepEqual(outcome.namesAccepted, { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found" });
  assert.deepEqual(outcome.accepted, { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList", shortNames: ["wd"], categories: ["all"] });
});

test("decideNames refuses a kind another definition in the group holds", () => {
  const other = requestedNames(crd({ plural: "widgets", kind: "Widget" }));
  const outcome = decideNames(crd({ plural: "gadgets", kind: "Widget" }), undefined, [other]);
  assert.deepEqual(outcome.namesAccepted, { type: "NamesAccepted", status: "False", reason: "ListKindConflict", message: '"WidgetList" is already in use' });
  assert.equal(outcome.accepted.kind, "");
  assert.equal(outcome.accepted.plural, "gadgets");
});

test("decideNames refuses a short name that is another definition's plural", () => {
  const other = requestedNames(crd({ plural: "widgets", kind: "Widget" }));
  const outcome = decideNames(crd({ plural: "gadgets", kind: "Gadget", shortNames: ["widgets"] }), undefined, [other]);
  assert.equal(outcome.namesAccepted.reason, "ShortNamesConflict");
  assert.equal(outcome.namesAccepted.message, '"widgets" is already in use');
});

test("decideNames keeps names a definition already holds even if another asks for them later", () => {
  const names = requestedNames(crd({ plural: "widgets", kind: "Widget" }));
  const outcome = decideNames(crd({ plural: "widgets", kind: "Widget" }), names, [names]);
  assert.equal(outcome.namesAccepted.status, "True");
});

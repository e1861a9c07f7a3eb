import { test } from "node:test";
import assert from "node:assert/strict";
import { serviceAccountKind } from "./serviceaccount.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const account = (fields: Record<string, unknown>) => object(serviceAccountKind, fields, "builder");

test("ServiceAccount secret references keep only their names", () => {
  const input = account({ secrets: [{ name: "token", namespace: "other", uid: "u" }, { kind: "Secret" }] });
  assert.deepEqual(create(serviceAccountKind, input).object.secrets, [{ name: "token" }, {}]);
  assert.deepEqual(update(serviceAccountKind, input, account({})).object.secrets, [{ name: "token" }, {}]);
});

test("ServiceAccount SECRETS column counts references", () => {
  assert.deepEqual(row(serviceAccountKind, account({ secrets: [{ name: "a" }, { name: "b" }] })), ["builder", 2, "5m"]);
  assert.deepEqual(row(serviceAccountKind, account({})), ["builder", 0, "5m"]);
});

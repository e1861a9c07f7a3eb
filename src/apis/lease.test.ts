import { test } from "node:test";
import assert from "node:assert/strict";
import { leaseKind } from "./lease.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const lease = (spec: Record<string, unknown>) => object(leaseKind, { spec }, "node-1");

test("Lease validation checks durations and transitions", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", { holderIdentity: "node-1", leaseDurationSeconds: 40, leaseTransitions: 0 }, []],
    ["zero duration", { leaseDurationSeconds: 0 }, ["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"]],
    ["negative transitions", { leaseTransitions: -1 }, ["spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0"]],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(create(leaseKind, lease(spec)).errors, want, name);
});

test("Lease drops the gated coordinated election fields unless already stored", () => {
  const created = create(leaseKind, lease({ holderIdentity: "a", strategy: "OldestEmulationVersion", preferredHolder: "b" })).object;
  assert.deepEqual(created.spec, { holderIdentity: "a" });
  const stored = lease({ holderIdentity: "a", strategy: "OldestEmulationVersion" });
  const updated = update(leaseKind, lease({ holderIdentity: "a", strategy: "OldestEmulationVersion", preferredHolder: "b" }), stored).object;
  assert.deepEqual(updated.spec, { holderIdentity: "a", strategy: "OldestEmulationVersion" });
});

test("Lease HOLDER column", () => {
  assert.deepEqual(row(leaseKind, lease({ holderIdentity: "node-1" })), ["node-1", "node-1", "5m"]);
  assert.deepEqual(row(leaseKind, lease({})), ["node-1", "", "5m"]);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod, PodStatus } from "./framework/index.js";
import { makePod } from "./plugins/_test-kit.js";
import { clearNomination, markUnschedulable } from "./pod-status.js";

test("markUnschedulable sets, keeps or clears the nomination and leaves bound pods alone", () => {
  const failure = { reason: "Unschedulable", message: "0/1 nodes are available: 1 Insufficient cpu." };
  const cases: [string, string | undefined, string | undefined, string | undefined][] = [
    ["nominates", undefined, "node-a", "node-a"],
    ["keeps an earlier nomination", "node-a", undefined, "node-a"],
    ["clears it", "node-a", "", undefined],
  ];
  for (const [name, before, nominated, after] of cases) {
    const status: PodStatus = before ? { nominatedNodeName: before } : {};
    const change = markUnschedulable(nominated === undefined ? failure : { ...failure, nominatedNodeName: nominated });
    assert.equal(change(status, makePod()), true, name);
    assert.equal(status.nominatedNodeName, after, name);
    assert.equal(status.conditions?.[0]?.message, failure.message, name);
  }
  const bound: Pod = makePod({ nodeName: "node-a" });
  assert.equal(markUnschedulable(failure)({}, bound), false);
});

test("clearNomination drops a nomination, and reports no change without one", () => {
  const status: PodStatus = { nominatedNodeName: "node-a" };
  assert.equal(clearNomination(status, makePod()), true);
  assert.equal(status.nominatedNodeName, undefined);
  assert.equal(clearNomination(status, makePod()), false);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { Toleration } from "../../../apis/common/pod-types.js";
import { SUCCESS, unresolvable, type Status } from "../../framework/index.js";
import { cycleFor, makeNode, makeNodeInfo, makePod } from "../_test-kit.js";
import { newNodeUnschedulable, NODE_UNSCHEDULABLE_REASON } from "./index.js";

test("NodeUnschedulable keeps pods off cordoned nodes unless they tolerate it", () => {
  const tolerates: Toleration = { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" };
  const cases: [string, boolean, Toleration[], Status][] = [
    ["a schedulable node", false, [], SUCCESS],
    ["a cordoned node", true, [], unresolvable(NODE_UNSCHEDULABLE_REASON)],
    ["a cordoned node, tolerated", true, [tolerates], SUCCESS],
    ["a cordoned node, tolerated by an all-effects toleration", true, [{ key: "node.kubernetes.io/unschedulable", operator: "Exists" }], SUCCESS],
    ["a cordoned node, other toleration", true, [{ key: "other", operator: "Exists" }], unresolvable(NODE_UNSCHEDULABLE_REASON)],
  ];
  for (const [name, cordoned, tolerations, expected] of cases) {
    const node = makeNodeInfo(makeNode("n", { unschedulable: cordoned }));
    assert.deepEqual(newNodeUnschedulable().filter(cycleFor(makePod({ spec: { tolerations } }), [node]), node), expected, name);
  }
});

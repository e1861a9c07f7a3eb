import { test } from "node:test";
import assert from "node:assert/strict";
import { SKIP, SUCCESS } from "../../framework/index.js";
import { cycleFor, makeNode, makeNodeInfo, makePod } from "../_test-kit.js";
import { balancedScore, newNodeResourcesBalancedAllocation } from "./index.js";

test("balancedScore is 100 × (1 − standard deviation of the fractions)", () => {
  const cases: [number[], number][] = [
    [[0.5, 0.5], 100],
    [[0.25, 0.75], 75],
    [[0, 1], 50],
    [[0.5], 100],
    [[0.2, 0.5, 0.8], 75],
  ];
  for (const [fractions, expected] of cases) assert.equal(balancedScore(fractions), expected, String(fractions));
});

test("NodeResourcesBalancedAllocation prefers the node the pod leaves evenly used", () => {
  const existing = makePod({ requests: { cpu: "2", memory: "1Gi" } });
  const cpuHeavy = makeNodeInfo(makeNode("cpu-heavy", { cpu: "4", memory: "4Gi" }), [existing]);
  const empty = makeNodeInfo(makeNode("empty", { cpu: "4", memory: "4Gi" }));
  const pod = makePod({ requests: { cpu: "1", memory: "2Gi" } });
  const plugin = newNodeResourcesBalancedAllocation();
  const state = cycleFor(pod, [cpuHeavy, empty]);
  assert.deepEqual(plugin.preScore(state), SUCCESS);
  // cpu-heavy: 3/4 cpu, 3/4 memory → 100; empty: 1/4 cpu, 2/4 memory → 87.
  assert.deepEqual([plugin.score(state, cpuHeavy), plugin.score(state, empty)], [100, 87]);
});

test("NodeResourcesBalancedAllocation skips pods that request nothing", () => {
  const node = makeNodeInfo(makeNode("n"));
  assert.deepEqual(newNodeResourcesBalancedAllocation().preScore(cycleFor(makePod(), [node])), SKIP);
});

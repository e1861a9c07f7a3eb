import { test } from "node:test";
import assert from "node:assert/strict";
import { cycleFor, makeNode, makeNodeInfo, makePod } from "../plugins/_test-kit.js";
import { newNodeResourcesFit } from "../plugins/node-resources-fit/index.js";
import { fitErrorMessage } from "./diagnosis.js";
import { PodInfo } from "./pod-info.js";
import { Framework, numFeasibleNodesToFind, type WeightedPlugin } from "./runner.js";
import { SKIP, SUCCESS, unresolvable, unschedulable } from "./status.js";
import type { NodeInfo, SchedulerPlugin } from "./index.js";

/** A filter that rejects the listed nodes, recording which nodes it saw. */
function rejecting(name: string, nodes: string[], seen: string[] = []): SchedulerPlugin {
  return {
    name,
    filter: (_state, node) => {
      seen.push(node.name);
      return nodes.includes(node.name) ? unschedulable(`${name} says no`) : SUCCESS;
    },
  };
}

/** A scorer that gives each node the score listed for it. */
function scoring(name: string, scores: Record<string, number>): SchedulerPlugin {
  return { name, score: (_state, node) => scores[node.name] ?? 0 };
}

function framework(plugins: readonly WeightedPlugin[]): Framework {
  return new Framework({ schedulerName: "test", plugins });
}

const nodes = (...names: string[]): NodeInfo[] => names.map((n) => makeNodeInfo(makeNode(n)));

test("filters stop at the first rejection and the diagnosis records it", () => {
  const seenBySecond: string[] = [];
  const f = framework([{ plugin: rejecting("First", ["a", "b"]) }, { plugin: rejecting("Second", ["a", "c"], seenBySecond) }]);
  const result = f.schedule(cycleFor(makePod(), nodes("a", "b", "c")));
  assert.equal(result.type, "unschedulable");
  if (result.type !== "unschedulable") return;
  assert.deepEqual(seenBySecond, ["c"]);
  assert.deepEqual([...result.diagnosis.unschedulablePlugins].sort(), ["First", "Second"]);
  assert.equal(fitErrorMessage(3, result.diagnosis), "0/3 nodes are available: 1 Second says no, 2 First says no.");
});

test("a PreFilter rejection applies to every node; a PreFilter Skip skips the plugin's Filter", () => {
  const rejectAll: SchedulerPlugin = { name: "Gate", preFilter: () => unresolvable("waiting"), filter: () => SUCCESS };
  const result = framework([{ plugin: rejectAll }]).schedule(cycleFor(makePod(), nodes("a", "b")));
  assert.equal(result.type === "unschedulable" && fitErrorMessage(2, result.diagnosis), "0/2 nodes are available: waiting.");
  const skipped: SchedulerPlugin = { name: "Skipped", preFilter: () => SKIP, filter: () => unschedulable("never") };
  assert.equal(framework([{ plugin: skipped }]).schedule(cycleFor(makePod(), nodes("a"))).type, "scheduled");
});

test("scores are weighted and summed; ties go to the first node evaluated", () => {
  const cases: [string, WeightedPlugin[], string][] = [
    ["highest wins", [{ plugin: scoring("S", { a: 10, b: 90, c: 50 }) }], "b"],
    ["weights multiply", [{ plugin: scoring("S", { a: 100, b: 0 }) }, { plugin: scoring("T", { a: 0, b: 60 }), weight: 2 }], "b"],
    ["a tie goes to the first", [{ plugin: scoring("S", { a: 50, b: 50, c: 50 }) }], "a"],
    ["scores are bounded to 0…100 before weighting", [{ plugin: scoring("S", { a: 500, b: 100 }) }, { plugin: scoring("T", { a: 0, b: 10 }) }], "b"],
    ["a PreScore Skip leaves the plugin out", [{ plugin: { ...scoring("S", { a: 100 }), preScore: () => SKIP } }, { plugin: scoring("T", { b: 1 }) }], "b"],
  ];
  for (const [name, plugins, expected] of cases) {
    const result = framework(plugins).schedule(cycleFor(makePod(), nodes("a", "b", "c")));
    assert.equal(result.type === "scheduled" && result.nodeName, expected, name);
  }
});

test("a pod nominated to a node goes there when it fits, without scoring", () => {
  const f = framework([{ plugin: scoring("S", { a: 100 }) }]);
  const pod = makePod();
  pod.status = { nominatedNodeName: "c" };
  const result = f.schedule(cycleFor(pod, nodes("a", "b", "c")));
  assert.deepEqual(result, { type: "scheduled", nodeName: "c", evaluatedNodes: 1, feasibleNodes: 1 });
});

test("nominated pods of equal or higher priority are counted on their node", () => {
  const f = framework([{ plugin: newNodeResourcesFit() }]);
  const [a] = nodes("a");
  const nominatedPod = new PodInfo(makePod({ requests: { cpu: "3" }, priority: 10 }));
  const nominated = { forNode: (name: string) => (name === "a" ? [nominatedPod] : []) };
  const cases: [string, number, string][] = [
    ["lower priority yields", 5, "unschedulable"],
    ["equal priority yields", 10, "unschedulable"],
    ["higher priority ignores it", 20, "scheduled"],
  ];
  for (const [name, priority, expected] of cases) {
    const state = cycleFor(makePod({ requests: { cpu: "2" }, priority }), [a as NodeInfo]);
    assert.equal(f.schedule(state, nominated).type, expected, name);
  }
});

test("large clusters stop filtering after enough feasible nodes and rotate where they start", () => {
  const seen: string[] = [];
  const f = framework([{ plugin: rejecting("Watch", [], seen) }]);
  const many = nodes(...[...Array(200).keys()].map((i) => `n${String(i).padStart(3, "0")}`));
  const first = f.schedule(cycleFor(makePod(), many));
  assert.equal(first.type === "scheduled" && first.evaluatedNodes, 100);
  assert.equal(seen[0], "n000");
  seen.length = 0;
  f.schedule(cycleFor(makePod(), many));
  assert.equal(seen[0], "n100");
});

test("numFeasibleNodesToFind follows upstream's adaptive percentage", () => {
  const cases: [number, number, number][] = [
    [50, 0, 50],
    [100, 0, 100],
    [1000, 0, 420],
    [5000, 0, 500],
    [10000, 0, 500],
    [1000, 100, 1000],
    [1000, 20, 200],
    [1000, 1, 100],
  ];
  for (const [all, percentage, expected] of cases) assert.equal(numFeasibleNodesToFind(all, percentage), expected, `${all} at ${percentage}%`);
});

test("no nodes at all is an error", () => {
  assert.deepEqual(framework([]).schedule(cycleFor(makePod(), [])), { type: "error", message: "no nodes available to schedule pods" });
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { Toleration } from "../../../apis/common/pod-types.js";
import { SUCCESS, unresolvable, type NodeScore, type Status, type Taint } from "../../framework/index.js";
import { cycleFor, makeNode, makeNodeInfo, makePod } from "../_test-kit.js";
import { newTaintToleration } from "./index.js";

test("TaintToleration keeps pods off NoSchedule and NoExecute taints they do not tolerate", () => {
  const dedicated: Taint = { key: "dedicated", value: "db", effect: "NoSchedule" };
  const cases: [string, Taint[], Toleration[], Status][] = [
    ["no taints", [], [], SUCCESS],
    ["untolerated NoSchedule", [dedicated], [], unresolvable("node(s) had untolerated taint {dedicated: db}")],
    ["untolerated NoExecute", [{ key: "node.kubernetes.io/unreachable", effect: "NoExecute" }], [], unresolvable("node(s) had untolerated taint {node.kubernetes.io/unreachable: }")],
    ["PreferNoSchedule does not filter", [{ key: "soft", effect: "PreferNoSchedule" }], [], SUCCESS],
    ["Equal toleration", [dedicated], [{ key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" }], SUCCESS],
    ["Equal with another value", [dedicated], [{ key: "dedicated", value: "web" }], unresolvable("node(s) had untolerated taint {dedicated: db}")],
    ["Exists for the key", [dedicated], [{ key: "dedicated", operator: "Exists" }], SUCCESS],
    ["Exists without a key tolerates everything", [dedicated], [{ operator: "Exists" }], SUCCESS],
    ["wrong effect", [dedicated], [{ key: "dedicated", operator: "Exists", effect: "NoExecute" }], unresolvable("node(s) had untolerated taint {dedicated: db}")],
  ];
  for (const [name, taints, tolerations, expected] of cases) {
    const node = makeNodeInfo(makeNode("n", { taints }));
    assert.deepEqual(newTaintToleration().filter(cycleFor(makePod({ spec: { tolerations } }), [node]), node), expected, name);
  }
});

test("TaintToleration scores fewer untolerated PreferNoSchedule taints higher", () => {
  const soft = (key: string): Taint => ({ key, effect: "PreferNoSchedule" });
  const nodes = [makeNodeInfo(makeNode("clean")), makeNodeInfo(makeNode("one", { taints: [soft("a")] })), makeNodeInfo(makeNode("two", { taints: [soft("a"), soft("b")] }))];
  const plugin = newTaintToleration();
  const cases: [string, Toleration[], number[]][] = [
    ["no tolerations", [], [100, 50, 0]],
    ["tolerating a", [{ key: "a", operator: "Exists", effect: "PreferNoSchedule" }], [100, 100, 0]],
    ["tolerating all", [{ operator: "Exists" }], [100, 100, 100]],
  ];
  for (const [name, tolerations, expected] of cases) {
    const state = cycleFor(makePod({ spec: { tolerations } }), nodes);
    const scores: NodeScore[] = nodes.map((n) => ({ name: n.name, score: plugin.score(state, n) }));
    plugin.normalizeScore(state, scores);
    assert.deepEqual(scores.map((s) => s.score), expected, name);
  }
});

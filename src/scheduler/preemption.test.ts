import { test } from "node:test";
import assert from "node:assert/strict";
import { CycleState, PodInfo, StaticSnapshot, type NodeInfo, type Pod } from "./framework/index.js";
import { makeNode, makeNodeInfo, makePod } from "./plugins/_test-kit.js";
import { preempt, type PreemptionResult } from "./preemption.js";
import { buildProfiles } from "./profiles.js";

const low = (name: string, cpu: string, priority: number, extra: Partial<Pod["metadata"]> = {}) => {
  const pod = makePod({ name, requests: { cpu }, priority });
  pod.metadata = { ...pod.metadata, ...extra };
  return pod;
};

function attempt(pod: Pod, nodes: NodeInfo[]): PreemptionResult {
  const framework = buildProfiles().get("default-scheduler");
  assert.ok(framework);
  const snapshot = new StaticSnapshot(nodes);
  const info = new PodInfo(pod);
  const result = framework.schedule(new CycleState(info, snapshot));
  assert.equal(result.type, "unschedulable");
  if (result.type !== "unschedulable") throw new Error("unreachable");
  return preempt({ framework, snapshot, pod: info, diagnosis: result.diagnosis, nominated: { forNode: () => [] } });
}

const summary = (r: PreemptionResult) => (r.type === "nominated" ? { node: r.nodeName, victims: r.victims.map((v) => v.pod.metadata.name) } : r);

test("preemption picks the node and the fewest, least important victims", () => {
  const cases: [string, Pod, NodeInfo[], unknown][] = [
    [
      "victims are reprieved from the most important down",
      makePod({ requests: { cpu: "3" }, priority: 100 }),
      [makeNodeInfo(makeNode("a", { cpu: "4" }), [low("v1", "2", 1), low("v2", "1", 2)]), makeNodeInfo(makeNode("b", { cpu: "4" }), [low("w1", "3", 3)])],
      { node: "a", victims: ["v1"] },
    ],
    [
      "the lowest highest-priority victim wins over fewer victims",
      makePod({ requests: { cpu: "4" }, priority: 100 }),
      [makeNodeInfo(makeNode("a", { cpu: "4" }), [low("x", "4", 50)]), makeNodeInfo(makeNode("b", { cpu: "4" }), [low("y1", "2", 10), low("y2", "2", 10)])],
      { node: "b", victims: ["y1", "y2"] },
    ],
    [
      "then the smaller sum of priorities",
      makePod({ requests: { cpu: "4" }, priority: 100 }),
      [makeNodeInfo(makeNode("a", { cpu: "4" }), [low("x1", "2", 10), low("x2", "2", 10)]), makeNodeInfo(makeNode("b", { cpu: "4" }), [low("y1", "2", 10), low("y2", "2", 1)])],
      { node: "b", victims: ["y1", "y2"] },
    ],
    [
      "then fewer victims",
      makePod({ requests: { cpu: "4" }, priority: 100 }),
      [makeNodeInfo(makeNode("a", { cpu: "4" }), [low("x1", "2", -5), low("x2", "2", -5)]), makeNodeInfo(makeNode("b", { cpu: "4" }), [low("y", "4", -5)])],
      { node: "b", victims: ["y"] },
    ],
    [
      "pods of equal priority are never victims",
      makePod({ requests: { cpu: "3" } }),
      [makeNodeInfo(makeNode("a", { cpu: "4" }), [low("x", "2", 0)]), makeNodeInfo(makeNode("b", { cpu: "2" }))],
      { type: "failed", message: "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.", clearNomination: true },
    ],
    [
      "nodes where removing pods cannot help are left out",
      makePod({ requests: { cpu: "3" }, priority: 100 }),
      [makeNodeInfo(makeNode("a", { cpu: "4", taints: [{ key: "k", effect: "NoSchedule" }] }), [low("x", "2", 0)]), makeNodeInfo(makeNode("b", { cpu: "2" }))],
      { type: "failed", message: "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.", clearNomination: true },
    ],
    [
      "no node where it could help",
      makePod({ requests: { cpu: "1" }, priority: 100, spec: { nodeSelector: { disk: "ssd" } } }),
      [makeNodeInfo(makeNode("a"), [low("x", "2", 0)]), makeNodeInfo(makeNode("b"))],
      { type: "failed", message: "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.", clearNomination: true },
    ],
    [
      "preemptionPolicy Never",
      makePod({ requests: { cpu: "3" }, priority: 100, spec: { preemptionPolicy: "Never" } }),
      [makeNodeInfo(makeNode("a", { cpu: "4" }), [low("x", "2", 0)])],
      { type: "failed", message: "preemption: not eligible due to preemptionPolicy=Never.", clearNomination: false },
    ],
  ];
  for (const [name, pod, nodes, expected] of cases) assert.deepEqual(summary(attempt(pod, nodes)), expected, name);
});

test("a preemptor waits while its earlier victims terminate", () => {
  const victim = low("x", "2", 0, { deletionTimestamp: "2026-01-01T00:00:00Z" });
  victim.status = { conditions: [{ type: "DisruptionTarget", status: "True", reason: "PreemptionByScheduler" }] };
  const pod = makePod({ requests: { cpu: "3" }, priority: 100 });
  pod.status = { nominatedNodeName: "a" };
  const result = attempt(pod, [makeNodeInfo(makeNode("a", { cpu: "4" }), [victim])]);
  assert.deepEqual(result, { type: "failed", message: "preemption: not eligible due to a terminating pod on the nominated node.", clearNomination: false });
});

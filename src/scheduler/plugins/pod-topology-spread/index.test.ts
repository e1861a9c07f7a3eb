import { test } from "node:test";
import assert from "node:assert/strict";
import type { TopologySpreadConstraint } from "../../../apis/common/pod-types.js";
import { SKIP, SUCCESS, unresolvable, unschedulable, type NodeScore, type Pod, type Status } from "../../framework/index.js";
import { cycleFor, makeNode, makeNodeInfo, makePod } from "../_test-kit.js";
import { CONSTRAINTS_REASON, MISSING_LABEL_REASON } from "./filtering.js";
import { newPodTopologySpread } from "./index.js";

const ZONE = "topology.kubernetes.io/zone";
const HOST = "kubernetes.io/hostname";

/** Web pods: two on n1 and one on n2 (zone a), one on n3 (zone b); n4 has no zone. */
function cluster(web: (i: number) => Pod = () => makePod({ labels: { app: "web" } })) {
  return [
    makeNodeInfo(makeNode("n1", { labels: { [ZONE]: "a" } }), [web(1), web(2)]),
    makeNodeInfo(makeNode("n2", { labels: { [ZONE]: "a" } }), [web(3)]),
    makeNodeInfo(makeNode("n3", { labels: { [ZONE]: "b" } }), [web(4)]),
    makeNodeInfo(makeNode("n4")),
  ];
}

const spread = (topologyKey: string, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey,
  whenUnsatisfiable: "DoNotSchedule",
  labelSelector: { matchLabels: { app: "web" } },
  ...extra,
});

test("PodTopologySpread filters nodes whose domain would exceed maxSkew", () => {
  const ok = SUCCESS;
  const skewed = unschedulable(CONSTRAINTS_REASON);
  const missing = unresolvable(MISSING_LABEL_REASON);
  const cases: [string, Record<string, string>, TopologySpreadConstraint[], Status[]][] = [
    ["by zone", { app: "web" }, [spread(ZONE)], [skewed, skewed, ok, missing]],
    ["by zone, at least three domains", { app: "web" }, [spread(ZONE, { minDomains: 3 })], [skewed, skewed, skewed, missing]],
    ["by host", { app: "web" }, [spread(HOST)], [skewed, skewed, skewed, ok]],
    ["a pod outside the selector does not count itself", { app: "other" }, [spread(ZONE)], [skewed, skewed, ok, missing]],
    ["a larger maxSkew", { app: "web" }, [spread(ZONE, { maxSkew: 3 })], [ok, ok, ok, missing]],
    // n4 lacks a key, so its (zero) host count leaves the minimum: only nodes with every key count.
    ["both constraints", { app: "web" }, [spread(ZONE), spread(HOST)], [skewed, skewed, ok, missing]],
  ];
  for (const [name, labels, constraints, expected] of cases) {
    const nodes = cluster();
    const state = cycleFor(makePod({ labels, spec: { topologySpreadConstraints: constraints } }), nodes);
    const plugin = newPodTopologySpread();
    assert.deepEqual(plugin.preFilter(state), SUCCESS, name);
    assert.deepEqual(nodes.map((n) => plugin.filter(state, n)), expected, name);
  }
});

test("PodTopologySpread scores emptier domains higher", () => {
  const owned = () => makePod({ labels: { app: "web" }, ownerUid: "rs-1" });
  const cases: [string, Pod, number[]][] = [
    ["ScheduleAnyway by host", makePod({ labels: { app: "web" }, spec: { topologySpreadConstraints: [spread(HOST, { whenUnsatisfiable: "ScheduleAnyway" })] } }), [0, 50, 50, 100]],
    // n4 lacks the zone key, so it is ignored and scores 0.
    ["ScheduleAnyway by zone", makePod({ labels: { app: "web" }, spec: { topologySpreadConstraints: [spread(ZONE, { whenUnsatisfiable: "ScheduleAnyway" })] } }), [25, 25, 100, 0]],
    ["system defaults for pods of one controller", owned(), [14, 21, 50, 100]],
  ];
  for (const [name, pod, expected] of cases) {
    const nodes = cluster(owned);
    const plugin = newPodTopologySpread();
    const state = cycleFor(pod, nodes);
    assert.deepEqual(plugin.preFilter(state), SKIP, `${name}: nothing to filter`);
    assert.deepEqual(plugin.preScore(state, nodes), SUCCESS, name);
    const scores: NodeScore[] = nodes.map((n) => ({ name: n.name, score: plugin.score(state, n) }));
    plugin.normalizeScore(state, scores);
    assert.deepEqual(scores.map((s) => s.score), expected, name);
  }
});

test("PodTopologySpread skips pods without constraints or a controller", () => {
  const nodes = cluster();
  assert.deepEqual(newPodTopologySpread().preScore(cycleFor(makePod(), nodes), nodes), SKIP);
});

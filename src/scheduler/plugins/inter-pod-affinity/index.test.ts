import { test } from "node:test";
import assert from "node:assert/strict";
import type { Affinity, PodAffinityTerm } from "../../../apis/common/pod-types.js";
import { SKIP, SUCCESS, unresolvable, unschedulable, type NodeScore, type Pod, type Status } from "../../framework/index.js";
import { cycleFor, makeNode, makeNodeInfo, makePod } from "../_test-kit.js";
import { AFFINITY_REASON, ANTI_AFFINITY_REASON, EXISTING_ANTI_AFFINITY_REASON } from "./filtering.js";
import { newInterPodAffinity } from "./index.js";

const ZONE = "topology.kubernetes.io/zone";
const HOST = "kubernetes.io/hostname";
const term = (app: string, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
  ...extra,
});

/** n1 and n2 in zone a, n3 in zone b; a db pod on n1; on n3 a pod that wants no web pod beside it. */
function cluster(alsoOnN3: Pod[] = []) {
  const db = makePod({ labels: { app: "db" } });
  const lonely = makePod({ labels: { app: "lonely" }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", HOST)] } } } });
  return [
    makeNodeInfo(makeNode("n1", { labels: { [ZONE]: "a" } }), [db]),
    makeNodeInfo(makeNode("n2", { labels: { [ZONE]: "a" } })),
    makeNodeInfo(makeNode("n3", { labels: { [ZONE]: "b" } }), [lonely, ...alsoOnN3]),
  ];
}

test("InterPodAffinity filters on required affinity, anti-affinity and existing pods' anti-affinity", () => {
  const ok = SUCCESS;
  const affinity = unresolvable(AFFINITY_REASON);
  const anti = unschedulable(ANTI_AFFINITY_REASON);
  const cases: [string, Record<string, string>, Affinity, Status[]][] = [
    ["no terms, not selected by anyone", { app: "other" }, {}, [ok, ok, ok]],
    ["selected by an existing pod's anti-affinity", { app: "web" }, {}, [ok, ok, unschedulable(EXISTING_ANTI_AFFINITY_REASON)]],
    ["affinity to db by zone", {}, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE)] } }, [ok, ok, affinity]],
    ["affinity to db by host", {}, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", HOST)] } }, [ok, affinity, affinity]],
    ["anti-affinity to db by zone", {}, { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE)] } }, [anti, anti, ok]],
    ["the first pod of a self-affine group", { app: "cache" }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("cache", ZONE)] } }, [ok, ok, ok]],
    ["affinity to pods that do not exist", {}, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("cache", ZONE)] } }, [affinity, affinity, affinity]],
    ["a topology key no node has", { app: "db" }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", "rack")] } }, [affinity, affinity, affinity]],
    ["anti-affinity in another namespace", {}, { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE, { namespaces: ["other"] })] } }, [ok, ok, ok]],
    ["anti-affinity across all namespaces", {}, { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE, { namespaces: ["other"], namespaceSelector: {} })] } }, [anti, anti, ok]],
    [
      "anti-affinity by namespace name",
      {},
      { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE, { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "default" } } })] } },
      [anti, anti, ok],
    ],
  ];
  for (const [name, labels, podAffinity, expected] of cases) {
    const nodes = cluster();
    const state = cycleFor(makePod({ labels, spec: { affinity: podAffinity } }), nodes);
    const plugin = newInterPodAffinity();
    assert.deepEqual(plugin.preFilter(state), SUCCESS, name);
    assert.deepEqual(nodes.map((n) => plugin.filter(state, n)), expected, name);
  }
});

test("InterPodAffinity is skipped when no pod has affinity terms", () => {
  const nodes = [makeNodeInfo(makeNode("n"), [makePod()])];
  const state = cycleFor(makePod(), nodes);
  assert.deepEqual(newInterPodAffinity().preFilter(state), SKIP);
  assert.deepEqual(newInterPodAffinity().preScore(state), SKIP);
});

test("InterPodAffinity scores preferred terms of the pod and of existing pods", () => {
  const preferred = (weight: number, t: PodAffinityTerm) => [{ weight, podAffinityTerm: t }];
  const cases: [string, Record<string, string>, Affinity, number[]][] = [
    ["prefer the zone of db", {}, { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred(10, term("db", ZONE)) } }, [100, 100, 0]],
    ["avoid the host of db", {}, { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred(5, term("db", HOST)) } }, [0, 100, 100]],
    ["an existing pod that prefers the incoming one", { app: "friend" }, {}, [0, 0, 100]],
  ];
  for (const [name, labels, affinity, expected] of cases) {
    const fan = makePod({ spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred(7, term("friend", ZONE)) } } } });
    const nodes = cluster([fan]);
    const plugin = newInterPodAffinity();
    const state = cycleFor(makePod({ labels, spec: { affinity } }), nodes);
    assert.deepEqual(plugin.preScore(state), SUCCESS, name);
    const scores: NodeScore[] = nodes.map((n) => ({ name: n.name, score: plugin.score(state, n) }));
    plugin.normalizeScore(state, scores);
    assert.deepEqual(scores.map((s) => s.score), expected, name);
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { PodSpec } from "../../../apis/common/pod-types.js";
import { SKIP, SUCCESS, unresolvable, type NodeScore, type Status } from "../../framework/index.js";
import { cycleFor, makeNode, makeNodeInfo, makePod } from "../_test-kit.js";
import { newNodeAffinity, NODE_AFFINITY_REASON } from "./index.js";

const required = (expressions: { key: string; operator: string; values?: string[] }[]): Partial<PodSpec> => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: expressions }] } } },
});

test("NodeAffinity filters on nodeSelector and required node affinity", () => {
  const labels = { zone: "a", disk: "ssd", cores: "8" };
  const cases: [string, Partial<PodSpec>, Status][] = [
    ["nodeSelector matches", { nodeSelector: { zone: "a" } }, SUCCESS],
    ["nodeSelector does not match", { nodeSelector: { zone: "b" } }, unresolvable(NODE_AFFINITY_REASON)],
    ["In", required([{ key: "disk", operator: "In", values: ["ssd", "nvme"] }]), SUCCESS],
    ["NotIn", required([{ key: "disk", operator: "NotIn", values: ["ssd"] }]), unresolvable(NODE_AFFINITY_REASON)],
    ["Exists", required([{ key: "zone", operator: "Exists" }]), SUCCESS],
    ["DoesNotExist", required([{ key: "gpu", operator: "DoesNotExist" }]), SUCCESS],
    ["Gt", required([{ key: "cores", operator: "Gt", values: ["4"] }]), SUCCESS],
    ["Lt", required([{ key: "cores", operator: "Lt", values: ["4"] }]), unresolvable(NODE_AFFINITY_REASON)],
    ["requirements of a term are ANDed", required([{ key: "zone", operator: "In", values: ["a"] }, { key: "disk", operator: "In", values: ["hdd"] }]), unresolvable(NODE_AFFINITY_REASON)],
    [
      "terms are ORed",
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["b"] }] }, { matchFields: [{ key: "metadata.name", operator: "In", values: ["n"] }] }],
            },
          },
        },
      },
      SUCCESS,
    ],
    ["an empty term selects nothing", { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } }, unresolvable(NODE_AFFINITY_REASON)],
  ];
  for (const [name, spec, expected] of cases) {
    const node = makeNodeInfo(makeNode("n", { labels }));
    const state = cycleFor(makePod({ spec }), [node]);
    const plugin = newNodeAffinity();
    assert.deepEqual(plugin.preFilter(state), SUCCESS, name);
    assert.deepEqual(plugin.filter(state, node), expected, name);
  }
});

test("NodeAffinity is skipped for pods without node constraints", () => {
  const node = makeNodeInfo(makeNode("n"));
  const state = cycleFor(makePod(), [node]);
  assert.deepEqual(newNodeAffinity().preFilter(state), SKIP);
  assert.deepEqual(newNodeAffinity().preScore(state), SKIP);
});

test("NodeAffinity scores preferred terms by weight, normalised to 100", () => {
  const nodes = [makeNodeInfo(makeNode("both", { labels: { a: "1", b: "1" } })), makeNodeInfo(makeNode("a", { labels: { a: "1" } })), makeNodeInfo(makeNode("none"))];
  const pod = makePod({
    spec: {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 3, preference: { matchExpressions: [{ key: "a", operator: "Exists" }] } },
            { weight: 1, preference: { matchExpressions: [{ key: "b", operator: "Exists" }] } },
          ],
        },
      },
    },
  });
  const plugin = newNodeAffinity();
  const state = cycleFor(pod, nodes);
  assert.deepEqual(plugin.preScore(state), SUCCESS);
  const scores: NodeScore[] = nodes.map((n) => ({ name: n.name, score: plugin.score(state, n) }));
  assert.deepEqual(scores.map((s) => s.score), [4, 3, 0]);
  plugin.normalizeScore(state, scores);
  assert.deepEqual(scores.map((s) => s.score), [100, 75, 0]);
});

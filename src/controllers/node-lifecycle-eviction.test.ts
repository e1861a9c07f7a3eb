import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../apis/types.js";
import type { Toleration } from "../apis/common/pod-types.js";
import { evictionDecision, taintedSince, type EvictionDecision } from "./node-lifecycle-eviction.js";
import type { Taint } from "../apis/common/node-taints.js";

const unreachable: Taint = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };
const notReady: Taint = { key: "node.kubernetes.io/not-ready", effect: "NoExecute" };
const pod = (tolerations: Toleration[]): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { tolerations } });
const tolerate = (taint: Taint, tolerationSeconds?: number): Toleration => ({
  key: taint.key ?? "",
  operator: "Exists",
  effect: "NoExecute",
  ...(tolerationSeconds !== undefined ? { tolerationSeconds } : {}),
});

const SINCE = 1_000_000;
const cases: { name: string; tolerations: Toleration[]; taints: Taint[]; now: number; decision: EvictionDecision }[] = [
  { name: "no taints keep every pod", tolerations: [], taints: [], now: SINCE, decision: { type: "keep" } },
  { name: "an untolerated taint evicts at once", tolerations: [tolerate(notReady, 300)], taints: [unreachable], now: SINCE, decision: { type: "evict" } },
  { name: "a toleration without seconds keeps the pod", tolerations: [tolerate(unreachable)], taints: [unreachable], now: SINCE + 10 ** 9, decision: { type: "keep" } },
  { name: "tolerationSeconds delay the eviction", tolerations: [tolerate(unreachable, 300)], taints: [unreachable], now: SINCE + 1000, decision: { type: "wait", at: SINCE + 300_000 } },
  { name: "after tolerationSeconds the pod goes", tolerations: [tolerate(unreachable, 300)], taints: [unreachable], now: SINCE + 300_000, decision: { type: "evict" } },
  {
    name: "the shortest matching tolerationSeconds wins",
    tolerations: [tolerate(unreachable, 300), { operator: "Exists", tolerationSeconds: 30 }],
    taints: [unreachable],
    now: SINCE,
    decision: { type: "wait", at: SINCE + 30_000 },
  },
  { name: "zero or negative seconds evict at once", tolerations: [tolerate(unreachable, -5)], taints: [unreachable], now: SINCE, decision: { type: "evict" } },
];

for (const c of cases) {
  test(`evictionDecision: ${c.name}`, () => assert.deepEqual(evictionDecision(pod(c.tolerations), { taints: c.taints, since: SINCE, now: c.now }), c.decision));
}

test("taintedSince counts from the taint, or from the pod's creation if it came later", () => {
  const taint = { ...unreachable, timeAdded: "2025-01-01T00:00:00Z" };
  const created = (at: string): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", creationTimestamp: at } });
  assert.equal(taintedSince(created("2024-12-31T00:00:00Z"), [taint]), Date.parse("2025-01-01T00:00:00Z"));
  assert.equal(taintedSince(created("2025-01-02T00:00:00Z"), [taint]), Date.parse("2025-01-02T00:00:00Z"));
});

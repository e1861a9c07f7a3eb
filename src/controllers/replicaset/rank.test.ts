import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import { podsToDelete } from "./rank.js";

const NOW = Date.parse("2025-01-01T12:00:00Z");
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

interface PodShape {
  name: string;
  node?: string;
  phase?: string;
  readySince?: number;
  cost?: string;
  restarts?: number;
  createdAgo?: number;
}

function pod(shape: PodShape): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: shape.name,
      uid: shape.name,
      creationTimestamp: ago(shape.createdAgo ?? 3600),
      ...(shape.cost ? { annotations: { "controller.kubernetes.io/pod-deletion-cost": shape.cost } } : {}),
    },
    spec: shape.node ? { nodeName: shape.node } : {},
    status: {
      phase: shape.phase ?? "Running",
      conditions: shape.readySince === undefined ? [] : [{ type: "Ready", status: "True", lastTransitionTime: ago(shape.readySince) }],
      containerStatuses: [{ restartCount: shape.restarts ?? 0 }],
    },
  };
}

const cases: { name: string; pods: PodShape[]; related?: PodShape[]; first: string }[] = [
  { name: "unscheduled before scheduled", pods: [{ name: "a", node: "n1" }, { name: "b" }], first: "b" },
  { name: "pending before running", pods: [{ name: "a", node: "n1" }, { name: "b", node: "n1", phase: "Pending" }], first: "b" },
  { name: "not ready before ready", pods: [{ name: "a", node: "n1", readySince: 60 }, { name: "b", node: "n1" }], first: "b" },
  { name: "lower deletion cost first", pods: [{ name: "a", node: "n1", cost: "10" }, { name: "b", node: "n1", cost: "-5" }], first: "b" },
  {
    name: "doubled-up node first",
    pods: [{ name: "a", node: "n1", readySince: 60 }, { name: "b", node: "n2", readySince: 60 }],
    related: [{ name: "a", node: "n1" }, { name: "b", node: "n2" }, { name: "c", node: "n2" }],
    first: "b",
  },
  { name: "ready more recently first", pods: [{ name: "a", node: "n1", readySince: 4000 }, { name: "b", node: "n1", readySince: 10 }], first: "b" },
  { name: "more restarts first", pods: [{ name: "a", node: "n1", restarts: 1 }, { name: "b", node: "n1", restarts: 7 }], first: "b" },
  { name: "newer first", pods: [{ name: "a", node: "n1", createdAgo: 90_000 }, { name: "b", node: "n1", createdAgo: 30 }], first: "b" },
];

for (const c of cases) {
  test(`podsToDelete: ${c.name}`, () => {
    const [victim] = podsToDelete(c.pods.map(pod), (c.related ?? []).map(pod), 1, NOW);
    assert.equal(victim?.metadata.name, c.first);
  });
}

test("podsToDelete returns every pod when all must go", () => {
  assert.equal(podsToDelete([pod({ name: "a" }), pod({ name: "b" })], [], 5, NOW).length, 2);
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { KubeObject, OwnerReference } from "../../apis/types.js";
import { countHealthy, disruptedPods, DELETION_TIMEOUT_MS, expectedPods, nextBudgetStatus } from "./budget.js";
import type { ControllerFinder } from "./controllers.js";
import type { BudgetStatus } from "../../apis/common/disruption-budget.js";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function budget(spec: Record<string, unknown>, status?: Partial<BudgetStatus>, generation = 1): KubeObject {
  return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "pdb", namespace: "dev", generation }, spec, ...(status ? { status } : {}) };
}

function pod(name: string, options: { owner?: string; ready?: boolean; deleting?: boolean } = {}): KubeObject {
  const ownerReferences: OwnerReference[] | undefined = options.owner
    ? [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: options.owner, uid: `uid-${options.owner}`, controller: true }]
    : undefined;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "dev", ...(ownerReferences ? { ownerReferences } : {}), ...(options.deleting ? { deletionTimestamp: iso(NOW) } : {}) },
    status: { phase: "Running", conditions: [{ type: "Ready", status: options.ready === false ? "False" : "True" }] },
  };
}

/** Controllers by the uid their pods name: ReplicaSets `a` and `b` belong to one Deployment of 3; `solo` is a bare ReplicaSet of 4. */
const finder: ControllerFinder = (ref) => {
  if (ref.uid === "uid-a" || ref.uid === "uid-b") return { uid: "uid-deployment", scale: 3 };
  if (ref.uid === "uid-solo") return { uid: "uid-solo", scale: 4 };
  return undefined;
};

const three = [pod("p1", { owner: "a" }), pod("p2", { owner: "a" }), pod("p3", { owner: "b" })];

describe("expectedPods", () => {
  const cases: { why: string; spec: Record<string, unknown>; pods: KubeObject[]; expected: { expectedCount: number; desiredHealthy: number; unmanagedPods: string[] } }[] = [
    { why: "an integer minAvailable counts the selected pods", spec: { minAvailable: 2 }, pods: three, expected: { expectedCount: 3, desiredHealthy: 2, unmanagedPods: [] } },
    {
      why: "an integer minAvailable counts unmanaged pods too, without complaint",
      spec: { minAvailable: 1 },
      pods: [pod("bare1"), pod("bare2")],
      expected: { expectedCount: 2, desiredHealthy: 1, unmanagedPods: [] },
    },
    {
      why: "a percentage minAvailable counts the controllers' scale and rounds up",
      spec: { minAvailable: "50%" },
      pods: three,
      expected: { expectedCount: 3, desiredHealthy: 2, unmanagedPods: [] },
    },
    {
      why: "ReplicaSets of one Deployment count once, at the Deployment's scale, beside a bare ReplicaSet",
      spec: { minAvailable: "100%" },
      pods: [...three, pod("s1", { owner: "solo" })],
      expected: { expectedCount: 7, desiredHealthy: 7, unmanagedPods: [] },
    },
    { why: "an integer maxUnavailable is taken from the scale", spec: { maxUnavailable: 1 }, pods: three, expected: { expectedCount: 3, desiredHealthy: 2, unmanagedPods: [] } },
    {
      why: "a percentage maxUnavailable rounds up, so fewer pods must stay",
      spec: { maxUnavailable: "34%" },
      pods: three,
      expected: { expectedCount: 3, desiredHealthy: 1, unmanagedPods: [] },
    },
    { why: "desiredHealthy never goes below zero", spec: { maxUnavailable: 5 }, pods: three, expected: { expectedCount: 3, desiredHealthy: 0, unmanagedPods: [] } },
    {
      why: "pods without a controller are listed and left out of a scale",
      spec: { maxUnavailable: "50%" },
      pods: [...three, pod("bare")],
      expected: { expectedCount: 3, desiredHealthy: 1, unmanagedPods: ["bare"] },
    },
    { why: "a budget with neither field expects nothing", spec: {}, pods: three, expected: { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] } },
  ];
  for (const { why, spec, pods, expected } of cases) {
    test(why, () => {
      assert.deepEqual(expectedPods(budget(spec), pods, finder), { ok: true, ...expected });
    });
  }

  test("a pod whose controller cannot be found is an error", () => {
    const orphaned = pod("lost", { owner: "gone" });
    assert.deepEqual(expectedPods(budget({ minAvailable: "50%" }), [...three, orphaned], finder), { ok: false, error: 'found no controllers for pod "lost"' });
  });
});

describe("disruptedPods and countHealthy", () => {
  const fresh = iso(NOW - 10_000);
  const stale = iso(NOW - DELETION_TIMEOUT_MS - 1000);

  test("evictions are kept for live pods until they expire, and the earliest expiry is when to look again", () => {
    const pods = [pod("fresh"), pod("stale"), pod("gone-soon", { deleting: true }), pod("other")];
    const recorded = budget({ minAvailable: 1 }, { disruptedPods: { fresh, stale, "gone-soon": fresh, missing: fresh } });
    assert.deepEqual(disruptedPods(recorded, pods, NOW), { pods: { fresh }, expired: ["stale"], recheckAtMs: Date.parse(fresh) + DELETION_TIMEOUT_MS });
  });

  test("healthy means ready, not being deleted and not recently evicted", () => {
    const pods = [pod("ready"), pod("unready", { ready: false }), pod("deleting", { deleting: true }), pod("evicted"), pod("long-ago")];
    assert.equal(countHealthy(pods, { evicted: fresh, "long-ago": stale }, NOW), 2);
  });
});

describe("nextBudgetStatus", () => {
  const now = new Date(NOW);

  test("allows the healthy pods above the desired count, with the condition saying so", () => {
    const status = nextBudgetStatus(budget({ minAvailable: 2 }, undefined, 3), { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, disruptedPods: {} }, now);
    assert.deepEqual(status, {
      observedGeneration: 3,
      disruptionsAllowed: 1,
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      conditions: [{ type: "DisruptionAllowed", status: "True", reason: "SufficientPods", message: "", observedGeneration: 3, lastTransitionTime: iso(NOW) }],
    });
  });

  test("allows nothing while no pods are expected, or too few are healthy", () => {
    const none = nextBudgetStatus(budget({ minAvailable: 0 }), { currentHealthy: 2, desiredHealthy: 0, expectedCount: 0, disruptedPods: {} }, now);
    assert.equal(none?.disruptionsAllowed, 0);
    const short = nextBudgetStatus(budget({ minAvailable: 3 }), { currentHealthy: 2, desiredHealthy: 3, expectedCount: 3, disruptedPods: { p: iso(NOW) } }, now);
    assert.equal(short?.disruptionsAllowed, 0);
    assert.deepEqual(short?.disruptedPods, { p: iso(NOW) });
    assert.deepEqual(
      short?.conditions?.map((c) => [c.status, c.reason]),
      [["False", "InsufficientPods"]],
    );
  });

  test("returns nothing when the status already says the same, and keeps the transition time of an unchanged condition", () => {
    const counts = { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, disruptedPods: {} };
    const first = nextBudgetStatus(budget({ minAvailable: 2 }), counts, new Date(NOW - 60_000));
    assert.ok(first);
    assert.equal(nextBudgetStatus(budget({ minAvailable: 2 }, first), counts, now), undefined);
    const more = nextBudgetStatus(budget({ minAvailable: 2 }, first), { ...counts, currentHealthy: 4 }, now);
    assert.equal(more?.conditions?.[0]?.lastTransitionTime, iso(NOW - 60_000));
    const flipped = nextBudgetStatus(budget({ minAvailable: 2 }, first), { ...counts, currentHealthy: 2 }, now);
    assert.equal(flipped?.conditions?.[0]?.lastTransitionTime, iso(NOW));
  });

  test("a newer generation is written even when the counts are the same", () => {
    const counts = { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, disruptedPods: {} };
    const first = nextBudgetStatus(budget({ minAvailable: 2 }), counts, now);
    assert.equal(nextBudgetStatus(budget({ minAvailable: 2 }, first, 2), counts, now)?.observedGeneration, 2);
  });
});

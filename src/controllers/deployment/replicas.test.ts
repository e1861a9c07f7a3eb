import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import { maxSurge, maxUnavailable, newReplicaSetReplicas, resolveFenceposts, scaledValue } from "./replicas.js";

const fenceposts = [
  { surge: "25%", unavailable: "25%", desired: 10, want: { surge: 3, unavailable: 2 } },
  { surge: "25%", unavailable: "25%", desired: 3, want: { surge: 1, unavailable: 0 } },
  { surge: 0, unavailable: "1%", desired: 2, want: { surge: 0, unavailable: 1 } },
  { surge: "1%", unavailable: 0, desired: 2, want: { surge: 1, unavailable: 0 } },
  { surge: 2, unavailable: 1, desired: 5, want: { surge: 2, unavailable: 1 } },
  { surge: "0%", unavailable: "0%", desired: 4, want: { surge: 0, unavailable: 1 } },
] as const;

for (const c of fenceposts) {
  test(`resolveFenceposts(${c.surge}, ${c.unavailable}, ${c.desired}): surge rounds up, unavailability down, never both zero`, () => {
    assert.deepEqual(resolveFenceposts(c.surge, c.unavailable, c.desired), c.want);
  });
}

test("scaledValue reads counts and percentages", () => {
  assert.equal(scaledValue(undefined, 10, true), 0);
  assert.equal(scaledValue(4, 10, true), 4);
  assert.equal(scaledValue("33%", 10, true), 4);
  assert.equal(scaledValue("33%", 10, false), 3);
});

function deployment(replicas: number, surge: number | string, unavailable: number | string, type = "RollingUpdate"): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: { replicas, strategy: { type, rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } },
  };
}

const rs = (replicas: number): KubeObject => ({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: `rs-${replicas}` }, spec: { replicas } });

test("maxUnavailable never exceeds the desired count; Recreate has no surge or unavailability budget", () => {
  assert.equal(maxUnavailable(deployment(2, 0, 5)), 2);
  assert.equal(maxUnavailable(deployment(0, 0, 5)), 0);
  assert.equal(maxSurge(deployment(4, 2, 0, "Recreate")), 0);
});

const growth = [
  { name: "starts with the surge", d: deployment(4, 1, 0), old: [4], current: 0, want: 1 },
  { name: "cannot grow while at the surge limit", d: deployment(4, 1, 0), old: [4], current: 1, want: 1 },
  { name: "grows as old pods go", d: deployment(4, 1, 0), old: [2], current: 2, want: 3 },
  { name: "never beyond the desired count", d: deployment(4, 3, 0), old: [1], current: 3, want: 4 },
  { name: "Recreate takes everything at once", d: deployment(4, 1, 0, "Recreate"), old: [], current: 0, want: 4 },
];

for (const c of growth) {
  test(`newReplicaSetReplicas: ${c.name}`, () => {
    const newRS = rs(c.current);
    assert.equal(newReplicaSetReplicas(c.d, [...c.old.map(rs), newRS], newRS), c.want);
  });
}

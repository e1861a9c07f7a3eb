import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import { planRollingUpdate, updateBudget } from "./rolling.js";
import type { DaemonSet } from "./pods.js";

const NEW = "new";
const nodes = new Map(["a", "b", "c", "d"].map((name) => [name, { apiVersion: "v1", kind: "Node", metadata: { name } } as KubeObject]));

function ds(rollingUpdate: Record<string, unknown>): DaemonSet {
  return { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent" }, spec: { updateStrategy: { type: "RollingUpdate", rollingUpdate } } };
}

/** `a:old+` is an old available pod on a, `a:new-` a new unavailable one. */
function pods(spec: string): Map<string, KubeObject[]> {
  const result = new Map<string, KubeObject[]>();
  for (const item of spec.split(" ").filter(Boolean)) {
    const [node = "", rest = ""] = item.split(":");
    const hash = rest.slice(0, -1);
    const available = rest.endsWith("+");
    const pod: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `${node}-${hash}`, labels: { "controller-revision-hash": hash } },
      status: { phase: "Running", conditions: [{ type: "Ready", status: available ? "True" : "False" }] },
    };
    result.set(node, [...(result.get(node) ?? []), pod]);
  }
  return result;
}

const cases: { name: string; rollingUpdate: Record<string, unknown>; pods: string; delete: string[]; createOn: string[] }[] = [
  { name: "one old pod at a time without surge", rollingUpdate: { maxUnavailable: 1 }, pods: "a:old+ b:old+ c:old+ d:old+", delete: ["a-old"], createOn: [] },
  { name: "no deletion while a new pod is unavailable", rollingUpdate: { maxUnavailable: 1 }, pods: "a:new- b:old+ c:old+ d:old+", delete: [], createOn: [] },
  { name: "unavailable old pods are replaced beyond the budget", rollingUpdate: { maxUnavailable: 1 }, pods: "a:old- b:old- c:old+ d:old+", delete: ["a-old", "b-old", "c-old"], createOn: [] },
  { name: "a percentage rounds up", rollingUpdate: { maxUnavailable: "30%" }, pods: "a:old+ b:old+ c:old+ d:old+", delete: ["a-old", "b-old"], createOn: [] },
  { name: "surge starts new pods beside old ones", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }, pods: "a:old+ b:old+ c:old+ d:old+", delete: [], createOn: ["a"] },
  { name: "surge removes an old pod once its new one is available", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }, pods: "a:old+ a:new+ b:old+ c:old+ d:old+", delete: ["a-old"], createOn: ["b"] },
  { name: "surge waits for a new pod to become available", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }, pods: "a:old+ a:new- b:old+ c:old+ d:old+", delete: [], createOn: [] },
  { name: "surge replaces unavailable old pods at once", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }, pods: "a:old- b:old- c:new+ d:new+", delete: [], createOn: ["a", "b"] },
];

for (const c of cases) {
  test(`planRollingUpdate: ${c.name}`, () => {
    const plan = planRollingUpdate({ ds: ds(c.rollingUpdate), nodes, podsByNode: pods(c.pods), hash: NEW, now: Date.now() });
    assert.deepEqual(plan.delete.map((p) => p.metadata.name), c.delete);
    assert.deepEqual(plan.createOn, c.createOn);
  });
}

test("updateBudget falls back to one unavailable node when both are zero", () => {
  assert.deepEqual(updateBudget(ds({ maxUnavailable: 0, maxSurge: 0 }), 5), { maxSurge: 0, maxUnavailable: 1 });
  assert.deepEqual(updateBudget(ds({ maxUnavailable: "10%", maxSurge: 0 }), 25), { maxSurge: 0, maxUnavailable: 3 });
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../types.js";
import type { Toleration } from "./pod-types.js";
import { defaultTolerations, reconcileTaints, toleratesTaint, type Taint } from "./node-taints.js";

const unreachable = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" } satisfies Taint;

const toleration: { name: string; toleration: Toleration; taint: Taint; tolerates: boolean }[] = [
  { name: "Exists on the key", toleration: { key: unreachable.key, operator: "Exists" }, taint: unreachable, tolerates: true },
  { name: "Exists without a key tolerates everything", toleration: { operator: "Exists" }, taint: unreachable, tolerates: true },
  { name: "another effect", toleration: { key: unreachable.key, operator: "Exists", effect: "NoSchedule" }, taint: unreachable, tolerates: false },
  { name: "Equal needs the value", toleration: { key: "gpu", value: "a" }, taint: { key: "gpu", value: "b", effect: "NoSchedule" }, tolerates: false },
  { name: "Equal with the value", toleration: { key: "gpu", operator: "Equal", value: "a" }, taint: { key: "gpu", value: "a", effect: "NoSchedule" }, tolerates: true },
  { name: "another key", toleration: { key: "gpu", operator: "Exists" }, taint: unreachable, tolerates: false },
];

for (const c of toleration) {
  test(`toleratesTaint: ${c.name}`, () => assert.equal(toleratesTaint(c.toleration, c.taint), c.tolerates));
}

function podWith(tolerations: Toleration[] | undefined): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [], ...(tolerations ? { tolerations: [...tolerations] } : {}) } };
}

const defaults: { name: string; given: Toleration[] | undefined; added: string[] }[] = [
  { name: "a pod without tolerations gets both", given: undefined, added: ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] },
  { name: "its own unreachable toleration is kept", given: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 }], added: ["node.kubernetes.io/not-ready"] },
  { name: "a toleration of everything covers both", given: [{ operator: "Exists" }], added: [] },
  { name: "a NoSchedule toleration covers nothing", given: [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" }], added: ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] },
];

for (const c of defaults) {
  test(`defaultTolerations: ${c.name}`, () => {
    const pod = podWith(c.given);
    defaultTolerations(pod);
    const added = ((pod.spec as { tolerations: Toleration[] }).tolerations ?? []).slice(c.given?.length ?? 0);
    assert.deepEqual(added.map((t) => t.key), c.added);
    for (const t of added) assert.deepEqual({ operator: t.operator, effect: t.effect, tolerationSeconds: t.tolerationSeconds }, { operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 });
  });
}

function node(ready: string | undefined, taints: Taint[] = [], extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "n" },
    spec: { taints, ...extra },
    status: { conditions: ready ? [{ type: "Ready", status: ready }] : [] },
  };
}

const keys = (taints: Taint[] | undefined) => taints?.map((t) => `${t.key ?? ""}:${t.effect ?? ""}`);
const NOW = "2025-01-01T00:00:00Z";

const taints: { name: string; node: KubeObject; want: string[] | undefined }[] = [
  { name: "a ready node needs none", node: node("True"), want: undefined },
  { name: "an unknown node is unreachable", node: node("Unknown"), want: ["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"] },
  {
    name: "not ready replaces unreachable, keeping foreign taints",
    node: node("False", [{ key: "dedicated", value: "db", effect: "NoSchedule" }, { key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: "x" }]),
    want: ["dedicated:NoSchedule", "node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute"],
  },
  { name: "recovery removes them", node: node("True", [{ key: "node.kubernetes.io/unreachable", effect: "NoExecute" }]), want: [] },
  { name: "a cordoned node is unschedulable", node: node("True", [], { unschedulable: true }), want: ["node.kubernetes.io/unschedulable:NoSchedule"] },
  { name: "a node that never reported is left alone", node: node(undefined), want: undefined },
];

for (const c of taints) {
  test(`reconcileTaints: ${c.name}`, () => {
    const result = reconcileTaints(c.node, NOW);
    assert.deepEqual(keys(result), c.want);
    for (const taint of result ?? []) if (taint.key?.startsWith("node.kubernetes.io/")) assert.equal(taint.timeAdded, NOW);
  });
}

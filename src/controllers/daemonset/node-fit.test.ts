import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import type { PodSpec } from "../../apis/common/pod-types.js";
import { daemonTolerations, nodeShouldRunDaemonPod, type NodeVerdict } from "./node-fit.js";

function node(labels: Record<string, string>, taints: { key: string; effect: string; value?: string }[] = []): KubeObject {
  return { apiVersion: "v1", kind: "Node", metadata: { name: "n1", labels }, spec: { taints } };
}

const RUN: NodeVerdict = { shouldRun: true, shouldContinueRunning: true };
const NEVER: NodeVerdict = { shouldRun: false, shouldContinueRunning: false };
const STAY: NodeVerdict = { shouldRun: false, shouldContinueRunning: true };

const affinity = (operator: string, values: string[], key = "zone"): PodSpec => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values }] }] } } },
});

const cases: { name: string; spec: PodSpec; node: KubeObject; verdict: NodeVerdict }[] = [
  { name: "any node without constraints", spec: {}, node: node({}), verdict: RUN },
  { name: "nodeName elsewhere", spec: { nodeName: "n2" }, node: node({}), verdict: NEVER },
  { name: "nodeSelector matches", spec: { nodeSelector: { disk: "ssd" } }, node: node({ disk: "ssd" }), verdict: RUN },
  { name: "nodeSelector does not match", spec: { nodeSelector: { disk: "ssd" } }, node: node({ disk: "hdd" }), verdict: NEVER },
  { name: "affinity In", spec: affinity("In", ["a", "b"]), node: node({ zone: "b" }), verdict: RUN },
  { name: "affinity NotIn on a missing label", spec: affinity("NotIn", ["a"]), node: node({}), verdict: RUN },
  { name: "affinity Gt", spec: affinity("Gt", ["4"], "cores"), node: node({ cores: "8" }), verdict: RUN },
  { name: "affinity Lt fails", spec: affinity("Lt", ["4"], "cores"), node: node({ cores: "8" }), verdict: NEVER },
  {
    name: "affinity on the node's name",
    spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] }] } } } },
    node: node({}),
    verdict: RUN,
  },
  { name: "an untolerated NoSchedule taint keeps new pods away but lets one stay", spec: {}, node: node({}, [{ key: "gpu", effect: "NoSchedule" }]), verdict: STAY },
  { name: "an untolerated NoExecute taint removes the pod", spec: {}, node: node({}, [{ key: "gpu", effect: "NoExecute" }]), verdict: NEVER },
  { name: "a tolerated taint", spec: { tolerations: [{ key: "gpu", operator: "Exists" }] }, node: node({}, [{ key: "gpu", effect: "NoSchedule" }]), verdict: RUN },
  { name: "unreachable nodes keep daemon pods", spec: {}, node: node({}, [{ key: "node.kubernetes.io/unreachable", effect: "NoExecute" }]), verdict: RUN },
  { name: "cordoned nodes run daemon pods", spec: {}, node: node({}, [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }]), verdict: RUN },
  { name: "no network only for host-network pods", spec: {}, node: node({}, [{ key: "node.kubernetes.io/network-unavailable", effect: "NoSchedule" }]), verdict: STAY },
  { name: "host-network pods run without network", spec: { hostNetwork: true }, node: node({}, [{ key: "node.kubernetes.io/network-unavailable", effect: "NoSchedule" }]), verdict: RUN },
];

for (const c of cases) {
  test(`nodeShouldRunDaemonPod: ${c.name}`, () => assert.deepEqual(nodeShouldRunDaemonPod(c.node, c.spec), c.verdict));
}

test("daemonTolerations replaces an equal toleration instead of adding a second", () => {
  const tolerations = daemonTolerations({ tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 }] });
  const unreachable = tolerations.filter((t) => t.key === "node.kubernetes.io/unreachable");
  assert.deepEqual(unreachable, [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" }]);
  assert.equal(tolerations.length, 6);
});

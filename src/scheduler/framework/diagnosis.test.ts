import { test } from "node:test";
import assert from "node:assert/strict";
import { fitErrorMessage, newDiagnosis } from "./diagnosis.js";
import { errorStatus, unresolvable, unschedulable } from "./status.js";
import type { Status } from "./types.js";

test("fitErrorMessage counts reasons over nodes and sorts them as kube-scheduler prints them", () => {
  const cases: [string, number, Record<string, Status>, Partial<{ pre: string; post: string; absent: string }>, string][] = [
    ["one reason", 3, { a: unschedulable("Insufficient cpu"), b: unschedulable("Insufficient cpu"), c: unschedulable("Insufficient cpu") }, {}, "0/3 nodes are available: 3 Insufficient cpu."],
    [
      "several reasons per node, sorted",
      2,
      { a: unschedulable("Insufficient memory", "Insufficient cpu"), b: unresolvable("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }") },
      {},
      "0/2 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.",
    ],
    [
      "counts sort as strings",
      12,
      Object.fromEntries([...Array(12).keys()].map((i) => [`n${i}`, i < 10 ? unschedulable("Too many pods") : unresolvable("node(s) were unschedulable")])),
      {},
      "0/12 nodes are available: 10 Too many pods, 2 node(s) were unschedulable.",
    ],
    ["a PreFilter message replaces the node reasons", 2, { a: unresolvable("x"), b: unresolvable("x") }, { pre: "pod has unbound PVCs" }, "0/2 nodes are available: pod has unbound PVCs."],
    [
      "preemption's message follows",
      1,
      { a: unschedulable("Insufficient cpu") },
      { post: "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod." },
      "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    ],
    ["nodes without a status count under the absent reason", 3, { a: unschedulable("Insufficient cpu") }, { absent: "Preemption is not helpful for scheduling" }, "0/3 nodes are available: 1 Insufficient cpu, 2 Preemption is not helpful for scheduling."],
    ["errors count by their message", 1, { a: errorStatus("boom") }, {}, "0/1 nodes are available: 1 boom."],
  ];
  for (const [name, total, statuses, extra, expected] of cases) {
    const diagnosis = newDiagnosis();
    for (const [node, status] of Object.entries(statuses)) diagnosis.nodeStatuses.set(node, status);
    diagnosis.preFilterMessage = extra.pre ?? "";
    diagnosis.postFilterMessage = extra.post ?? "";
    diagnosis.absentNodesReason = extra.absent ?? "";
    assert.equal(fitErrorMessage(total, diagnosis), expected, name);
  }
});

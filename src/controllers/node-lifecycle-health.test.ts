import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../apis/types.js";
import { Heartbeats, silencedConditions, type NodeCondition } from "./node-lifecycle-health.js";

function node(conditions: NodeCondition[] | undefined): KubeObject {
  return { apiVersion: "v1", kind: "Node", metadata: { name: "n", creationTimestamp: "2025-01-01T00:00:00Z" }, status: conditions ? { conditions } : {} };
}

function lease(renewTime: string): KubeObject {
  return { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "n", namespace: "kube-node-lease" }, spec: { renewTime } };
}

const NOW = "2025-01-02T00:00:00Z";

test("silencedConditions turns Ready and the pressure conditions Unknown, with upstream's reason and message", () => {
  const conditions = silencedConditions(node([{ type: "Ready", status: "True", lastHeartbeatTime: "t0" }, { type: "MemoryPressure", status: "False" }]), NOW);
  const byType = new Map(conditions?.map((c) => [c.type, c]));
  assert.deepEqual(byType.get("Ready"), {
    type: "Ready",
    status: "Unknown",
    reason: "NodeStatusUnknown",
    message: "Kubelet stopped posting node status.",
    lastHeartbeatTime: "t0",
    lastTransitionTime: NOW,
  });
  assert.equal(byType.get("MemoryPressure")?.status, "Unknown");
  assert.deepEqual(byType.get("DiskPressure"), {
    type: "DiskPressure",
    status: "Unknown",
    reason: "NodeStatusNeverUpdated",
    message: "Kubelet never posted node status.",
    lastHeartbeatTime: "2025-01-01T00:00:00Z",
    lastTransitionTime: NOW,
  });
  assert.equal(silencedConditions(node(conditions), NOW), undefined);
});

test("Heartbeats count lease renewals and Ready changes, but not the controller's own writes", () => {
  const heartbeats = new Heartbeats({ gracePeriodMs: 1000, startupGracePeriodMs: 5000 });
  const ready = node([{ type: "Ready", status: "True" }]);
  heartbeats.observeNode(ready, 0);
  assert.equal(heartbeats.remaining(ready, 400), 600);
  heartbeats.observeLease(lease("2025-01-01T00:00:01.000000Z"), 500);
  assert.equal(heartbeats.remaining(ready, 900), 600);
  // The same renewTime again is no heartbeat.
  heartbeats.observeLease(lease("2025-01-01T00:00:01.000000Z"), 800);
  assert.equal(heartbeats.remaining(ready, 900), 600);
  const unknown: NodeCondition = { type: "Ready", status: "Unknown" };
  heartbeats.expectReady("n", unknown);
  heartbeats.observeNode(node([unknown]), 2000);
  assert.equal(heartbeats.remaining(ready, 2000), -500);
  // A node that never reported Ready gets the startup grace period.
  assert.equal(heartbeats.remaining(node(undefined), 2000), 3500);
});

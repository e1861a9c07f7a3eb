import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../types.js";
import { findVolume, volumeFitsNode, volumeServes, type Claim, type Volume } from "./volume-matching.js";

const claim = (spec: Claim["spec"] = {}): Claim => ({
  apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "ns", uid: "c1" },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName: "manual", ...spec },
});
const volume = (name: string, spec: Volume["spec"] = {}, phase = "Available"): Volume => ({
  apiVersion: "v1", kind: "PersistentVolume", metadata: { name, labels: { tier: "fast" } },
  spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce", "ReadOnlyMany"], storageClassName: "manual", ...spec },
  status: { phase },
});
const node = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Node", metadata: { name, labels: { "kubernetes.io/hostname": name } } });
const pinned = (host: string): Volume["spec"] => ({ nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [host] }] }] } } });

test("a volume serves a claim of its class, modes, mode and size, and matching the selector", () => {
  assert.equal(volumeServes(volume("v"), claim()), true);
  assert.equal(volumeServes(volume("v", { capacity: { storage: "512Mi" } }), claim()), false);
  assert.equal(volumeServes(volume("v", { storageClassName: "other" }), claim()), false);
  assert.equal(volumeServes(volume("v"), claim({ accessModes: ["ReadWriteMany"] })), false);
  assert.equal(volumeServes(volume("v"), claim({ volumeMode: "Block" })), false);
  assert.equal(volumeServes(volume("v"), claim({ selector: { matchLabels: { tier: "slow" } } })), false);
});

test("findVolume prefers the volume reserved for the claim, then the smallest free one reachable from the node", () => {
  const big = volume("big", { capacity: { storage: "10Gi" } });
  const small = volume("small", { capacity: { storage: "2Gi" } });
  const elsewhere = volume("elsewhere", { capacity: { storage: "1Gi" }, ...pinned("b") });
  assert.equal(findVolume(claim(), [big, small, elsewhere], node("a"))?.metadata.name, "small");
  assert.equal(findVolume(claim(), [big, small, elsewhere])?.metadata.name, "elsewhere");
  const reserved = volume("reserved", { capacity: { storage: "100Gi" }, claimRef: { namespace: "ns", name: "data" } });
  assert.equal(findVolume(claim(), [small, reserved])?.metadata.name, "reserved");
  const taken = volume("taken", { claimRef: { namespace: "ns", name: "other", uid: "x" } }, "Bound");
  assert.equal(findVolume(claim(), [taken]), undefined);
  assert.equal(volumeFitsNode(elsewhere, node("b")), true);
  assert.equal(volumeFitsNode(elsewhere, node("a")), false);
});

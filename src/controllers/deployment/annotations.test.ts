import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import { lastRevision, setDeploymentAnnotationsTo, setNewReplicaSetAnnotations } from "./annotations.js";

const object = (kind: string, annotations: Record<string, string>): KubeObject => ({ apiVersion: "apps/v1", kind, metadata: { name: "web", annotations } });

test("a new ReplicaSet gets the Deployment's annotations, a revision and its replica counts", () => {
  const d = object("Deployment", { "kubernetes.io/change-cause": "set image", "kubectl.kubernetes.io/last-applied-configuration": "{}" });
  const rs = object("ReplicaSet", {});
  assert.ok(setNewReplicaSetAnnotations(d, rs, { revision: 1, exists: false, desired: 3, max: 4 }));
  assert.deepEqual(rs.metadata.annotations, {
    "kubernetes.io/change-cause": "set image",
    "deployment.kubernetes.io/revision": "1",
    "deployment.kubernetes.io/desired-replicas": "3",
    "deployment.kubernetes.io/max-replicas": "4",
  });
  assert.ok(!setNewReplicaSetAnnotations(d, rs, { revision: 1, exists: true, desired: 3, max: 4 }), "nothing left to change");
});

test("a ReplicaSet brought back gets the next revision and remembers the ones it served", () => {
  const d = object("Deployment", {});
  const rs = object("ReplicaSet", { "deployment.kubernetes.io/revision": "3", "deployment.kubernetes.io/revision-history": "1" });
  assert.ok(setNewReplicaSetAnnotations(d, rs, { revision: 5, exists: true, desired: 1, max: 2 }));
  assert.equal(rs.metadata.annotations?.["deployment.kubernetes.io/revision"], "5");
  assert.equal(rs.metadata.annotations?.["deployment.kubernetes.io/revision-history"], "1,3");
  assert.ok(!setNewReplicaSetAnnotations(d, rs, { revision: 4, exists: true, desired: 1, max: 2 }), "never lowered");
});

test("lastRevision is the second highest revision", () => {
  const revisions = ["4", "2", "7", "x"].map((r) => object("ReplicaSet", { "deployment.kubernetes.io/revision": r }));
  assert.equal(lastRevision(revisions), 4);
  assert.equal(lastRevision([object("ReplicaSet", { "deployment.kubernetes.io/revision": "1" })]), 0);
});

test("a rollback takes the ReplicaSet's annotations but keeps the Deployment's own revision", () => {
  const d = object("Deployment", { "deployment.kubernetes.io/revision": "4", "kubernetes.io/change-cause": "v2" });
  setDeploymentAnnotationsTo(d, object("ReplicaSet", { "deployment.kubernetes.io/revision": "1", "kubernetes.io/change-cause": "v1" }));
  assert.deepEqual(d.metadata.annotations, { "deployment.kubernetes.io/revision": "4", "kubernetes.io/change-cause": "v1" });
});

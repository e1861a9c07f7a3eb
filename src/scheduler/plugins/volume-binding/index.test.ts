import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../../apis/types.js";
import type { ObjectLister, PluginHandle } from "../../framework/index.js";
import { cycleFor, makeNode, makeNodeInfo, makePod } from "../_test-kit.js";
import { MISSING_VOLUME, NODE_CONFLICT, NO_VOLUME_TO_BIND, SELECTED_ELSEWHERE, UNBOUND_IMMEDIATE, newVolumeBinding } from "./index.js";

/** A cache over a plain list, keyed like an informer. */
function lister(objects: KubeObject[]): ObjectLister {
  return {
    get: (namespace, name) => objects.find((o) => (o.metadata.namespace ?? "") === namespace && o.metadata.name === name),
    list: () => objects,
  };
}

function handle(objects: { claims?: KubeObject[]; volumes?: KubeObject[]; classes?: KubeObject[] }, updateClaim: PluginHandle["updateClaim"] = async (c) => c): PluginHandle {
  return { claims: lister(objects.claims ?? []), volumes: lister(objects.volumes ?? []), storageClasses: lister(objects.classes ?? []), updateClaim };
}

const wffc = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "local-path" }, provisioner: "mini.dev/local-path", volumeBindingMode: "WaitForFirstConsumer" };
const manual = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "manual" }, provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: "WaitForFirstConsumer" };
const immediate = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "fast" }, provisioner: "x.dev/fast", volumeBindingMode: "Immediate" };
const claim = (name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, namespace: "default", uid: `uid-${name}`, annotations },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
});
const podUsing = (...claims: string[]) => makePod({ spec: { volumes: claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })) } });
const nodes = [makeNodeInfo(makeNode("a")), makeNodeInfo(makeNode("b"))];

test("PreFilter skips pods without claims and rejects missing, deleting and unbound immediate claims", () => {
  const plugin = newVolumeBinding(handle({ claims: [claim("gone", {}), claim("now", { storageClassName: "fast" })], classes: [immediate] }));
  assert.deepEqual(plugin.preFilter(cycleFor(makePod(), nodes)), { code: "Skip" });
  assert.deepEqual(plugin.preFilter(cycleFor(podUsing("nope"), nodes)), { code: "UnschedulableAndUnresolvable", reasons: ['persistentvolumeclaim "nope" not found'] });
  assert.deepEqual(plugin.preFilter(cycleFor(podUsing("now"), nodes)), { code: "UnschedulableAndUnresolvable", reasons: [UNBOUND_IMMEDIATE] });
  const deleting = { ...claim("gone", {}), metadata: { ...claim("gone", {}).metadata, deletionTimestamp: "2026-01-01T00:00:00Z" } };
  const withDeleting = newVolumeBinding(handle({ claims: [deleting] }));
  assert.deepEqual(withDeleting.preFilter(cycleFor(podUsing("gone"), nodes)), { code: "UnschedulableAndUnresolvable", reasons: ['persistentvolumeclaim "gone" is being deleted'] });
  const unboundVolume = newVolumeBinding(handle({ claims: [claim("lost", { volumeName: "pv-x" })] }));
  assert.deepEqual(unboundVolume.preFilter(cycleFor(podUsing("lost"), nodes)), { code: "UnschedulableAndUnresolvable", reasons: [MISSING_VOLUME] });
});

test("Filter keeps the nodes that reach bound volumes and can serve waiting claims", () => {
  const pinnedToB = { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pv-b" }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], storageClassName: "manual", nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["b"] }] }] } } }, status: { phase: "Available" } };
  const bound = newVolumeBinding(handle({ claims: [claim("db", { volumeName: "pv-b", storageClassName: "manual" })], volumes: [{ ...pinnedToB, status: { phase: "Bound" } }] }));
  const state = cycleFor(podUsing("db"), nodes);
  assert.deepEqual(bound.preFilter(state), { code: "Success" });
  assert.deepEqual(bound.filter(state, nodes[0]!), { code: "UnschedulableAndUnresolvable", reasons: [NODE_CONFLICT] });
  assert.deepEqual(bound.filter(state, nodes[1]!), { code: "Success" });

  // A claim of a class with no provisioner needs a free volume the node can reach.
  const waiting = newVolumeBinding(handle({ claims: [claim("w", { storageClassName: "manual" })], volumes: [pinnedToB], classes: [manual] }));
  const waitState = cycleFor(podUsing("w"), nodes);
  assert.deepEqual(waiting.preFilter(waitState), { code: "Success" });
  assert.deepEqual(waiting.filter(waitState, nodes[0]!), { code: "Unschedulable", reasons: [NO_VOLUME_TO_BIND] });
  assert.deepEqual(waiting.filter(waitState, nodes[1]!), { code: "Success" });

  // With a provisioner any node will do, unless another pod's binding already chose one.
  const provisioned = newVolumeBinding(handle({ claims: [claim("p", { storageClassName: "local-path" }), claim("chosen", { storageClassName: "local-path" }, { "volume.kubernetes.io/selected-node": "b" })], classes: [wffc] }));
  const provState = cycleFor(podUsing("p"), nodes);
  assert.deepEqual(provisioned.preFilter(provState), { code: "Success" });
  assert.deepEqual(provisioned.filter(provState, nodes[0]!), { code: "Success" });
  const chosenState = cycleFor(podUsing("chosen"), nodes);
  assert.deepEqual(provisioned.preFilter(chosenState), { code: "Success" });
  assert.deepEqual(provisioned.filter(chosenState, nodes[0]!), { code: "UnschedulableAndUnresolvable", reasons: [SELECTED_ELSEWHERE] });
  assert.deepEqual(provisioned.filter(chosenState, nodes[1]!), { code: "Success" });
});

test("PreBind writes the selected node on waiting claims and returns once they are bound", async () => {
  const claims = [claim("p", { storageClassName: "local-path" })];
  const written: KubeObject[] = [];
  const plugin = newVolumeBinding(handle({ claims, classes: [wffc] }, async (update) => {
    const updated: KubeObject = { ...update, metadata: { ...update.metadata, resourceVersion: "2" } };
    written.push(updated);
    // The cache sees the write late, and the binder's answer comes later still.
    setTimeout(() => {
      claims[0] = updated;
    }, 60);
    setTimeout(() => {
      claims[0] = { ...updated, metadata: { ...updated.metadata, resourceVersion: "3", annotations: { ...updated.metadata.annotations, "pv.kubernetes.io/bind-completed": "yes" } }, spec: { ...(updated.spec as object), volumeName: "pvc-1" } };
    }, 150);
    return updated;
  }));
  const state = cycleFor(podUsing("p"), nodes);
  plugin.preFilter(state);
  assert.deepEqual(await plugin.preBind(state, "b"), { code: "Success" });
  assert.equal(written[0]?.metadata.annotations?.["volume.kubernetes.io/selected-node"], "b");

  // Nobody binds this one: PreBind gives up after its timeout.
  const slowClaims = [claim("q", { storageClassName: "local-path" })];
  const slow = newVolumeBinding(handle({ claims: slowClaims, classes: [wffc] }, async (update) => {
    slowClaims[0] = update;
    return update;
  }), { bindTimeoutMs: 100 });
  const slowState = cycleFor(podUsing("q"), nodes);
  slow.preFilter(slowState);
  assert.deepEqual(await slow.preBind(slowState, "a"), { code: "Error", message: "binding volumes: context deadline exceeded" });
});

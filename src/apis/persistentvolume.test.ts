import { test } from "node:test";
import assert from "node:assert/strict";
import { persistentVolumeKind } from "./persistentvolume.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const spec = { capacity: { storage: "5Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/data" } };
const volume = (fields: Record<string, unknown>) => object(persistentVolumeKind, fields, "pv-1");
const affinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["n1"] }] }] } };

test("PersistentVolume defaults and starts Pending", () => {
  const { object: created, errors } = create(persistentVolumeKind, volume({ spec, status: { phase: "Bound" } }));
  assert.deepEqual(errors, []);
  assert.deepEqual(created["spec"], { ...spec, hostPath: { path: "/data", type: "" }, persistentVolumeReclaimPolicy: "Retain", volumeMode: "Filesystem" });
  assert.equal((created["status"] as { phase: string }).phase, "Pending");
  assert.equal(persistentVolumeKind.schema.properties?.["spec"]?.properties?.["persistentVolumeReclaimPolicy"]?.enum?.join(), "Delete,Recycle,Retain");
});

test("PersistentVolume validation", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", spec, []],
    ["local with affinity", { ...spec, hostPath: undefined, local: { path: "/mnt/disk" }, nodeAffinity: affinity }, []],
    ["no capacity", { ...spec, capacity: {} }, ["spec.capacity: Required value"]],
    ["other capacity", { ...spec, capacity: { storage: "1Gi", cpu: "1" } }, ['spec.capacity: Unsupported value: "cpu": supported values: "storage"']],
    ["no access modes", { ...spec, accessModes: undefined }, ["spec.accessModes: Required value: at least 1 access mode is required"]],
    ["bad policy", { ...spec, persistentVolumeReclaimPolicy: "Keep" }, ['spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"']],
    ["no source", { ...spec, hostPath: undefined }, ["spec: Required value: must specify a volume type"]],
    ["two sources", { ...spec, nfs: { server: "s", path: "/" } }, ["spec.nfs: Forbidden: may not specify more than 1 volume type"]],
    ["hostPath without path", { ...spec, hostPath: {} }, ["spec.hostPath.path: Required value"]],
    ["local without affinity", { ...spec, hostPath: undefined, local: { path: "/mnt" } }, ["spec.nodeAffinity: Required value: Local volume requires node affinity"]],
  ];
  for (const [name, s, want] of cases) assert.deepEqual(create(persistentVolumeKind, volume({ spec: s })).errors, want, name);
});

test("PersistentVolume source and volumeMode are immutable", () => {
  const old = create(persistentVolumeKind, volume({ spec })).object;
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["grow and bind", { ...spec, capacity: { storage: "10Gi" }, claimRef: { namespace: "default", name: "data" } }, []],
    ["source", { ...spec, hostPath: { path: "/other" } }, ["spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation"]],
    ["volume mode", { ...spec, volumeMode: "Block" }, ['volumeMode: Invalid value: "Block": field is immutable']],
  ];
  for (const [name, s, want] of cases) assert.deepEqual(update(persistentVolumeKind, volume({ spec: s }), old).errors, want, name);
});

test("PersistentVolume columns", () => {
  const bound = volume({
    spec: { ...spec, accessModes: ["ReadWriteMany", "ReadOnlyMany"], persistentVolumeReclaimPolicy: "Delete", storageClassName: "standard", claimRef: { namespace: "default", name: "data" }, volumeMode: "Block" },
    status: { phase: "Bound" },
  });
  assert.deepEqual(row(persistentVolumeKind, bound), ["pv-1", "5Gi", "ROX,RWX", "Delete", "Bound", "default/data", "standard", "<unset>", "", "5m", "Block"]);
  const failed = volume({ spec: { ...spec, volumeAttributesClassName: "gold" }, status: { phase: "Failed", reason: "RecyclerFailed" } });
  assert.deepEqual(row(persistentVolumeKind, failed), ["pv-1", "5Gi", "RWO", "", "Failed", "", "", "gold", "RecyclerFailed", "5m", "<unset>"]);
  assert.deepEqual(persistentVolumeKind.columns.map((c) => `${c.name}/${c.priority}`), [
    "Name/0", "Capacity/0", "Access Modes/0", "Reclaim Policy/0", "Status/0", "Claim/0", "StorageClass/0", "VolumeAttributesClass/0", "Reason/0", "Age/0", "VolumeMode/1",
  ]);
});

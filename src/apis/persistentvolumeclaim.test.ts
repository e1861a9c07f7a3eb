import { test } from "node:test";
import assert from "node:assert/strict";
import { persistentVolumeClaimKind } from "./persistentvolumeclaim.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const spec = { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } };
const claim = (fields: Record<string, unknown>) => object(persistentVolumeClaimKind, fields, "data");

test("PersistentVolumeClaim defaults volumeMode and starts Pending", () => {
  const { object: created, errors } = create(persistentVolumeClaimKind, claim({ spec, status: { phase: "Bound" } }));
  assert.deepEqual(errors, []);
  assert.equal((created["spec"] as { volumeMode: string }).volumeMode, "Filesystem");
  assert.deepEqual(created["status"], { phase: "Pending" });
});

test("PersistentVolumeClaim validation", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", spec, []],
    ["no access modes", { ...spec, accessModes: [] }, ["spec.accessModes: Required value: at least 1 access mode is required"]],
    ["unknown mode", { ...spec, accessModes: ["ReadWriteSome"] }, [
      'spec.accessModes: Unsupported value: "ReadWriteSome": supported values: "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"',
    ]],
    ["RWOP with others", { ...spec, accessModes: ["ReadWriteOncePod", "ReadWriteOnce"] }, ["spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"]],
    ["no storage", { ...spec, resources: {} }, ["spec.resources[storage]: Required value"]],
    ["zero storage", { ...spec, resources: { requests: { storage: "0" } } }, ['spec.resources[storage]: Invalid value: "0": must be greater than zero']],
    ["bad volume mode", { ...spec, volumeMode: "Raw" }, ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"']],
  ];
  for (const [name, s, want] of cases) assert.deepEqual(create(persistentVolumeClaimKind, claim({ spec: s })).errors, want, name);
});

test("PersistentVolumeClaim spec is immutable except requests and binding", () => {
  const old = { ...create(persistentVolumeClaimKind, claim({ spec })).object, status: { phase: "Bound" } };
  const frozen = "spec: Forbidden: spec is immutable after creation except resources.requests for bound claims";
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["expand", { ...spec, resources: { requests: { storage: "2Gi" } } }, []],
    ["bind", { ...spec, volumeName: "pv-1" }, []],
    ["shrink", { ...spec, resources: { requests: { storage: "500Mi" } } }, ["spec.resources.requests.storage: Forbidden: field can not be less than previous value"]],
    ["class", { ...spec, storageClassName: "fast" }, [frozen]],
    ["limits", { ...spec, resources: { requests: { storage: "1Gi" }, limits: { storage: "2Gi" } } }, [frozen]],
  ];
  // The registry carries status over on updates; the tests do so by hand.
  for (const [name, s, want] of cases) assert.deepEqual(update(persistentVolumeClaimKind, claim({ spec: s, status: old.status }), old).errors, want, name);
  const pending = create(persistentVolumeClaimKind, claim({ spec })).object;
  assert.deepEqual(update(persistentVolumeClaimKind, claim({ spec: { ...spec, resources: { requests: { storage: "2Gi" } } }, status: pending["status"] }), pending).errors, [frozen], "expand while pending");
  const bound = create(persistentVolumeClaimKind, claim({ spec: { ...spec, volumeName: "pv-1" } })).object;
  assert.deepEqual(update(persistentVolumeClaimKind, claim({ spec: { ...spec, volumeName: "pv-2" } }), bound).errors, [frozen]);
});

test("PersistentVolumeClaim columns", () => {
  const boundClaim = claim({
    spec: { ...spec, volumeName: "pv-1", storageClassName: "standard", volumeMode: "Filesystem" },
    status: { phase: "Bound", capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOncePod", "ReadWriteOnce", "ReadWriteMany"] },
  });
  assert.deepEqual(row(persistentVolumeClaimKind, boundClaim), ["data", "Bound", "pv-1", "1Gi", "RWO,RWX,RWOP", "standard", "<unset>", "5m", "Filesystem"]);
  const pending = claim({ metadata: { annotations: { "volume.beta.kubernetes.io/storage-class": "old" } }, spec, status: { phase: "Pending" } });
  assert.deepEqual(row(persistentVolumeClaimKind, pending), ["data", "Pending", "", "", "", "old", "<unset>", "5m", "<unset>"]);
  const deleting = claim({ metadata: { deletionTimestamp: "2025-01-01T12:00:00Z" }, spec, status: { phase: "Pending" } });
  assert.equal(row(persistentVolumeClaimKind, deleting)[1], "Terminating");
  assert.deepEqual(persistentVolumeClaimKind.columns.map((c) => `${c.name}/${c.priority}`), [
    "Name/0", "Status/0", "Volume/0", "Capacity/0", "Access Modes/0", "StorageClass/0", "VolumeAttributesClass/0", "Age/0", "VolumeMode/1",
  ]);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { LOCAL_PATH_STORAGE_CLASS, storageClassKind } from "./storageclass.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const storageClass = (fields: Record<string, unknown>) => object(storageClassKind, { provisioner: "example.com/disk", ...fields }, "fast");
const zone = (values: string[]) => ({ key: "topology.kubernetes.io/zone", values });

test("StorageClass defaults reclaimPolicy and volumeBindingMode", () => {
  const created = create(storageClassKind, storageClass({})).object;
  assert.equal(created.reclaimPolicy, "Delete");
  assert.equal(created.volumeBindingMode, "Immediate");
  assert.equal(create(storageClassKind, storageClass({ reclaimPolicy: "Retain" })).object.reclaimPolicy, "Retain");
});

test("StorageClass validation", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", { parameters: { type: "ssd" }, allowedTopologies: [{ matchLabelExpressions: [zone(["a", "b"])] }] }, []],
    ["capitals in provisioner", { provisioner: "Example.com/Disk" }, []],
    ["no provisioner", { provisioner: "" }, ["provisioner: Required value"]],
    ["bad provisioner", { provisioner: "a/b/c" }, [
      'provisioner: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')',
    ]],
    ["empty parameter key", { parameters: { "": "x" } }, ['parameters: Invalid value: "": field can not be empty.']],
    ["recycle", { reclaimPolicy: "Recycle" }, ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']],
    ["binding mode", { volumeBindingMode: "Later" }, [
      'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
    ]],
    ["topology values", { allowedTopologies: [{ matchLabelExpressions: [zone([]), zone(["a", "a"])] }] }, [
      "allowedTopologies[0].matchLabelExpressions[0].values: Required value",
      'allowedTopologies[0].matchLabelExpressions[1].values[1]: Duplicate value: "a"',
      'allowedTopologies[0].matchLabelExpressions[1].key: Duplicate value: "topology.kubernetes.io/zone"',
    ]],
    ["same term twice", { allowedTopologies: [{ matchLabelExpressions: [zone(["a", "b"])] }, { matchLabelExpressions: [zone(["b", "a"])] }] }, [
      'allowedTopologies[1].matchLabelExpressions: Duplicate value: ""',
    ]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(create(storageClassKind, storageClass(fields)).errors, want, name);
});

test("StorageClass provisioner, parameters, reclaimPolicy and volumeBindingMode are immutable", () => {
  const old = create(storageClassKind, storageClass({ parameters: { type: "ssd" } })).object;
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["expansion and mount options may change", { parameters: { type: "ssd" }, allowVolumeExpansion: true, mountOptions: ["ro"] }, []],
    ["parameters", { parameters: { type: "hdd" } }, ["parameters: Forbidden: updates to parameters are forbidden."]],
    ["provisioner", { parameters: { type: "ssd" }, provisioner: "other.io/disk" }, ["provisioner: Forbidden: updates to provisioner are forbidden."]],
    ["reclaimPolicy", { parameters: { type: "ssd" }, reclaimPolicy: "Retain" }, ["reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden."]],
    ["volumeBindingMode", { parameters: { type: "ssd" }, volumeBindingMode: "WaitForFirstConsumer" }, [
      'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
    ]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(update(storageClassKind, storageClass(fields), old).errors, want, name);
});

test("StorageClass row marks the default class", () => {
  const beta = { metadata: { annotations: { "storageclass.beta.kubernetes.io/is-default-class": "true" } } };
  const cases: [string, Record<string, unknown>, unknown[]][] = [
    ["plain", {}, ["fast", "example.com/disk", "Delete", "Immediate", false, "5m"]],
    ["beta default, expandable", { ...beta, allowVolumeExpansion: true }, ["fast (default)", "example.com/disk", "Delete", "Immediate", true, "5m"]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(row(storageClassKind, create(storageClassKind, storageClass(fields)).object), want, name);
});

test("The local-path class is a valid default class", () => {
  const created = create(storageClassKind, structuredClone(LOCAL_PATH_STORAGE_CLASS));
  assert.deepEqual(created.errors, []);
  assert.equal(storageClassKind.columns[0]?.cell(created.object, new Date()), "local-path (default)");
  assert.equal(created.object.volumeBindingMode, "WaitForFirstConsumer");
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { KubeObject } from "../../apis/types.js";
import { configMapKind } from "../../apis/configmap.js";
import { deploymentKind } from "../../apis/deployment.js";
import { ApiError } from "../status.js";
import { applyManagedObject, recordManagedFields, LAST_APPLIED_ANNOTATION, type ManagedWrite } from "./field-manager.js";

const T1 = "2026-01-01T00:00:00Z";
const T2 = "2026-01-01T00:01:00Z";

function write(manager: string, extra: Partial<ManagedWrite> = {}): ManagedWrite {
  return { kind: configMapKind, apiVersion: "v1", manager, subresource: "", now: T1, ...extra };
}

function configMap(data: Record<string, string> | undefined, extra: Partial<KubeObject["metadata"]> = {}): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", namespace: "ns", ...extra }, ...(data ? { data } : {}) };
}

/** What a live object looks like after the store wrote it: server metadata filled in. */
function stored(object: KubeObject): KubeObject {
  return { ...object, metadata: { uid: "u1", resourceVersion: "7", creationTimestamp: T1, ...object.metadata, name: "cm", namespace: "ns" } };
}

function apply(live: KubeObject | undefined, data: Record<string, string> | undefined, manager: string, options: { force?: boolean; now?: string } = {}): KubeObject {
  const result = applyManagedObject(live && stored(live), configMap(data), { ...write(manager), force: options.force ?? false, now: options.now ?? T1 });
  return result;
}

/** manager/operation → owned paths, as kubectl shows them. */
function owners(object: KubeObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of (object.metadata.managedFields ?? []) as { manager: string; operation: string; subresource?: string; fieldsV1: unknown }[]) {
    out[`${entry.manager}/${entry.operation}${entry.subresource ? `/${entry.subresource}` : ""}`] = entry.fieldsV1;
  }
  return out;
}

function conflictOf(action: () => unknown): ApiError {
  try {
    action();
  } catch (error: unknown) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  assert.fail("expected a conflict");
}

describe("server-side apply", () => {
  test("the first apply creates the object and an Apply entry owning what it named", () => {
    const created = apply(undefined, { a: "1" }, "alice");
    assert.deepEqual(created.data, { a: "1" });
    assert.deepEqual(owners(created), { "alice/Apply": { "f:data": { "f:a": {} } } });
    const entry = created.metadata.managedFields?.[0] as Record<string, unknown>;
    assert.deepEqual(Object.keys(entry), ["manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1"]);
    assert.equal(entry.time, T1);
  });

  test("another manager changing an owned field conflicts, with upstream's Status", () => {
    const live = apply(apply(undefined, { a: "1" }, "alice"), { a: "1", b: "2" }, "alice");
    const error = conflictOf(() => apply(live, { a: "9" }, "bob"));
    assert.equal(error.code, 409);
    assert.equal(error.status.reason, "Conflict");
    assert.equal(error.message, 'Apply failed with 1 conflict: conflict with "alice": .data.a');
    assert.deepEqual(error.status.details, { causes: [{ reason: "FieldManagerConflict", message: 'conflict with "alice"', field: ".data.a" }] });
  });

  test("several conflicts are listed by manager", () => {
    const live = apply(undefined, { a: "1", b: "2" }, "alice");
    const error = conflictOf(() => apply(live, { b: "8", a: "9" }, "bob"));
    assert.equal(error.message, 'Apply failed with 2 conflicts: conflicts with "alice":\n- .data.a\n- .data.b');
  });

  test("force takes the field; the other manager keeps the rest", () => {
    const live = apply(undefined, { a: "1", b: "2" }, "alice");
    const forced = apply(live, { a: "9" }, "bob", { force: true });
    assert.deepEqual(forced.data, { a: "9", b: "2" });
    assert.deepEqual(owners(forced), { "alice/Apply": { "f:data": { "f:b": {} } }, "bob/Apply": { "f:data": { "f:a": {} } } });
  });

  test("applying the value a field already has shares ownership without conflict", () => {
    const live = apply(undefined, { a: "1" }, "alice");
    const shared = apply(live, { a: "1" }, "bob");
    assert.deepEqual(owners(shared), { "alice/Apply": { "f:data": { "f:a": {} } }, "bob/Apply": { "f:data": { "f:a": {} } } });
    // alice dropping a now leaves it: bob still owns it.
    const kept = apply(shared, undefined, "alice");
    assert.deepEqual(kept.data, { a: "1" });
    assert.deepEqual(owners(kept), { "bob/Apply": { "f:data": { "f:a": {} } } });
  });

  test("a field the applier stops naming is removed when nobody else owns it", () => {
    const live = apply(undefined, { a: "1", b: "2" }, "alice");
    const next = apply(live, { a: "1" }, "alice", { now: T2 });
    assert.deepEqual(next.data, { a: "1" });
    assert.deepEqual(owners(next), { "alice/Apply": { "f:data": { "f:a": {} } } });
  });

  test("a map the applier owned as a whole keeps the keys it still applies", () => {
    const live = stored(configMap({ a: "1", b: "2" }));
    live.metadata.managedFields = [{ manager: "alice", operation: "Apply", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:data": { ".": {}, "f:a": {}, "f:b": {} } } }];
    const next = apply(live, { a: "1" }, "alice");
    assert.deepEqual(next.data, { a: "1" });
    assert.deepEqual(owners(next), { "alice/Apply": { "f:data": { "f:a": {} } } });
  });

  test("a manager whose fields were all taken disappears", () => {
    const live = apply(undefined, { a: "1" }, "alice");
    const taken = apply(live, { a: "2" }, "bob", { force: true });
    assert.deepEqual(Object.keys(owners(taken)), ["bob/Apply"]);
  });

  test("re-applying the same configuration changes nothing, not even the time", () => {
    const live = apply(undefined, { a: "1" }, "alice");
    const again = apply(live, { a: "1" }, "alice", { now: T2 });
    assert.deepEqual(again.metadata.managedFields, live.metadata.managedFields);
    assert.deepEqual(again.data, live.data);
  });

  test("re-applying keeps the object's text, managedFields where they stood", () => {
    const created = apply(undefined, { a: "1" }, "alice");
    const live: KubeObject = { ...created, metadata: { managedFields: created.metadata.managedFields ?? [], ...stored(created).metadata } };
    const again = applyManagedObject(live, configMap({ a: "1" }), { ...write("alice"), force: false, now: T2 });
    assert.equal(JSON.stringify(again), JSON.stringify(live));
  });

  test("a changing apply refreshes the time", () => {
    const live = apply(undefined, { a: "1" }, "alice");
    const changed = apply(live, { a: "2" }, "alice", { now: T2 });
    assert.equal((changed.metadata.managedFields?.[0] as { time: string }).time, T2);
  });

  test("fields set by updates conflict with appliers, and updates take fields without conflict", () => {
    const created = stored(configMap({ a: "1" }));
    recordManagedFields(created, undefined, write("kubectl-create"));
    assert.deepEqual(owners(created), { "kubectl-create/Update": { "f:data": { ".": {}, "f:a": {} } } });
    const error = conflictOf(() => apply(created, { a: "2" }, "alice"));
    assert.equal(error.message, 'Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .data.a');

    const applied = apply(created, { a: "2" }, "alice", { force: true });
    const edited = stored({ ...applied, data: { a: "3" } });
    recordManagedFields(edited, stored(applied), write("kubectl-edit", { now: T2 }));
    assert.deepEqual(owners(edited), { "kubectl-create/Update": { "f:data": {} }, "kubectl-edit/Update": { "f:data": { "f:a": {} } } });
  });

  test("the configuration must not carry managedFields", () => {
    const config = configMap({ a: "1" });
    config.metadata.managedFields = [];
    assert.throws(() => applyManagedObject(undefined, config, { ...write("alice"), force: false }), /metadata.managedFields must be nil/);
  });

  test("a map-list item without its key is a 400", () => {
    const config: KubeObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { template: { spec: { containers: [{ image: "x" }] } } } };
    const error = conflictOf(() => applyManagedObject(undefined, config, { ...write("alice", { kind: deploymentKind, apiVersion: "apps/v1" }), force: false }));
    assert.equal(error.code, 400);
    assert.match(error.message, /omits key field "name"/);
  });
});

describe("Update entries", () => {
  test("create records every field the object has under the creator, except server metadata", () => {
    const object = stored(configMap({ a: "1" }, { labels: { x: "y" } }));
    recordManagedFields(object, undefined, write("kubectl-create"));
    assert.deepEqual(owners(object), { "kubectl-create/Update": { "f:data": { ".": {}, "f:a": {} }, "f:metadata": { "f:labels": { ".": {}, "f:x": {} } } } });
  });

  test("the same manager's updates merge into one entry; a no-op update changes nothing", () => {
    const v1 = stored(configMap({ a: "1" }));
    recordManagedFields(v1, undefined, write("m"));
    const v2 = stored({ ...structuredClone(v1), data: { a: "1", b: "2" } });
    recordManagedFields(v2, v1, write("m", { now: T2 }));
    assert.deepEqual(owners(v2), { "m/Update": { "f:data": { ".": {}, "f:a": {}, "f:b": {} } } });
    const v3 = stored(structuredClone(v2));
    recordManagedFields(v3, v2, write("m", { now: "2030-01-01T00:00:00Z" }));
    assert.deepEqual(v3.metadata.managedFields, v2.metadata.managedFields);
  });

  test("a manager changing only fields it owns keeps its entry's stored wire form; only the time moves", () => {
    const v1 = stored(configMap({ a: "1" }));
    recordManagedFields(v1, undefined, write("m"));
    const fromStore = JSON.parse(JSON.stringify(v1)) as KubeObject;
    const v2 = stored({ ...structuredClone(fromStore), data: { a: "2" } });
    recordManagedFields(v2, fromStore, write("m", { now: T2 }));
    const [before] = fromStore.metadata.managedFields as { fieldsV1: unknown }[];
    const [after] = v2.metadata.managedFields as { fieldsV1: unknown; time: string }[];
    assert.equal(after?.time, T2);
    assert.equal(after?.fieldsV1, before?.fieldsV1, "the same wire object, not encoded again");
  });

  test("removed fields leave every entry", () => {
    const v1 = stored(configMap({ a: "1", b: "2" }));
    recordManagedFields(v1, undefined, write("m"));
    const v2 = stored({ ...structuredClone(v1), data: { a: "1" } });
    recordManagedFields(v2, v1, write("other"));
    assert.deepEqual(owners(v2), { "m/Update": { "f:data": { ".": {}, "f:a": {} } } });
  });

  test("managedFields sent with an update replace the stored ones; one empty entry strips them; [] keeps them", () => {
    const v1 = stored(configMap({ a: "1" }));
    recordManagedFields(v1, undefined, write("m"));
    const replaced = stored({ ...structuredClone(v1), metadata: { ...v1.metadata, managedFields: [{ manager: "someone", operation: "Update", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:a": {} } } }] } });
    recordManagedFields(replaced, v1, write("m"));
    assert.deepEqual(Object.keys(owners(replaced)), ["someone/Update"]);

    const reset = stored({ ...structuredClone(v1), metadata: { ...v1.metadata, managedFields: [{}] } });
    recordManagedFields(reset, v1, write("m"));
    assert.equal(reset.metadata.managedFields, undefined);

    const empty = stored({ ...structuredClone(v1), metadata: { ...v1.metadata, managedFields: [] } });
    recordManagedFields(empty, v1, write("m"));
    assert.deepEqual(empty.metadata.managedFields, v1.metadata.managedFields);
  });

  test("past ten update managers, the oldest merge into ancient-changes", () => {
    let object = stored(configMap({}));
    recordManagedFields(object, undefined, write("m00", { now: "2026-01-01T00:00:00Z" }));
    for (let i = 1; i <= 11; i++) {
      const next = stored({ ...structuredClone(object), data: { ...(object.data as Record<string, string>), [`k${i}`]: "v" } });
      recordManagedFields(next, object, write(`m${String(i).padStart(2, "0")}`, { now: `2026-01-01T00:00:${String(i).padStart(2, "0")}Z` }));
      object = next;
    }
    const managers = Object.keys(owners(object));
    assert.equal(managers.length, 10);
    assert.ok(!managers.includes("m01/Update") && !managers.includes("m02/Update") && managers.includes("m03/Update"));
    assert.deepEqual(owners(object)["ancient-changes/Update"], { "f:data": { ".": {}, "f:k1": {}, "f:k2": {} } });
  });

  test("status writes are recorded with their subresource and own only status", () => {
    const live: KubeObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "ns", uid: "u" }, spec: { replicas: 1 } };
    const dw = { kind: deploymentKind, apiVersion: "apps/v1" };
    recordManagedFields(live, undefined, write("creator", dw));
    const next = structuredClone(live);
    next.status = { replicas: 1 };
    recordManagedFields(next, live, write("controller", { ...dw, subresource: "status" }));
    assert.deepEqual(owners(next), { "creator/Update": { "f:spec": { "f:replicas": {} } }, "controller/Update/status": { "f:status": { "f:replicas": {} } } });
  });

  test("a main-resource create does not own the status the strategy sets", () => {
    const object: KubeObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { replicas: 1 }, status: { replicas: 0 } };
    recordManagedFields(object, undefined, write("c", { kind: deploymentKind, apiVersion: "apps/v1" }));
    assert.deepEqual(owners(object), { "c/Update": { "f:spec": { "f:replicas": {} } } });
  });
});

describe("upgrading from client-side apply", () => {
  function clientSideApplied(data: Record<string, string>): KubeObject {
    const config = configMap(data);
    const object = stored(configMap(data, { annotations: { [LAST_APPLIED_ANNOTATION]: JSON.stringify(config) } }));
    recordManagedFields(object, undefined, write("kubectl-client-side-apply"));
    return object;
  }

  test("kubectl takes over fields the annotation recorded, and keeps the annotation in step", () => {
    const live = clientSideApplied({ a: "1" });
    const upgraded = applyManagedObject(live, configMap({ a: "2" }), { ...write("kubectl"), force: false });
    assert.deepEqual(upgraded.data, { a: "2" });
    assert.deepEqual(owners(upgraded)["kubectl/Apply"], { "f:data": { "f:a": {} } });
    assert.equal(upgraded.metadata.annotations?.[LAST_APPLIED_ANNOTATION], `${JSON.stringify({ apiVersion: "v1", data: { a: "2" }, kind: "ConfigMap", metadata: { name: "cm", namespace: "ns" } })}\n`);
  });

  test("fields changed since the client-side apply still conflict", () => {
    const live = clientSideApplied({ a: "1" });
    live.data = { a: "edited" };
    const error = conflictOf(() => applyManagedObject(live, configMap({ a: "2" }), { ...write("kubectl"), force: false }));
    assert.equal(error.code, 409);
  });

  test("other managers get no such allowance", () => {
    const live = clientSideApplied({ a: "1" });
    assert.equal(conflictOf(() => applyManagedObject(live, configMap({ a: "2" }), { ...write("alice"), force: false })).code, 409);
  });
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError } from "../../machinery/status.js";
import { openSqliteBackend } from "../../store/index.js";
import { parseSelection, type ResourceStore } from "../registry/index.js";
import { cluster, conditions, eventually, widget, widgetDefinition, WRITE } from "./_test-kit.js";

test("a stored definition is served within moments, and its status says NamesAccepted and Established", async (t) => {
  const { registry, definitions } = await cluster(t);
  const started = performance.now();
  await definitions.create("", widgetDefinition(), WRITE);
  const store = await eventually("widgets to be served", () => registry.lookup("example.dev", "v1", "widgets"));
  assert.ok(performance.now() - started < 1_000);
  const crd = await eventually("the status", async () => {
    const current = (await definitions.get("", "widgets.example.dev")).object;
    return conditions(current)["Established"] ? current : undefined;
  });
  assert.deepEqual(conditions(crd), { NamesAccepted: "True/NoConflicts", Established: "True/InitialNamesAccepted" });
  assert.deepEqual(crd.metadata.finalizers, ["customresourcecleanup.apiextensions.k8s.io"]);
  const created = await store.create("default", widget("w", { size: 3 }), WRITE);
  assert.equal(created.object.metadata.generation, 1);
});

test("a value of the wrong type is a 422 with upstream's message, not a decoding error", async (t) => {
  const { registry, definitions } = await cluster(t);
  await definitions.create("", widgetDefinition(), WRITE);
  const store = await eventually("widgets", () => registry.lookup("example.dev", "v1", "widgets"));
  await assert.rejects(store.create("default", widget("w", { size: "big" }), WRITE), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 422);
    assert.equal(error.message, 'Widget.example.dev "w" is invalid: spec.size: Invalid value: "big": spec.size in body must be of type integer: "string"');
    return true;
  });
});

test("objects are read at the version asked for, and old objects get defaults added to the schema later", async (t) => {
  const { registry, definitions } = await cluster(t);
  await definitions.create("", widgetDefinition(["v1", "v1beta1"]), WRITE);
  const beta = await eventually("v1beta1", () => registry.lookup("example.dev", "v1beta1", "widgets"));
  await beta.create("default", widget("w", { size: 1 }, "v1beta1"), WRITE);
  const v1 = registry.lookup("example.dev", "v1", "widgets") as ResourceStore;
  assert.equal((await v1.get("default", "w")).object.apiVersion, "example.dev/v1");
  const listed = await beta.list("default", { selection: parseSelection(beta.kind, "", ""), resourceVersion: "", resourceVersionMatch: "", limit: 0, continueToken: "" });
  assert.deepEqual(listed.items.map((item) => item.object.apiVersion), ["example.dev/v1beta1"]);

  await definitions.guaranteedUpdate("", "widgets.example.dev", () => widgetDefinition(["v1", "v1beta1"], { size: { type: "integer" }, color: { type: "string", default: "blue" } }), WRITE);
  const newer = await eventually("the new schema", () => {
    const store = registry.lookup("example.dev", "v1", "widgets");
    return store && store !== v1 ? store : undefined;
  });
  assert.deepEqual((await newer.get("default", "w")).object.spec, { size: 1, color: "blue" });
});

test("deleting a definition deletes its objects first, refuses new ones meanwhile, then stops serving", async (t) => {
  const { registry, definitions } = await cluster(t);
  await definitions.create("", widgetDefinition(), WRITE);
  const store = await eventually("widgets", () => registry.lookup("example.dev", "v1", "widgets"));
  await eventually("the finalizer", async () => ((await definitions.get("", "widgets.example.dev")).object.metadata.finalizers ? true : undefined));
  await store.create("default", { ...widget("held", { size: 1 }), metadata: { name: "held", finalizers: ["example.dev/hold"] } }, WRITE);
  await store.create("default", widget("plain", { size: 2 }), WRITE);
  await definitions.delete("", "widgets.example.dev", {}, false);
  const terminating = await eventually("Terminating", async () => {
    const crd = (await definitions.get("", "widgets.example.dev")).object;
    return conditions(crd)["Terminating"] ? crd : undefined;
  });
  assert.equal(conditions(terminating)["Terminating"], "True/InstanceDeletionInProgress");
  await assert.rejects(store.create("default", widget("late", { size: 1 }), WRITE), /create not allowed while custom resource definition is terminating/);
  await eventually("plain to go", async () => (await store.get("default", "plain").then(() => undefined, () => true)));
  await store.guaranteedUpdate("default", "held", (current) => ({ ...current, metadata: { ...current.metadata, finalizers: [] } }), WRITE);
  await eventually("the definition to go", async () => (await definitions.get("", "widgets.example.dev").then(() => undefined, () => true)));
  await eventually("widgets to stop being served", () => (registry.lookup("example.dev", "v1", "widgets") ? undefined : true));
});

test("a second definition asking for a kind in use is not served until the first goes", async (t) => {
  const { registry, definitions } = await cluster(t);
  await definitions.create("", widgetDefinition(), WRITE);
  await eventually("widgets", () => registry.lookup("example.dev", "v1", "widgets"));
  await definitions.create("", widgetDefinition(["v1"], {}, "Widget", "gizmos"), WRITE);
  const refused = await eventually("NamesAccepted on gizmos", async () => {
    const crd = (await definitions.get("", "gizmos.example.dev")).object;
    return conditions(crd)["NamesAccepted"] ? crd : undefined;
  });
  assert.deepEqual(conditions(refused), { NamesAccepted: "False/ListKindConflict", Established: "False/NotAccepted" });
  assert.equal(registry.lookup("example.dev", "v1", "gizmos"), undefined);
  await definitions.delete("", "widgets.example.dev", {}, false);
  await eventually("gizmos to be served", () => registry.lookup("example.dev", "v1", "gizmos"));
});

test("a cluster-scoped definition serves objects without a namespace", async (t) => {
  const { registry, definitions } = await cluster(t);
  const definition = widgetDefinition(["v1"], { size: { type: "integer" } }, "Gadget", "gadgets");
  (definition.spec as { scope: string }).scope = "Cluster";
  await definitions.create("", definition, WRITE);
  const store = await eventually("gadgets", () => registry.lookup("example.dev", "v1", "gadgets"));
  assert.equal(store.kind.namespaced, false);
  await store.create("", { apiVersion: "example.dev/v1", kind: "Gadget", metadata: { name: "g" }, spec: { size: 1 } }, WRITE);
  const stored = (await store.get("", "g")).object;
  assert.equal(stored.metadata.namespace, undefined);
  assert.equal(store.key("", "g"), "/registry/example.dev/gadgets/g");
});

test("after a restart, stored definitions are served before serveCustomResources resolves", async (t) => {
  const backend = await openSqliteBackend({ path: ":memory:" });
  t.after(() => backend.close());
  const first = await cluster(t, backend);
  await first.registry.forKind("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } }, WRITE);
  await first.definitions.create("", widgetDefinition(), WRITE);
  await eventually("widgets", () => first.registry.lookup("example.dev", "v1", "widgets"));
  first.stop.abort();
  const second = await cluster(t, backend);
  assert.ok(second.registry.lookup("example.dev", "v1", "widgets"));
});

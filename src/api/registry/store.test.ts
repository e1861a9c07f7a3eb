import { test } from "node:test";
import assert from "node:assert/strict";
import type { KindDefinition, KubeObject } from "../../apis/types.js";
import { objectSchema } from "../../apis/common/meta.js";
import { ageColumn, nameColumn } from "../../apis/columns.js";
import { required } from "../../machinery/field-errors.js";
import { ApiError } from "../../machinery/status.js";
import { openSqliteBackend } from "../../store/index.js";
import { ObjectCache, Registry, parseSelection, type ObjectEventType } from "./index.js";

const namespaceKind: KindDefinition = {
  group: "",
  version: "v1",
  kind: "Namespace",
  listKind: "NamespaceList",
  plural: "namespaces",
  singular: "namespace",
  shortNames: ["ns"],
  categories: [],
  namespaced: false,
  schema: objectSchema("A namespace.", {
    spec: { type: "object", properties: { finalizers: { type: "array", items: { type: "string" } } } },
    status: { type: "object", properties: { phase: { type: "string" } } },
  }),
  tracksGeneration: false,
  subresources: { status: true },
  strategy: {
    prepareForCreate: (o) => {
      o.spec = { finalizers: ["kubernetes"] };
      o.status = { phase: "Active" };
    },
  },
  columns: [nameColumn, ageColumn],
};

const widgetKind: KindDefinition = {
  group: "example.dev",
  version: "v1",
  kind: "Widget",
  listKind: "WidgetList",
  plural: "widgets",
  singular: "widget",
  shortNames: [],
  categories: [],
  namespaced: true,
  schema: objectSchema("A widget.", {
    spec: { type: "object", properties: { size: { type: "integer" }, color: { type: "string" } } },
    status: { type: "object", properties: { ready: { type: "boolean" } } },
  }),
  tracksGeneration: true,
  subresources: { status: true, scale: { specReplicasPath: "spec.size", statusReplicasPath: "status.size" } },
  strategy: {
    defaults: (o) => {
      const spec = (o.spec ??= {}) as { color?: string };
      spec.color ??= "blue";
    },
    validate: (o) => ((o.spec as { size?: number } | undefined)?.size === undefined ? [required("spec.size")] : []),
  },
  columns: [nameColumn, ageColumn],
};

const write = { dryRun: false, fieldValidation: "Strict" } as const;

async function setup() {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const registry = new Registry(backend, [namespaceKind, widgetKind]);
  await registry.forKind("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } }, write);
  return { backend, registry, widgets: registry.forKind("example.dev", "Widget"), namespaces: registry.forKind("", "Namespace") };
}

function widget(name: string, size = 1, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: "example.dev/v1", kind: "Widget", metadata: { name, labels }, spec: { size } };
}

async function rejects(promise: Promise<unknown>, reason: string, code: number): Promise<ApiError> {
  try {
    await promise;
  } catch (error: unknown) {
    assert.ok(error instanceof ApiError, `expected ApiError, got ${String(error)}`);
    assert.equal(error.status.reason, reason);
    assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected ${reason}`);
}

test("create fills system metadata, defaults, generation and resourceVersion", async () => {
  const { widgets, backend } = await setup();
  const { object } = await widgets.create("dev", widget("a"), write);
  assert.equal(object.metadata.namespace, "dev");
  assert.match(object.metadata.uid ?? "", /^[0-9a-f-]{36}$/);
  assert.match(object.metadata.creationTimestamp ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(object.metadata.generation, 1);
  assert.equal(object.metadata.resourceVersion, String(backend.currentRevision()));
  assert.deepEqual(object.spec, { size: 1, color: "blue" });
  await backend.close();
});

test("create refuses duplicates, invalid objects, unknown fields under Strict and missing namespaces", async () => {
  const { widgets, backend } = await setup();
  await widgets.create("dev", widget("a"), write);
  await rejects(widgets.create("dev", widget("a"), write), "AlreadyExists", 409);
  const invalid = await rejects(widgets.create("dev", { ...widget("Bad_Name"), spec: {} }, write), "Invalid", 422);
  assert.deepEqual(invalid.status.details?.causes?.map((c) => c.field), ["metadata.name", "spec.size"]);
  await rejects(widgets.create("dev", { ...widget("b"), spec: { size: 1, extra: true } }, write), "BadRequest", 400);
  await rejects(widgets.create("nowhere", widget("c"), write), "NotFound", 404);
  await backend.close();
});

test("generateName creates distinct names with the prefix", async () => {
  const { widgets, backend } = await setup();
  const names = new Set<string>();
  for (let i = 0; i < 5; i++) {
    const { object } = await widgets.create("dev", { ...widget(""), metadata: { generateName: "w-" } }, write);
    assert.match(object.metadata.name ?? "", /^w-[a-z0-9]{5}$/);
    names.add(object.metadata.name ?? "");
  }
  assert.equal(names.size, 5);
  await backend.close();
});

test("update with a stale resourceVersion is a 409 Conflict; generation bumps on spec changes only", async () => {
  const { widgets, backend } = await setup();
  const { object } = await widgets.create("dev", widget("a"), write);
  const changed = await widgets.update("dev", "a", { ...object, spec: { size: 2 } }, write);
  assert.equal(changed.object.metadata.generation, 2);
  await rejects(widgets.update("dev", "a", { ...object, spec: { size: 3 } }, write), "Conflict", 409);
  const relabelled = await widgets.update("dev", "a", { ...changed.object, metadata: { ...changed.object.metadata, labels: { x: "y" } } }, write);
  assert.equal(relabelled.object.metadata.generation, 2);
  await backend.close();
});

test("main updates keep status and status updates keep spec", async () => {
  const { widgets, backend } = await setup();
  const { object } = await widgets.create("dev", widget("a"), write);
  const withStatus = await widgets.update("dev", "a", { ...object, spec: { size: 9 }, status: { ready: true } }, { ...write, subresource: "status" });
  assert.deepEqual(withStatus.object.status, { ready: true });
  assert.deepEqual(withStatus.object.spec, { size: 1, color: "blue" });
  const main = await widgets.update("dev", "a", { ...withStatus.object, status: { ready: false } }, write);
  assert.deepEqual(main.object.status, { ready: true });
  await backend.close();
});

test("a no-op update writes nothing", async () => {
  const { widgets, backend } = await setup();
  const { object } = await widgets.create("dev", widget("a"), write);
  const before = backend.currentRevision();
  const same = await widgets.update("dev", "a", object, write);
  assert.equal(backend.currentRevision(), before);
  assert.equal(same.object.metadata.resourceVersion, object.metadata.resourceVersion);
  await backend.close();
});

test("delete with finalizers marks the object and removing the last finalizer deletes it", async () => {
  const { widgets, backend } = await setup();
  const { object } = await widgets.create("dev", { ...widget("a"), metadata: { name: "a", finalizers: ["example.dev/hold"] } }, write);
  const marked = await widgets.delete("dev", "a", {}, false);
  assert.equal(marked.pending, true);
  assert.ok(marked.object.metadata.deletionTimestamp);
  const current = (await widgets.get("dev", "a")).object;
  await widgets.update("dev", "a", { ...current, metadata: { ...current.metadata, finalizers: [] } }, write);
  await rejects(widgets.get("dev", "a"), "NotFound", 404);
  assert.ok(object.metadata.uid);
  await backend.close();
});

test("delete preconditions on uid and resourceVersion are enforced", async () => {
  const { widgets, backend } = await setup();
  await widgets.create("dev", widget("a"), write);
  await rejects(widgets.delete("dev", "a", { preconditions: { uid: "other" } }, false), "Conflict", 409);
  await rejects(widgets.delete("dev", "a", { preconditions: { resourceVersion: "1" } }, false), "Conflict", 409);
  const done = await widgets.delete("dev", "a", {}, false);
  assert.equal(done.pending, false);
  await backend.close();
});

test("list pages with limit and continue, and filters by label", async () => {
  const { widgets, backend } = await setup();
  for (let i = 0; i < 7; i++) await widgets.create("dev", widget(`w${i}`, 1, { parity: i % 2 ? "odd" : "even" }), write);
  const all = parseSelection(widgetKind, "", "");
  const first = await widgets.list("dev", { selection: all, resourceVersion: "", resourceVersionMatch: "", limit: 3, continueToken: "" });
  assert.deepEqual(first.items.map((i) => i.object.metadata.name), ["w0", "w1", "w2"]);
  assert.equal(first.remainingItemCount, 4);
  await widgets.create("dev", widget("w9"), write);
  const second = await widgets.list("dev", { selection: all, resourceVersion: "", resourceVersionMatch: "", limit: 10, continueToken: first.continueToken });
  assert.deepEqual(second.items.map((i) => i.object.metadata.name), ["w3", "w4", "w5", "w6"], "the page is read at the first page's revision");
  assert.equal(second.revision, first.revision);
  const odd = await widgets.list("dev", { selection: parseSelection(widgetKind, "parity=odd", ""), resourceVersion: "", resourceVersionMatch: "", limit: 2, continueToken: "" });
  assert.deepEqual(odd.items.map((i) => i.object.metadata.name), ["w1", "w3"]);
  await backend.close();
});

test("watch sends current state, then changes, and turns selector exits into DELETED", async () => {
  const { widgets, backend } = await setup();
  await widgets.create("dev", widget("a", 1, { tier: "web" }), write);
  const events: [ObjectEventType, string][] = [];
  const abort = new AbortController();
  await widgets.watch("dev", { selection: parseSelection(widgetKind, "tier=web", ""), resourceVersion: "", sendInitialEvents: false }, { event: (t, o) => events.push([t, o.object.metadata.name ?? ""]), close: () => {} }, abort.signal);
  await widgets.create("dev", widget("b", 1, { tier: "db" }), write);
  const b = (await widgets.get("dev", "b")).object;
  await widgets.update("dev", "b", { ...b, metadata: { ...b.metadata, labels: { tier: "web" } } }, write);
  const a = (await widgets.get("dev", "a")).object;
  await widgets.update("dev", "a", { ...a, metadata: { ...a.metadata, labels: { tier: "db" } } }, write);
  await widgets.delete("dev", "b", {}, false);
  await new Promise((r) => setTimeout(r, 50));
  abort.abort();
  assert.deepEqual(events, [["ADDED", "a"], ["ADDED", "b"], ["DELETED", "a"], ["DELETED", "b"]]);
  await backend.close();
});

test("deleting a namespace marks it Terminating until its finalizer is cleared", async () => {
  const { namespaces, backend } = await setup();
  const outcome = await namespaces.delete("", "dev", {}, false);
  assert.equal(outcome.pending, true);
  assert.deepEqual(outcome.object.status, { phase: "Terminating" });
  const current = (await namespaces.get("", "dev")).object;
  const relabelled = await namespaces.update("", "dev", { ...current, metadata: { ...current.metadata, labels: { a: "b" } }, spec: { finalizers: [] } }, write);
  assert.deepEqual(relabelled.object.spec, { finalizers: ["kubernetes"] }, "only the finalize subresource changes spec.finalizers");
  await namespaces.update("", "dev", { ...relabelled.object, spec: { finalizers: [] } }, { ...write, subresource: "finalize" });
  await rejects(namespaces.get("", "dev"), "NotFound", 404);
  await backend.close();
});

test("lists served from the watch cache see every acknowledged write and page on from the store", async () => {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const stop = new AbortController();
  const cache = new ObjectCache(backend);
  await cache.start(stop.signal);
  const registry = new Registry(backend, [namespaceKind, widgetKind], { cache });
  await registry.forKind("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } }, write);
  const widgets = registry.forKind("example.dev", "Widget");
  const all = parseSelection(widgetKind, "", "");
  for (let i = 0; i < 5; i++) {
    await widgets.create("dev", widget(`w${i}`), write);
    const listed = await widgets.list("dev", { selection: all, resourceVersion: "", resourceVersionMatch: "", limit: 0, continueToken: "" });
    assert.equal(listed.items.length, i + 1, "a list right after a create includes it");
  }
  const first = await widgets.list("", { selection: all, resourceVersion: "", resourceVersionMatch: "", limit: 2, continueToken: "" });
  await widgets.delete("dev", "w3", {}, false);
  const rest = await widgets.list("", { selection: all, resourceVersion: "", resourceVersionMatch: "", limit: 0, continueToken: first.continueToken });
  assert.deepEqual([...first.items, ...rest.items].map((i) => i.object.metadata.name), ["w0", "w1", "w2", "w3", "w4"]);
  assert.equal(first.remainingItemCount, 3);
  stop.abort();
  await backend.close();
});

test("writes that start from a stale watch-cache copy still act on the store's newest version", async () => {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const following = new AbortController();
  const cache = new ObjectCache(backend);
  await cache.start(following.signal);
  const registry = new Registry(backend, [namespaceKind, widgetKind], { cache });
  await registry.forKind("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } }, write);
  const widgets = registry.forKind("example.dev", "Widget");
  const created = (await widgets.create("dev", widget("w", 1), write)).object;
  // The cache stops following the store: from here on it holds the created version only.
  following.abort();
  // Unconditional, as a patch is: without the resourceVersion it started from.
  const labelled = (label: string) => (current: KubeObject) => {
    const { resourceVersion: _started, ...metadata } = current.metadata;
    return { ...current, metadata: { ...metadata, labels: { ...current.metadata.labels, [label]: "yes" } } };
  };
  await widgets.guaranteedUpdate("dev", "w", labelled("first"), write);
  const second = (await widgets.guaranteedUpdate("dev", "w", labelled("second"), write)).object;
  assert.deepEqual(second.metadata.labels, { first: "yes", second: "yes" }, "the retry started from the store's version");

  // A resourceVersion newer than the cached copy is the current one, not a conflict.
  const conditional = { ...structuredClone(second), spec: { size: 2, color: "blue" } };
  const resized = (await widgets.update("dev", "w", conditional, write)).object;
  assert.equal((resized.spec as { size: number }).size, 2);
  await rejects(widgets.update("dev", "w", { ...structuredClone(created), spec: { size: 3 } }, write), "Conflict", 409);

  // Back to the cached content: unchanged for the cache, a change for the store.
  const reverted = (await widgets.update("dev", "w", { ...structuredClone(resized), spec: { size: 1, color: "blue" } }, write)).object;
  assert.notEqual(reverted.metadata.resourceVersion, resized.metadata.resourceVersion);
  assert.equal(((await widgets.get("dev", "w")).object.spec as { size: number }).size, 1);

  await widgets.delete("dev", "w", { preconditions: { resourceVersion: reverted.metadata.resourceVersion ?? "" } }, false);
  await rejects(widgets.get("dev", "w"), "NotFound", 404);
  await backend.close();
});

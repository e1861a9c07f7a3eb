import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../../apis/types.js";
import { ApiError } from "../../machinery/status.js";
import { parseSelection } from "../registry/index.js";
import { cluster, eventually, widget, widgetDefinition, WRITE } from "./_test-kit.js";

async function widgetsWithStatus(t: Parameters<typeof cluster>[0]) {
  const { registry, definitions } = await cluster(t);
  const definition = widgetDefinition(["v1"], { size: { type: "integer" } });
  const [version] = (definition.spec as { versions: Record<string, unknown>[] }).versions;
  if (!version) throw new Error("The definition has no version");
  version.schema = {
    openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { size: { type: "integer" } } }, status: { type: "object", properties: { ready: { type: "integer" } } } } },
  };
  version.subresources = { status: {} };
  await definitions.create("", definition, WRITE);
  return eventually("widgets", () => registry.lookup("example.dev", "v1", "widgets"));
}

function rejection(code: number, message: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  };
}

test("a create ignores status when the status subresource is on, even a status of the wrong type", async (t) => {
  const store = await widgetsWithStatus(t);
  const created = await store.create("default", { ...widget("w", { size: 1 }), status: { ready: "yes" } }, WRITE);
  assert.equal(created.object.status, undefined);
});

test("a main update keeps status and ignores a wrongly typed one; a wrong spec type is a 422", async (t) => {
  const store = await widgetsWithStatus(t);
  await store.create("default", widget("w", { size: 1 }), WRITE);
  await store.update("default", "w", { ...widget("w", { size: 1 }), status: { ready: 1 } }, { ...WRITE, subresource: "status" });
  const updated = await store.update("default", "w", { ...widget("w", { size: 2 }), status: { ready: "no" } }, WRITE);
  assert.deepEqual([updated.object.spec, updated.object.status], [{ size: 2 }, { ready: 1 }]);
  await assert.rejects(
    store.update("default", "w", widget("w", { size: "two" }), WRITE),
    rejection(422, /spec\.size: Invalid value: "two": spec\.size in body must be of type integer: "string"/),
  );
});

test("a status update keeps spec and ignores a wrongly typed one; a wrong status type is a 422", async (t) => {
  const store = await widgetsWithStatus(t);
  await store.create("default", widget("w", { size: 1 }), WRITE);
  const updated = await store.update("default", "w", { ...widget("w", { size: "big" }), status: { ready: 3 } }, { ...WRITE, subresource: "status" });
  assert.deepEqual([updated.object.spec, updated.object.status], [{ size: 1 }, { ready: 3 }]);
  await assert.rejects(
    store.update("default", "w", { ...widget("w", { size: 1 }), status: { ready: "x" } }, { ...WRITE, subresource: "status" }),
    rejection(422, /status\.ready in body must be of type integer: "string"/),
  );
});

test("watch events carry the version the watcher asked for", async (t) => {
  const { registry, definitions } = await cluster(t);
  await definitions.create("", widgetDefinition(["v1", "v1beta1"]), WRITE);
  const beta = await eventually("v1beta1", () => registry.lookup("example.dev", "v1beta1", "widgets"));
  const v1 = registry.lookup("example.dev", "v1", "widgets");
  if (!v1) throw new Error("v1 is not served");
  const seen: KubeObject[] = [];
  const stop = new AbortController();
  t.after(() => stop.abort());
  await beta.watch("default", { selection: parseSelection(beta.kind, "", ""), resourceVersion: "0", sendInitialEvents: false }, { event: (_type, object) => seen.push(object.object), close: () => undefined }, stop.signal);
  await v1.create("default", widget("w", { size: 1 }), WRITE);
  const [event] = await eventually("the event", () => (seen.length ? seen : undefined));
  assert.equal(event?.apiVersion, "example.dev/v1beta1");
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { openSqliteBackend } from "../store/index.js";
import { Registry } from "../api/registry/index.js";
import { builtinKinds } from "../apis/index.js";
import { Client, Informer } from "./index.js";
import type { KubeObject } from "../apis/types.js";

const settle = () => new Promise((r) => setTimeout(r, 30));

test("an informer lists, then follows creates, updates and deletes, with indexes", async () => {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const client = new Client(new Registry(backend, builtinKinds));
  await client.resource("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } });
  const configMaps = client.resource("", "ConfigMap");
  const cm = (name: string, tier: string): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels: { tier } } });
  await configMaps.create("dev", cm("before", "web"));
  const informer = new Informer(configMaps);
  informer.addIndex("tier", (o) => [o.metadata.labels?.tier ?? ""]);
  const seen: string[] = [];
  informer.addHandlers({
    onAdd: (o) => seen.push(`add ${o.metadata.name}`),
    onUpdate: (_old, o) => seen.push(`update ${o.metadata.name}`),
    onDelete: (o) => seen.push(`delete ${o.metadata.name}`),
  });
  const stop = new AbortController();
  await informer.start(stop.signal);
  assert.ok(informer.hasSynced);
  const after = await configMaps.create("dev", cm("after", "db"));
  await configMaps.update({ ...after, metadata: { ...after.metadata, labels: { tier: "web" } } });
  await configMaps.delete("dev", "before");
  await settle();
  assert.deepEqual(seen, ["add before", "add after", "update after", "delete before"]);
  assert.deepEqual(informer.byIndex("tier", "web").map((o) => o.metadata.name), ["after"]);
  assert.deepEqual(informer.byIndex("tier", "db"), [], "an update leaves the values it replaced");
  assert.equal(informer.get("dev", "after")?.metadata.labels?.tier, "web");
  stop.abort();
  await backend.close();
});

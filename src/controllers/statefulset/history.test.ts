import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import type { PodTemplateSpec } from "../../apis/common/pod-types.js";
import { Informer } from "../../client/index.js";
import { startCluster } from "../_test-kit.js";
import { ApiHistory, ensureRevision, MemoryHistory, revisionTemplate, safeHash, templateData, truncateHistory } from "./history.js";
import { canonicalJson } from "../../machinery/canonical-json.js";

const owner: KubeObject = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "web", namespace: "dev", uid: "uid-1" } };
const template = (image: string): PodTemplateSpec => ({ metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image }] } });

test("canonicalJson ignores key order and undefined fields", () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] }), canonicalJson({ a: [{ d: 2 }], b: 1 }));
});

test("safeHash is stable and uses only the safe alphabet", () => {
  assert.equal(safeHash("abc"), safeHash("abc"));
  assert.notEqual(safeHash("abc"), safeHash("abd"));
  assert.match(safeHash("abc"), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
});

test("ensureRevision numbers new templates, keeps an unchanged one and renumbers a rollback", async () => {
  const history = new MemoryHistory();
  const first = await ensureRevision(history, { owner, template: template("a"), collisionCount: 0 });
  assert.equal(first.update.revision, 1);
  assert.match(first.update.name, /^web-/);
  assert.equal(first.update.name, `web-${first.update.hash}`);
  assert.deepEqual(revisionTemplate(first.update), template("a"));
  assert.equal((await ensureRevision(history, { owner, template: template("a"), collisionCount: 0 })).update.name, first.update.name);
  const second = await ensureRevision(history, { owner, template: template("b"), collisionCount: 0 });
  assert.equal(second.update.revision, 2);
  const back = await ensureRevision(history, { owner, template: template("a"), collisionCount: 0 });
  assert.equal(back.update.name, first.update.name);
  assert.equal(back.update.revision, 3);
  assert.deepEqual(history.list(owner).map((r) => r.revision), [2, 3]);
});

test("a name taken by other data bumps the collision count", async () => {
  const cluster = await startCluster([]);
  try {
    const client = cluster.client.resource("apps", "ControllerRevision");
    const data = templateData(template("a"));
    const name = `web-${safeHash(canonicalJson(data))}`;
    await client.create("dev", { apiVersion: "apps/v1", kind: "ControllerRevision", metadata: { name }, data: templateData(template("z")), revision: 1 });
    const informer = new Informer(client);
    const stop = new AbortController();
    await informer.start(stop.signal);
    const created = await new ApiHistory(informer, client).create(owner, { data, revision: 1, collisionCount: 0 });
    stop.abort();
    assert.equal(created.collisionCount, 1);
    assert.notEqual(created.revision.name, name);
    assert.equal((await client.get("dev", created.revision.name)).metadata.ownerReferences?.[0]?.uid, "uid-1");
  } finally {
    await cluster.stop();
  }
});

test("truncateHistory deletes the oldest revisions that are not live", async () => {
  const history = new MemoryHistory();
  for (const image of ["a", "b", "c", "d"]) await ensureRevision(history, { owner, template: template(image), collisionCount: 0 });
  const revisions = history.list(owner);
  const live = new Set([revisions[3]?.name ?? "", revisions[0]?.name ?? ""]);
  await truncateHistory(history, { owner, revisions, live, limit: 1 });
  assert.deepEqual(history.list(owner).map((r) => r.revision), [1, 3, 4]);
});

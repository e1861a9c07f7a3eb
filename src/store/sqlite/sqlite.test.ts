import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { runBackendContract } from "../backend.contract.js";
import { openSqliteBackend } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "mini-store-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = (): string => join(dir, `state-${files++}.db`);

runBackendContract("sqlite in memory", () => openSqliteBackend({ path: ":memory:" }));
runBackendContract("sqlite on disk", () => openSqliteBackend({ path: freshFile() }));

describe("sqlite backend", () => {
  test("reopening the file keeps every key, revision and the compaction point", async () => {
    const path = freshFile();
    const first = await openSqliteBackend({ path });
    await first.create("/a/1", "one");
    await first.create("/a/2", "two");
    await first.update("/a/1", "one again", 1);
    await first.compact(2);
    await first.close();

    const second = await openSqliteBackend({ path });
    assert.equal(second.currentRevision(), 3);
    assert.equal(second.compactRevision(), 2);
    assert.deepEqual((await second.list("/a/")).kvs, [
      { key: "/a/1", value: "one again", createRevision: 1, modRevision: 3 },
      { key: "/a/2", value: "two", createRevision: 2, modRevision: 2 },
    ]);
    await second.close();
  });

  test("the revision never goes back, even after compaction removed the newest rows", async () => {
    const path = freshFile();
    const first = await openSqliteBackend({ path });
    await first.create("/a/1", "one");
    await first.delete("/a/1");
    assert.deepEqual(await first.compact(2), { removed: 2, compactRevision: 2 });
    await first.close();

    const second = await openSqliteBackend({ path });
    assert.equal(second.currentRevision(), 2);
    const created = await second.create("/a/1", "again");
    assert.deepEqual(created.ok && created.kv.modRevision, 3);
    await second.close();
  });

  test("a file in use by one store cannot be opened by another", async () => {
    const path = freshFile();
    const first = await openSqliteBackend({ path });
    await assert.rejects(openSqliteBackend({ path }), /in use by another process/);
    await first.close();
    const second = await openSqliteBackend({ path });
    await second.close();
  });

  test("the native addon can be handed over as better-sqlite3's nativeBinding", async () => {
    const addon = require.resolve("better-sqlite3/build/Release/better_sqlite3.node");
    const store = await openSqliteBackend({ path: ":memory:", nativeBinding: addon });
    assert.equal((await store.create("/a/1", "one")).ok, true);
    await store.close();
  });

  test("a new database file and its WAL are readable by their owner only", async () => {
    const path = freshFile();
    const store = await openSqliteBackend({ path });
    await store.create("/secrets/default/token", "secret");
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(`${path}-wal`).mode & 0o777, 0o600);
    await store.close();
  });

  test("a store opened with synchronous NORMAL behaves the same", async () => {
    const store = await openSqliteBackend({ path: freshFile(), synchronous: "NORMAL" });
    assert.equal((await store.create("/a/1", "one")).ok, true);
    assert.equal((await store.get("/a/1"))?.value, "one");
    await store.close();
  });
});

/**
 * The behaviour every Backend must show, as one suite each backend's test
 * runs (hono's router common.case.test pattern): `runBackendContract("sqlite",
 * () => openSqliteBackend({ path: ":memory:" }))`. `open` must return a new,
 * empty store each time; the suite closes it. The overflow case assumes the
 * default bound of 10,000 queued events per watcher.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { blockFor, Recorder } from "./_recorder.js";
import { CompactedError, FutureRevisionError } from "./types.js";
import type { Backend, KeyValue, Revision, WriteResult } from "./types.js";

export function runBackendContract(name: string, open: () => Promise<Backend>): void {
  describe(`${name} backend contract`, () => {
    let store: Backend;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    describe("writes", () => {
      test("create stores a value that get returns with its revisions", async () => {
        const kv = written(await store.create("/a/1", "one"));
        assert.deepEqual(kv, { key: "/a/1", value: "one", createRevision: 1, modRevision: 1 });
        assert.deepEqual(await store.get("/a/1"), kv);
        assert.equal(store.currentRevision(), 1);
        assert.equal(await store.get("/a/2"), null);
      });

      test("create answers exists with the current value when the key is live", async () => {
        const first = written(await store.create("/a/1", "one"));
        assert.deepEqual(await store.create("/a/1", "two"), { ok: false, reason: "exists", current: first });
        assert.equal(store.currentRevision(), 1, "a refused write takes no revision");
      });

      test("create after a delete starts a new incarnation of the key", async () => {
        written(await store.create("/a/1", "one"));
        written(await store.delete("/a/1"));
        const again = written(await store.create("/a/1", "again"));
        assert.deepEqual(again, { key: "/a/1", value: "again", createRevision: 3, modRevision: 3 });
      });

      test("update with the current revision replaces the value and keeps the create revision", async () => {
        const created = written(await store.create("/a/1", "one"));
        const updated = written(await store.update("/a/1", "two", created.modRevision));
        assert.deepEqual(updated, { key: "/a/1", value: "two", createRevision: 1, modRevision: 2 });
        assert.deepEqual(await store.get("/a/1"), updated);
      });

      test("update with a stale revision answers conflict with the current value", async () => {
        const created = written(await store.create("/a/1", "one"));
        const updated = written(await store.update("/a/1", "two", created.modRevision));
        assert.deepEqual(await store.update("/a/1", "three", created.modRevision), {
          ok: false,
          reason: "conflict",
          current: updated,
        });
      });

      test("of many concurrent updates with the same expected revision exactly one wins", async () => {
        const created = written(await store.create("/a/1", "zero"));
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.update("/a/1", `v${i}`, created.modRevision)),
        );
        const winners = results.filter((result) => result.ok);
        assert.equal(winners.length, 1);
        const winner = written(winners[0] ?? { ok: false, reason: "not-found" });
        for (const result of results.filter((r) => !r.ok)) {
          assert.deepEqual(result, { ok: false, reason: "conflict", current: winner });
        }
        assert.deepEqual(await store.get("/a/1"), winner);
      });

      test("update of a missing or deleted key answers not-found", async () => {
        assert.deepEqual(await store.update("/a/1", "one", 1), { ok: false, reason: "not-found" });
        const created = written(await store.create("/a/1", "one"));
        written(await store.delete("/a/1"));
        assert.deepEqual(await store.update("/a/1", "two", created.modRevision), { ok: false, reason: "not-found" });
      });

      test("delete without an expected revision removes the key and returns its last value", async () => {
        written(await store.create("/a/1", "one"));
        const deleted = written(await store.delete("/a/1"));
        assert.deepEqual(deleted, { key: "/a/1", value: "one", createRevision: 1, modRevision: 2 });
        assert.equal(await store.get("/a/1"), null);
      });

      test("delete with an expected revision removes the key only while it holds that revision", async () => {
        const created = written(await store.create("/a/1", "one"));
        const updated = written(await store.update("/a/1", "two", created.modRevision));
        assert.deepEqual(await store.delete("/a/1", created.modRevision), {
          ok: false,
          reason: "conflict",
          current: updated,
        });
        assert.deepEqual(await store.get("/a/1"), updated);
        written(await store.delete("/a/1", updated.modRevision));
        assert.equal(await store.get("/a/1"), null);
      });

      test("delete of a missing key answers not-found", async () => {
        assert.deepEqual(await store.delete("/a/1"), { ok: false, reason: "not-found" });
        written(await store.create("/a/1", "one"));
        written(await store.delete("/a/1"));
        assert.deepEqual(await store.delete("/a/1"), { ok: false, reason: "not-found" });
      });

      test("writes issued together are checked in the order they were issued", async () => {
        const [created, duplicate, updated] = await Promise.all([
          store.create("/a/1", "one"),
          store.create("/a/1", "other"),
          store.update("/a/1", "two", 1),
        ]);
        assert.equal(written(created).modRevision, 1);
        assert.equal(!duplicate.ok && duplicate.reason, "exists");
        assert.equal(written(updated).modRevision, 2);
      });
    });

    describe("reads", () => {
      test("list returns the live keys under the prefix in key order and nothing beside them", async () => {
        for (const key of ["/a/2", "/ab/1", "/a/1", "/a/3", "/a", "/b/1"]) written(await store.create(key, key));
        written(await store.delete("/a/3"));
        const list = await store.list("/a/");
        assert.deepEqual(keysOf(list.kvs), ["/a/1", "/a/2"]);
        assert.equal(list.revision, store.currentRevision());
        assert.equal(list.more, false);
        assert.deepEqual(keysOf((await store.list("")).kvs), ["/a", "/a/1", "/a/2", "/ab/1", "/b/1"]);
      });

      test("list at a past revision shows the keys and values as they were then", async () => {
        written(await store.create("/a/1", "one"));
        const second = written(await store.create("/a/2", "two"));
        written(await store.update("/a/1", "one again", 1));
        written(await store.delete("/a/2"));
        written(await store.create("/a/3", "three"));
        const past = await store.list("/a/", { revision: second.modRevision });
        assert.equal(past.revision, 2);
        assert.deepEqual(
          past.kvs.map((kv) => [kv.key, kv.value]),
          [
            ["/a/1", "one"],
            ["/a/2", "two"],
          ],
        );
        const now = await store.list("/a/");
        assert.deepEqual(
          now.kvs.map((kv) => [kv.key, kv.value]),
          [
            ["/a/1", "one again"],
            ["/a/3", "three"],
          ],
        );
      });

      test("list pages through the keys with limit and startKey", async () => {
        for (let i = 0; i < 7; i++) written(await store.create(`/a/${i}`, `${i}`));
        written(await store.delete("/a/3"));
        const revision = store.currentRevision();
        const first = await store.list("/a/", { limit: 3 });
        assert.deepEqual(keysOf(first.kvs), ["/a/0", "/a/1", "/a/2"]);
        assert.equal(first.more, true);
        written(await store.create("/a/25", "written after the first page"));
        const second = await store.list("/a/", { limit: 3, startKey: "/a/2\u0000", revision });
        assert.deepEqual(keysOf(second.kvs), ["/a/4", "/a/5", "/a/6"]);
        assert.equal(second.more, false);
        const beforePrefix = await store.list("/a/", { startKey: "/", limit: 1 });
        assert.deepEqual(keysOf(beforePrefix.kvs), ["/a/0"]);
        assert.deepEqual((await store.list("/a/", { startKey: "/b" })).kvs, []);
      });

      test("list refuses a revision newer than the store", async () => {
        written(await store.create("/a/1", "one"));
        await assert.rejects(store.list("/a/", { revision: 2 }), FutureRevisionError);
      });

      test("count counts the live keys under a prefix", async () => {
        for (const key of ["/a/1", "/a/2", "/a/3", "/ab/1"]) written(await store.create(key, key));
        written(await store.delete("/a/2"));
        written(await store.update("/a/3", "changed", 3));
        assert.equal(await store.count("/a/"), 2);
        assert.equal(await store.count(""), 3);
        assert.equal(await store.count("/c/"), 0);
      });

      test("count at a revision and from a key agrees with list", async () => {
        for (const key of ["/a/1", "/a/2", "/a/3", "/a/4"]) written(await store.create(key, key));
        const before = store.currentRevision();
        written(await store.delete("/a/3"));
        written(await store.create("/a/5", "five"));
        assert.equal(await store.count("/a/", { startKey: "/a/2" }), 3);
        assert.equal(await store.count("/a/", { revision: before, startKey: "/a/2" }), 3);
        assert.equal(await store.count("/a/", { revision: before }), 4);
        assert.equal(await store.count("/a/", { revision: before, startKey: "/b" }), 0);
        await assert.rejects(store.count("/a/", { revision: store.currentRevision() + 1 }), FutureRevisionError);
      });
    });

    describe("watch", () => {
      test("watch replays history, then streams live events, with no gap or duplicate at the seam", async () => {
        // More than one replay page of history, then watches started while writers keep writing.
        await createMany(store, "/seam/pre-", 1_500);
        const writers = startWriters(store, "/seam/live-", 4);
        const watches: Array<{ after: Revision; recorder: Recorder }> = [];
        const startedAt: Revision[] = [];
        // Lets writes go on between starts: time alone does not ensure it while a slow disk holds a flush.
        const progress = async (): Promise<void> => {
          const previous = store.currentRevision();
          do await delay(15);
          while (store.currentRevision() === previous);
        };
        for (let i = 0; i < 6; i++) {
          await progress();
          startedAt.push(store.currentRevision());
          const after = i % 2 === 0 ? 0 : store.currentRevision() - 20;
          watches.push({ after, recorder: new Recorder(store, "/seam/", { afterRevision: after }) });
        }
        await progress();
        const last = await writers.stop();
        startedAt.push(last);
        assert.deepEqual(startedAt, [...new Set(startedAt)].sort((a, b) => a - b), "writes went on between starts");
        for (const { after, recorder } of watches) {
          await recorder.until(last);
          assert.deepEqual(recorder.revisions, range(after + 1, last));
        }
      });

      test("watchers see the same events in the same order", async () => {
        written(await store.create("/order/shared", "0"));
        const early = new Recorder(store, "/order/", { afterRevision: 0 });
        const contenders = Array.from({ length: 4 }, async (_, i) => {
          for (let n = 0; n < 50; n++) {
            const current = await store.get("/order/shared");
            if (current !== null) await store.update("/order/shared", `${i}.${n}`, current.modRevision);
            await store.create(`/order/${i}-${n}`, "x");
          }
        });
        await delay(5);
        const late = new Recorder(store, "/order/", { afterRevision: 0 });
        await Promise.all(contenders);
        const last = store.currentRevision();
        await Promise.all([early.until(last), late.until(last)]);
        assert.deepEqual(late.events, early.events);
        assert.deepEqual(early.revisions, range(1, last));
      });

      test("put events carry the previous value and delete events the deleted one, live and replayed", async () => {
        const live = new Recorder(store, "/a/", { afterRevision: 0 });
        const created = written(await store.create("/a/1", "one"));
        const updated = written(await store.update("/a/1", "two", created.modRevision));
        written(await store.delete("/a/1"));
        const expected = [
          { type: "put", kv: created, prev: null },
          { type: "put", kv: updated, prev: created },
          { type: "delete", kv: { ...updated, modRevision: 3 }, prev: updated },
        ];
        await live.until(3);
        assert.deepEqual(live.events, expected);
        const replayed = new Recorder(store, "/a/", { afterRevision: 0 });
        await replayed.until(3);
        assert.deepEqual(replayed.events, expected);
      });

      test("a synchronous watch has each write's event by the time the write is acknowledged", async () => {
        written(await store.create("/sync/0", "before"));
        const recorder = new Recorder(store, "/sync/", { afterRevision: 0, synchronous: true });
        await recorder.until(1);
        for (let n = 1; n <= 20; n++) {
          const kv = written(await store.create(`/sync/${n}`, "x"));
          assert.equal(recorder.events.at(-1)?.kv.modRevision, kv.modRevision);
        }
        assert.deepEqual(recorder.revisions, range(1, 21));
      });

      test("aborting the signal ends a watch with no reason and stops its events", async () => {
        const controller = new AbortController();
        const recorder = new Recorder(store, "/a/", { afterRevision: 0, signal: controller.signal });
        written(await store.create("/a/1", "one"));
        await recorder.until(1);
        controller.abort();
        written(await store.create("/a/2", "two"));
        assert.equal(await recorder.closed, undefined);
        await delay(10);
        assert.deepEqual(recorder.revisions, [1]);
        const preaborted = new Recorder(store, "/a/", { afterRevision: 0, signal: AbortSignal.abort() });
        assert.equal(await preaborted.closed, undefined);
        assert.deepEqual(preaborted.events, []);
      });

      test("a watcher that falls far behind is cut off with overflow while writers and other watchers go on", async () => {
        const slow = new Recorder(store, "/load/", { afterRevision: 0, beforeEach: () => blockFor(0.5) });
        const fast = new Recorder(store, "/load/", { afterRevision: 0 });
        const writes = 15_000;
        await createMany(store, "/load/", writes);
        assert.equal(await slow.closed, "overflow");
        assert.ok(slow.events.length < writes - 10_000, `the slow watcher saw ${slow.events.length} events`);
        assert.deepEqual(slow.revisions, range(1, slow.events.length), "what it saw has no gap");
        await fast.until(writes);
        assert.equal(fast.events.length, writes);
      });

      test("close ends the open watches with closed", async () => {
        const recorder = new Recorder(store, "/a/", { afterRevision: 0 });
        await store.close();
        assert.equal(await recorder.closed, "closed");
        store = await open();
      });
    });

    describe("compaction", () => {
      test("compaction keeps the newest row of each live key and makes older revisions unreadable", async () => {
        written(await store.create("/a/1", "one")); // 1
        written(await store.update("/a/1", "two", 1)); // 2
        written(await store.create("/a/2", "gone")); // 3
        written(await store.delete("/a/2")); // 4
        written(await store.create("/a/3", "three")); // 5
        written(await store.update("/a/1", "three", 2)); // 6
        const result = await store.compact(5);
        assert.deepEqual(result, { removed: 3, compactRevision: 5 });
        assert.equal(store.compactRevision(), 5);

        await assert.rejects(store.list("/a/", { revision: 4 }), CompactedError);
        const atCompaction = await store.list("/a/", { revision: 5 });
        assert.deepEqual(
          atCompaction.kvs.map((kv) => [kv.key, kv.value]),
          [
            ["/a/1", "two"],
            ["/a/3", "three"],
          ],
        );
        assert.deepEqual(keysOf((await store.list("/a/")).kvs), ["/a/1", "/a/3"]);

        const tooOld = new Recorder(store, "/a/", { afterRevision: 4 });
        assert.equal(await tooOld.closed, "compacted");
        assert.deepEqual(tooOld.events, []);
        const fromCompaction = new Recorder(store, "/a/", { afterRevision: 5 });
        await fromCompaction.until(6);
        assert.deepEqual(fromCompaction.events, [
          {
            type: "put",
            kv: { key: "/a/1", value: "three", createRevision: 1, modRevision: 6 },
            prev: { key: "/a/1", value: "two", createRevision: 1, modRevision: 2 },
          },
        ]);
      });

      test("compaction never passes the current revision and never moves back", async () => {
        await createMany(store, "/a/", 3);
        assert.deepEqual(await store.compact(100), { removed: 0, compactRevision: 3 });
        assert.deepEqual(await store.compact(1), { removed: 0, compactRevision: 3 });
      });

      test("a watch replaying history is closed with compacted when compaction overtakes it", async () => {
        await createMany(store, "/a/", 3_000);
        // The first replay page (1,000 rows) is read; while the slow handler works
        // through it, compaction passes the point where the second page starts.
        let compaction: Promise<unknown> | undefined;
        const recorder = new Recorder(store, "/a/", {
          afterRevision: 0,
          beforeEach: () => {
            compaction ??= store.compact(2_500);
            blockFor(0.2);
          },
        });
        assert.equal(await recorder.closed, "compacted");
        await compaction;
        assert.deepEqual(recorder.revisions, range(1, 1_000));
      });
    });
  });
}

function written(result: WriteResult): KeyValue {
  assert.ok(result.ok, `expected the write to succeed, got ${JSON.stringify(result)}`);
  return result.kv;
}

function keysOf(kvs: readonly KeyValue[]): string[] {
  return kvs.map((kv) => kv.key);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Creates `count` keys, 500 in flight at a time. */
async function createMany(store: Backend, prefix: string, count: number): Promise<void> {
  for (let start = 0; start < count; start += 500) {
    const batch = Array.from({ length: Math.min(500, count - start) }, (_, i) =>
      store.create(`${prefix}${String(start + i).padStart(6, "0")}`, "x".repeat(200)),
    );
    for (const result of await Promise.all(batch)) written(result);
  }
}

/** Writers creating keys one after another until stopped; `stop` returns the last revision. */
function startWriters(store: Backend, prefix: string, count: number): { stop(): Promise<Revision> } {
  let stopped = false;
  const loops = Array.from({ length: count }, async (_, writer) => {
    for (let n = 0; !stopped; n++) written(await store.create(`${prefix}${writer}-${n}`, "x".repeat(200)));
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return store.currentRevision();
    },
  };
}

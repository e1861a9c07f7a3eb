import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkReadRevision, eventOf, listRange, planWrite, prefixRange } from "./log.js";
import type { LogRow } from "./log.js";
import { CompactedError, FutureRevisionError } from "./types.js";

describe("prefixRange", () => {
  const cases: Array<[string, string, string | null]> = [
    ["a plain prefix ends just after its last character", "/registry/pods/", "/registry/pods0"],
    ["the empty prefix covers every key", "", null],
    ["a non-ASCII last character steps to the next code point", "/é", "/ê"],
    ["an astral last character steps as one code point", "/\u{1F600}", "/\u{1F601}"],
    ["the last code point before the surrogates steps over them", "/\uD7FF", "/\uE000"],
    ["a trailing maximal code point carries to the one before", "/a\u{10FFFF}", "/b"],
    ["a prefix of maximal code points only has no end", "\u{10FFFF}\u{10FFFF}", null],
  ];
  for (const [name, prefix, end] of cases) {
    test(name, () => assert.deepEqual(prefixRange(prefix), { start: prefix, end }));
  }

  test("every key under the prefix sorts inside the range as UTF-8 bytes, and its neighbours outside", () => {
    const prefix = "/a\uFFFF";
    const { end } = prefixRange(prefix);
    const bytes = (key: string): Buffer => Buffer.from(key);
    assert.ok(end !== null);
    for (const key of [prefix, `${prefix}\u0000`, `${prefix}\u{10FFFF}z`]) {
      assert.ok(Buffer.compare(bytes(key), bytes(end)) < 0, key);
    }
    assert.ok(Buffer.compare(bytes("/a\u{10000}"), bytes(end)) >= 0);
  });
});

describe("listRange", () => {
  test("a start key inside the prefix moves the start", () => {
    assert.deepEqual(listRange("/a/", "/a/k"), { start: "/a/k", end: "/a0" });
  });
  test("a start key before the prefix is ignored", () => {
    assert.deepEqual(listRange("/a/", "/"), { start: "/a/", end: "/a0" });
  });
  test("start keys compare as UTF-8 bytes, where an astral character follows U+FFFF", () => {
    assert.deepEqual(listRange("/\uFFFF", "/\u{10000}"), { start: "/\u{10000}", end: "/\u{10000}" });
  });
});

describe("checkReadRevision", () => {
  test("a revision at the compaction point or up to the current one is readable", () => {
    checkReadRevision(5, 9, 5);
    checkReadRevision(9, 9, 5);
  });
  test("an older revision is compacted and a newer one is in the future", () => {
    assert.throws(() => checkReadRevision(4, 9, 5), CompactedError);
    assert.throws(() => checkReadRevision(10, 9, 5), FutureRevisionError);
  });
});

describe("planWrite", () => {
  const live: LogRow = {
    revision: 4,
    key: "/k",
    created: false,
    deleted: false,
    createRevision: 2,
    prevRevision: 2,
    value: "v4",
    oldValue: "v2",
  };
  const tombstone: LogRow = { ...live, revision: 5, deleted: true, prevRevision: 4, value: null, oldValue: "v4" };

  test("a create over a tombstone links to it and reports no previous value", () => {
    const plan = planWrite({ op: "create", key: "/k", value: "new" }, tombstone, 6);
    assert.ok(plan.ok);
    assert.deepEqual(plan.row, {
      revision: 6,
      key: "/k",
      created: true,
      deleted: false,
      createRevision: 6,
      prevRevision: 5,
      value: "new",
      oldValue: null,
    });
    assert.equal(plan.event.prev, null);
  });

  test("a delete keeps the deleted value in the row so replay can report it", () => {
    const plan = planWrite({ op: "delete", key: "/k" }, live, 5);
    assert.ok(plan.ok);
    assert.deepEqual(plan.row, tombstone);
    assert.deepEqual(eventOf(plan.row), plan.event);
    assert.deepEqual(plan.event, {
      type: "delete",
      kv: { key: "/k", value: "v4", createRevision: 2, modRevision: 5 },
      prev: { key: "/k", value: "v4", createRevision: 2, modRevision: 4 },
    });
  });

  test("writes to a deleted key find nothing to update or delete", () => {
    assert.deepEqual(planWrite({ op: "update", key: "/k", value: "x", expectedRevision: 5 }, tombstone, 6), {
      ok: false,
      result: { ok: false, reason: "not-found" },
    });
    assert.deepEqual(planWrite({ op: "delete", key: "/k" }, tombstone, 6), {
      ok: false,
      result: { ok: false, reason: "not-found" },
    });
  });
});

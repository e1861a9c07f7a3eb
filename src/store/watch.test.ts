import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Broadcaster } from "./watch.js";
import type { History } from "./watch.js";
import type { WatchEvent } from "./types.js";

/** A history held in an array, as a log would return it. */
function historyOf(events: readonly WatchEvent[]): History {
  return {
    after: async (prefix, afterRevision, limit) =>
      events.filter((e) => e.kv.key.startsWith(prefix) && e.kv.modRevision > afterRevision).slice(0, limit),
  };
}

function put(key: string, revision: number): WatchEvent {
  return { type: "put", kv: { key, value: "v", createRevision: revision, modRevision: revision }, prev: null };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe("Broadcaster", () => {
  test("events published after commit reach the watcher on a later turn, not in the publisher's call", async () => {
    const broadcaster = new Broadcaster(historyOf([]));
    const seen: number[] = [];
    broadcaster.watch("/a/", { afterRevision: 0 }, { onEvent: (e) => seen.push(e.kv.modRevision), onClose: () => {} });
    await nextTurn();
    broadcaster.publish([put("/a/1", 1), put("/b/1", 2), put("/a/2", 3)]);
    assert.deepEqual(seen, []);
    // Delivery yields after a few milliseconds of handlers, so on a busy machine it may take more than one turn.
    for (let turn = 0; turn < 100 && seen.length < 2; turn++) await nextTurn();
    assert.deepEqual(seen, [1, 3]);
  });

  test("a handler that throws ends its own watch only and is reported as a warning", async () => {
    const broadcaster = new Broadcaster(historyOf([]));
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const reasons: Array<string | undefined> = [];
      const healthy: number[] = [];
      const failing = (): void => {
        throw new Error("Handler bug");
      };
      broadcaster.watch("/", { afterRevision: 0 }, { onEvent: failing, onClose: (r) => reasons.push(r) });
      const onEvent = (e: WatchEvent): void => void healthy.push(e.kv.modRevision);
      broadcaster.watch("/", { afterRevision: 0 }, { onEvent, onClose: () => {} });
      await nextTurn();
      broadcaster.publish([put("/a", 1)]);
      broadcaster.publish([put("/b", 2)]);
      for (let turn = 0; turn < 100 && (healthy.length < 2 || reasons.length < 1 || warnings.length < 1); turn++) await nextTurn();
      assert.deepEqual(reasons, ["closed"]);
      assert.deepEqual(healthy, [1, 2]);
      assert.equal(broadcaster.size, 1);
      assert.deepEqual(
        warnings.map((w) => w.message),
        ["Handler bug"],
      );
    } finally {
      process.off("warning", onWarning);
    }
  });

  test("an ended watch is unsubscribed and gets no further events", async () => {
    const broadcaster = new Broadcaster(historyOf([put("/a", 1)]), { queueLimit: 2 });
    const reasons: Array<string | undefined> = [];
    broadcaster.watch("/", { afterRevision: 0 }, { onEvent: () => {}, onClose: (r) => reasons.push(r) });
    broadcaster.publish([put("/b", 2), put("/c", 3), put("/d", 4)]);
    assert.equal(broadcaster.size, 0, "three queued events exceed a limit of two");
    await nextTurn();
    assert.deepEqual(reasons, ["overflow"]);
  });
});

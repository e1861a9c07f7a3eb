import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { startCompactor } from "./compactor.js";
import { openSqliteBackend } from "./index.js";
import type { Backend } from "./types.js";

describe("startCompactor", () => {
  let store: Backend;
  beforeEach(async () => {
    store = await openSqliteBackend({ path: ":memory:" });
    for (let i = 0; i < 30; i++) await store.create(`/a/${i}`, "x");
  });
  afterEach(() => store.close());

  test("compactOnce keeps the most recent revisions readable", async () => {
    const compactor = startCompactor(store, { keepRevisions: 10 });
    try {
      assert.deepEqual(await compactor.compactOnce(), { removed: 0, compactRevision: 20 });
      assert.equal(await compactor.compactOnce(), null, "nothing new to compact");
    } finally {
      compactor.stop();
    }
  });

  test("the timer compacts on its own until the compactor is stopped", async () => {
    const compactor = startCompactor(store, { intervalMs: 5, keepRevisions: 5 });
    await waitFor(() => store.compactRevision() === 25);
    compactor.stop();
    for (let i = 0; i < 10; i++) await store.create(`/b/${i}`, "x");
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(store.compactRevision(), 25);
  });

  test("aborting the signal stops the compactor", async () => {
    const controller = new AbortController();
    startCompactor(store, { intervalMs: 5, keepRevisions: 5, signal: controller.signal });
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(store.compactRevision(), 0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("The condition never held");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

import { test } from "node:test";
import assert from "node:assert/strict";
import { WorkQueue } from "./workqueue.js";

test("a key added many times waits in the queue once", async () => {
  const queue = new WorkQueue();
  queue.add("a");
  queue.add("a");
  queue.add("b");
  assert.equal(queue.length, 2);
  assert.equal(await queue.get(), "a");
  assert.equal(await queue.get(), "b");
});

test("a key added while being processed is processed again after done, never twice at once", async () => {
  const queue = new WorkQueue();
  queue.add("a");
  const key = await queue.get();
  queue.add("a");
  assert.equal(queue.length, 0, "not queued while processing");
  queue.done(key ?? "");
  assert.equal(await queue.get(), "a");
});

test("addRateLimited backs off exponentially until forget", async () => {
  const queue = new WorkQueue({ baseDelayMs: 20 });
  // Timed from the first add, whose timer the wait is for: a busy machine may run this test slowly.
  const start = Date.now();
  queue.addRateLimited("a");
  queue.addRateLimited("a");
  assert.equal(queue.failures("a"), 2);
  assert.equal(await queue.get(), "a");
  assert.ok(Date.now() - start >= 15, "the first retry waits the base delay");
  queue.forget("a");
  assert.equal(queue.failures("a"), 0);
});

test("shutDown releases waiting workers with undefined", async () => {
  const queue = new WorkQueue();
  const waiting = queue.get();
  queue.shutDown();
  assert.equal(await waiting, undefined);
});

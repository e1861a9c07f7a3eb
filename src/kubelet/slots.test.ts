import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { Slots } from "./slots.js";

test("Slots runs at most its size at once, and the rest in the order they asked", async () => {
  const slots = new Slots(2);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const finished: number[] = [];
  await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      slots.run(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await delay(5);
        running--;
        finished.push(i);
      }),
    ),
  );
  assert.equal(most, 2);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(finished.slice(0, 2).sort(), [0, 1]);
});

test("Slots frees a slot when a task fails, and hands its error back", async () => {
  const slots = new Slots(1);
  await assert.rejects(slots.run(() => Promise.reject(new Error("no sandbox"))), /no sandbox/);
  assert.equal(await slots.run(async () => "next"), "next");
  assert.throws(() => new Slots(0), /above 0/);
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GroupCommit } from "./group-commit.js";

/** A group commit whose transactions double numbers and remember each batch. */
function doubling(options: { maxBatch?: number; failOn?: number } = {}) {
  const batches: number[][] = [];
  const group = new GroupCommit<number, number>(
    (requests) => {
      batches.push([...requests]);
      if (options.failOn !== undefined && requests.includes(options.failOn)) throw new Error("Disk full");
      return requests.map((n) => n * 2);
    },
    { maxBatch: options.maxBatch },
  );
  return { group, batches };
}

describe("GroupCommit", () => {
  test("writes issued in the same turn are committed as one batch, in order", async () => {
    const { group, batches } = doubling();
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => group.submit(n))), [2, 4, 6]);
    assert.deepEqual(batches, [[1, 2, 3]]);
  });

  test("nothing is committed before the turn ends", async () => {
    const { group, batches } = doubling();
    const answer = group.submit(1);
    await Promise.resolve();
    assert.deepEqual(batches, []);
    assert.equal(await answer, 2);
  });

  test("a full batch closes and the next write opens another transaction", async () => {
    const { group, batches } = doubling({ maxBatch: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => group.submit(n)));
    assert.deepEqual(batches, [[1, 2], [3, 4], [5]]);
  });

  test("clients that write again as soon as they are answered share the next batch", async () => {
    const { group, batches } = doubling();
    await Promise.all(
      [0, 1, 2].map(async (client) => {
        for (let n = 0; n < 3; n++) await group.submit(client * 10 + n);
      }),
    );
    assert.deepEqual(batches, [
      [0, 10, 20],
      [1, 11, 21],
      [2, 12, 22],
    ]);
  });

  test("a failed commit fails every write of its batch and no other", async () => {
    const { group } = doubling({ maxBatch: 2, failOn: 3 });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => group.submit(n)));
    assert.deepEqual(
      results.map((result) => result.status),
      ["fulfilled", "fulfilled", "rejected", "rejected", "fulfilled"],
    );
  });

  test("while a commit waits for its flush, later writes fill the next batch and are answered after it", async () => {
    const batches: number[][] = [];
    const flushes: (() => void)[] = [];
    const group = new GroupCommit<number, number>((requests) => {
      batches.push([...requests]);
      return new Promise((resolve) => flushes.push(() => resolve(requests.map((n) => n * 2))));
    });
    const answered: number[] = [];
    const first = group.submit(1).then((answer) => answered.push(answer));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(batches, [[1]]);
    const later = [2, 3].map((n) => group.submit(n).then((answer) => answered.push(answer)));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(batches, [[1]], "the next batch waits for the pending flush");
    assert.deepEqual(answered, [], "nothing is answered before its flush");
    flushes.shift()?.();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(batches, [[1], [2, 3]]);
    assert.deepEqual(answered, [2]);
    flushes.shift()?.();
    await Promise.all(later);
    assert.deepEqual(answered, [2, 4, 6]);
  });

  test("a failed flush fails its batch only", async () => {
    let calls = 0;
    const group = new GroupCommit<number, number>((requests) =>
      calls++ === 0 ? Promise.reject(new Error("I/O error")) : Promise.resolve(requests.map((n) => n * 2)),
    );
    const first = assert.rejects(group.submit(1), /I\/O error/);
    await new Promise((resolve) => setImmediate(resolve));
    const second = group.submit(2);
    await first;
    assert.equal(await second, 4);
  });

  test("close waits for pending flushes and commits what is queued", async () => {
    const group = new GroupCommit<number, number>((requests) => new Promise((resolve) => setTimeout(() => resolve(requests.map((n) => n * 2)), 5)));
    const first = group.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const queued = group.submit(2);
    await group.close();
    assert.deepEqual(await Promise.all([first, queued]), [2, 4]);
  });

  test("close commits what is queued and refuses later writes", async () => {
    const { group, batches } = doubling({ maxBatch: 2 });
    const queued = [1, 2, 3].map((n) => group.submit(n));
    group.close();
    assert.deepEqual(batches, [[1, 2], [3]]);
    assert.deepEqual(await Promise.all(queued), [2, 4, 6]);
    await assert.rejects(group.submit(4), /closed/);
  });
});

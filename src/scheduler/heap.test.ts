import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyedHeap } from "./heap.js";

test("a keyed heap pops in order, replaces by key and deletes from the middle", () => {
  const heap = new KeyedHeap<{ key: string; rank: number }>({ key: (i) => i.key, less: (a, b) => a.rank < b.rank });
  for (const [key, rank] of [["a", 5], ["b", 1], ["c", 9], ["d", 3], ["e", 7]] as const) heap.push({ key, rank });
  heap.push({ key: "c", rank: 0 });
  heap.delete("d");
  assert.equal(heap.has("d"), false);
  const order: string[] = [];
  for (let item = heap.pop(); item; item = heap.pop()) order.push(item.key);
  assert.deepEqual(order, ["c", "b", "a", "e"]);
  assert.equal(heap.size, 0);
});

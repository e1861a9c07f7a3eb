import { test } from "node:test";
import assert from "node:assert/strict";
import type { ClusterEvent } from "./framework/index.js";
import { SchedulingQueue, type SchedulingQueueOptions } from "./queue.js";

const pluginEvents = new Map<string, ReadonlySet<ClusterEvent>>([
  ["NodeResourcesFit", new Set<ClusterEvent>(["NodeAdd", "AssignedPodDelete"])],
  ["InterPodAffinity", new Set<ClusterEvent>(["AssignedPodAdd"])],
]);

function queueWithClock(options: Partial<SchedulingQueueOptions> = {}) {
  let now = 1_000_000;
  const queue = new SchedulingQueue({ pluginEvents, now: () => now, ...options });
  return { queue, advance: (ms: number) => (now += ms) };
}

test("pop returns higher priority first, then the pod that waited longest", async () => {
  const { queue, advance } = queueWithClock();
  queue.add("dev/low", 0);
  advance(1);
  queue.add("dev/high-old", 10);
  advance(1);
  queue.add("dev/high-new", 10);
  queue.add("dev/high-old", 10);
  const order = [];
  for (let i = 0; i < 3; i++) order.push((await queue.pop())?.key);
  assert.deepEqual(order, ["dev/high-old", "dev/high-new", "dev/low"]);
  queue.close();
});

test("an unschedulable pod moves only on events its rejecting plugins registered", async () => {
  const cases: [string, string[], ClusterEvent, boolean][] = [
    ["a registered event", ["NodeResourcesFit"], "NodeAdd", true],
    ["an unrelated event", ["NodeResourcesFit"], "AssignedPodAdd", false],
    ["any of several plugins", ["NodeResourcesFit", "InterPodAffinity"], "AssignedPodAdd", true],
    ["no plugins: any event", [], "NodeUpdate", true],
  ];
  for (const [name, plugins, event, moves] of cases) {
    const { queue, advance } = queueWithClock();
    queue.add("dev/p", 0);
    await queue.pop();
    queue.requeueUnschedulable("dev/p", new Set(plugins));
    advance(60_000);
    queue.onEvent(event);
    assert.deepEqual(queue.counts, { active: moves ? 1 : 0, backoff: 0, unschedulable: moves ? 0 : 1, inFlight: 0 }, name);
    queue.close();
  }
});

/** A queue whose pod has failed `attempts` times, the last failure `sinceMs` ago; then an event arrives. */
async function afterFailures(attempts: number, sinceMs: number) {
  const { queue, advance } = queueWithClock();
  queue.add("dev/p", 0);
  for (let i = 1; i <= attempts; i++) {
    const popped = await queue.pop();
    assert.equal(popped?.attempts, i);
    queue.requeueUnschedulable("dev/p", new Set());
    advance(i < attempts ? 60_000 : sinceMs);
    queue.onEvent("NodeAdd");
  }
  const counts = queue.counts;
  queue.close();
  return counts;
}

test("back-off doubles with each attempt from 1 s up to 10 s", async () => {
  const cases: [number, number][] = [
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10_000],
    [8, 10_000],
  ];
  for (const [attempts, backoff] of cases) {
    assert.equal((await afterFailures(attempts, backoff - 1)).backoff, 1, `attempt ${attempts}: backing off at ${backoff - 1} ms`);
    assert.equal((await afterFailures(attempts, backoff)).active, 1, `attempt ${attempts}: active at ${backoff} ms`);
  }
});

test("a pod past its back-off goes straight to active on an event", async () => {
  const { queue, advance } = queueWithClock();
  queue.add("dev/p", 0);
  await queue.pop();
  queue.requeueUnschedulable("dev/p", new Set(["NodeResourcesFit"]));
  advance(1000);
  queue.onEvent("AssignedPodDelete");
  assert.equal(queue.counts.active, 1);
  queue.close();
});

test("a backing-off pod becomes poppable when its back-off ends", async () => {
  const queue = new SchedulingQueue({ pluginEvents, initialBackoffMs: 20 });
  queue.add("dev/p", 0);
  await queue.pop();
  queue.requeueBackoff("dev/p");
  assert.equal(queue.counts.backoff, 1);
  // The queue's timers do not hold the process open; this one does, as a running server would.
  const alive = setTimeout(() => assert.fail("the back-off never ended"), 5000);
  const again = await queue.pop();
  clearTimeout(alive);
  assert.equal(again?.key, "dev/p");
  assert.equal(again?.attempts, 2);
  queue.close();
});

test("unschedulable pods are retried after five minutes without any event", async () => {
  const { queue, advance } = queueWithClock();
  queue.add("dev/p", 0);
  await queue.pop();
  queue.requeueUnschedulable("dev/p", new Set(["NodeResourcesFit"]));
  advance(299_999);
  queue.flushUnschedulable();
  assert.equal(queue.counts.unschedulable, 1);
  advance(1);
  queue.flushUnschedulable();
  assert.equal(queue.counts.active, 1);
  queue.close();
});

test("adding an unschedulable pod again (its spec changed) retries it; delete forgets it everywhere", async () => {
  const { queue, advance } = queueWithClock();
  queue.add("dev/p", 0);
  await queue.pop();
  queue.requeueUnschedulable("dev/p", new Set(["NodeResourcesFit"]));
  advance(5000);
  queue.add("dev/p", 0);
  assert.equal(queue.counts.active, 1);
  queue.delete("dev/p");
  assert.deepEqual(queue.counts, { active: 0, backoff: 0, unschedulable: 0, inFlight: 0 });
  queue.close();
});

test("a waiting pop is answered by the next add, and by undefined on close", async () => {
  const { queue } = queueWithClock();
  const waiting = queue.pop();
  queue.add("dev/p", 0);
  assert.equal((await waiting)?.key, "dev/p");
  const second = queue.pop();
  queue.close();
  assert.equal(await second, undefined);
});

test("popReady takes active pods in order without waiting, counts the attempt, and answers undefined when none is active", () => {
  const { queue, advance } = queueWithClock();
  queue.add("dev/a", 0);
  advance(1);
  queue.add("dev/b", 5);
  const first = queue.popReady();
  assert.equal(first?.key, "dev/b");
  assert.equal(first?.attempts, 1);
  assert.equal(queue.popReady()?.key, "dev/a");
  assert.equal(queue.popReady(), undefined);
  assert.deepEqual(queue.counts, { active: 0, backoff: 0, unschedulable: 0, inFlight: 2 });
  queue.close();
});

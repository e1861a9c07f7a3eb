import assert from "node:assert/strict";
import { test } from "node:test";
import { PodStops, stopOrder, type StopOutcome } from "./pod-kill.js";

test("stopOrder() makes each running sidecar wait for the main containers and every later running sidecar", () => {
  const spec = {
    initContainers: [{ name: "setup" }, { name: "a", restartPolicy: "Always" }, { name: "b", restartPolicy: "Always" }, { name: "c", restartPolicy: "Always" }],
    containers: [{ name: "main" }, { name: "done" }],
  };
  const order = stopOrder(spec, ["a", "b", "c", "main"]);
  assert.deepEqual(Object.fromEntries(order), { a: ["main", "b", "c"], b: ["main", "c"], c: ["main"] });
  assert.deepEqual(Object.fromEntries(stopOrder(spec, ["a", "c"])), { a: ["c"], c: [] }, "stopped containers are not waited for");
  assert.equal(stopOrder({ containers: [{ name: "main" }] }, ["main"]).size, 0, "without sidecars nothing waits");
});

test("PodStops runs one stop per pod at a time and reports how each ended", async () => {
  const stops = new PodStops();
  const outcomes: StopOutcome[] = [];
  let finish = (): void => undefined;
  const ended = new Promise<void>((resolve) => {
    stops.start("u1", 30, () => new Promise<void>((stopped) => (finish = stopped)), (outcome) => {
      outcomes.push(outcome);
      resolve();
    });
  });
  let second = false;
  stops.start("u1", 30, async () => {
    second = true;
  }, () => undefined);
  assert.equal(stops.busy("u1"), true);
  assert.equal(stops.busy("u2"), false);
  finish();
  await ended;
  assert.equal(second, false, "a second stop of a busy pod is not run");
  assert.equal(stops.busy("u1"), false);
  const failed = await new Promise<StopOutcome>((resolve) => stops.start("u2", 30, () => Promise.reject(new Error("runtime gone")), resolve));
  assert.deepEqual(outcomes, [{ ok: true }]);
  assert.equal(failed.ok, false);
  assert.match(failed.ok ? "" : String(failed.error), /runtime gone/);
});

test("PodStops.shorten() answers true only for a grace period that ends before the one under way", () => {
  const stops = new PodStops();
  assert.equal(stops.shorten("u1", 5), false, "no stop under way");
  stops.start("u1", 300, () => new Promise<void>(() => undefined), () => undefined);
  assert.equal(stops.shorten("u1", 300), false, "the same period ends no sooner");
  assert.equal(stops.shorten("u1", 30), true);
  assert.equal(stops.shorten("u1", 30), false, "already shortened to it");
  assert.equal(stops.shorten("u1", 5), true);
  assert.equal(stops.shorten("u1", 10), false, "a longer period does not lengthen it again");
});

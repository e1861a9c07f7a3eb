import { test } from "node:test";
import assert from "node:assert/strict";
import { EventCorrelator, type CorrelatedEvent, type EventToCorrelate } from "./event-correlator.js";

const pod = { apiVersion: "v1", kind: "Pod", namespace: "default", name: "web", uid: "u1" };

function event(message: string, overrides: Partial<EventToCorrelate> = {}): EventToCorrelate {
  return { component: "kubelet", subject: pod, type: "Warning", reason: "BackOff", message, ...overrides };
}

/** A correlator on a clock the test moves, naming Events e1, e2, … */
function correlator() {
  const clock = { ms: 1_000_000 };
  let names = 0;
  const c = new EventCorrelator({ nowMs: () => clock.ms });
  const correlate = (e: EventToCorrelate): CorrelatedEvent | undefined => c.correlate(e, "2026-11-26T00:00:00Z", () => `e${++names}`);
  return { clock, correlate };
}

test("a repeat counts on the first Event; a different message is a new Event", () => {
  const { correlate } = correlator();
  const first = correlate(event("back-off 10s"));
  const again = correlate(event("back-off 10s"));
  const other = correlate(event("back-off 20s"));
  assert.deepEqual([first?.name, first?.count, first?.repeat], ["e1", 1, false]);
  assert.deepEqual([again?.name, again?.count, again?.repeat, again?.key], ["e1", 2, true, first?.key]);
  assert.deepEqual([other?.name, other?.count, other?.repeat], ["e2", 1, false]);
  assert.notEqual(other?.key, first?.key);
});

test("the same event about another object, or from another component, is its own Event", () => {
  const { correlate } = correlator();
  const names = [
    correlate(event("m")),
    correlate(event("m", { subject: { ...pod, uid: "u2" } })),
    correlate(event("m", { component: "default-scheduler" })),
    correlate(event("m", { type: "Normal" })),
    correlate(event("m", { reason: "Failed" })),
  ].map((c) => c?.name);
  assert.deepEqual(names, ["e1", "e2", "e3", "e4", "e5"]);
});

test("the tenth distinct message of one reason within ten minutes is combined, and later ones count on it", () => {
  const { correlate } = correlator();
  const separate = Array.from({ length: 9 }, (_, i) => correlate(event(`message ${i}`)));
  assert.ok(separate.every((c) => c !== undefined && !c.message.startsWith("(combined")));
  const tenth = correlate(event("message 9"));
  const eleventh = correlate(event("message 10"));
  assert.equal(tenth?.message, "(combined from similar events): message 9");
  assert.deepEqual([tenth?.count, tenth?.repeat], [1, false]);
  assert.equal(eleventh?.message, "(combined from similar events): message 10");
  assert.deepEqual([eleventh?.name, eleventh?.count, eleventh?.repeat], [tenth?.name, 2, true]);
  // Another reason of the same object is not combined with them.
  assert.equal(correlate(event("message 0", { reason: "Failed" }))?.message, "message 0");
});

test("similar messages spread over more than ten minutes are never combined", () => {
  const { clock, correlate } = correlator();
  for (let i = 0; i < 20; i++) {
    clock.ms += 601_000;
    assert.equal(correlate(event(`message ${i}`))?.message, `message ${i}`);
  }
});

test("after a burst of 25 Events about one object, one more is written every five minutes, with the full count", () => {
  const { clock, correlate } = correlator();
  const burst = Array.from({ length: 25 }, (_, i) => correlate(event(`m${i % 5}`)));
  assert.ok(burst.every((c) => c !== undefined));
  assert.equal(correlate(event("m0")), undefined);
  assert.equal(correlate(event("m1")), undefined);
  // Another object has its own bucket.
  assert.ok(correlate(event("m0", { subject: { ...pod, name: "db", uid: "u9" } })));
  clock.ms += 299_000;
  assert.equal(correlate(event("m0")), undefined);
  clock.ms += 1_500;
  const refilled = correlate(event("m0"));
  // m0: 5 in the burst, 2 held back, this one.
  assert.deepEqual([refilled?.count, refilled?.repeat], [8, true]);
  assert.equal(correlate(event("m0")), undefined);
});

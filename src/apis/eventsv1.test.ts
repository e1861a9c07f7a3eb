import { test } from "node:test";
import assert from "node:assert/strict";
import { coreEventToV1, eventV1ToCore, eventsV1View } from "./eventsv1.js";
import type { KubeObject } from "./types.js";

const v1Event: KubeObject = {
  apiVersion: "events.k8s.io/v1",
  kind: "Event",
  metadata: { name: "e", namespace: "default" },
  eventTime: "2025-01-01T12:00:00.000000Z",
  reportingController: "example.com/tester",
  reportingInstance: "tester-1",
  action: "Testing",
  reason: "Hello",
  note: "a note",
  type: "Normal",
  regarding: { kind: "Pod", name: "web", namespace: "default" },
  deprecatedSource: { component: "tester" },
  deprecatedCount: 3,
  series: { count: 2, lastObservedTime: "2025-01-01T12:01:00.000000Z" },
};

test("events.k8s.io/v1 fields map onto the core v1 names", () => {
  const core = eventV1ToCore(v1Event);
  assert.equal(core.apiVersion, "v1");
  assert.deepEqual(core.involvedObject, v1Event.regarding);
  assert.equal(core.message, "a note");
  assert.equal(core.reportingComponent, "example.com/tester");
  assert.deepEqual(core.source, { component: "tester" });
  assert.equal(core.count, 3);
  for (const renamed of ["regarding", "note", "reportingController", "deprecatedSource", "deprecatedCount"]) assert.equal(core[renamed], undefined, renamed);
  assert.deepEqual(core.series, v1Event.series);
});

test("a core event converted to events.k8s.io/v1 and back is unchanged", () => {
  assert.deepEqual(coreEventToV1(eventV1ToCore(v1Event)), v1Event);
});

test("events.k8s.io/v1 events print like core events and select on core field names", () => {
  const cells = eventsV1View.kind.columns.filter((column) => column.priority === 0).map((column) => column.cell(v1Event, new Date("2025-01-01T12:05:00Z")));
  assert.deepEqual(cells, ["4m", "Normal", "Hello", "pod/web", "a note"]);
  assert.equal(eventsV1View.kind.selectableFields?.(v1Event)["involvedObject.name"], "web");
});

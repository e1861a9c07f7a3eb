/**
 * Event events.k8s.io/v1, served from the core v1 Events as upstream does:
 * one object, two shapes. The newer names map onto the older fields
 * (regarding ↔ involvedObject, note ↔ message, reportingController ↔
 * reportingComponent, deprecatedSource/FirstTimestamp/LastTimestamp/Count ↔
 * source/firstTimestamp/lastTimestamp/count); the rest is shared.
 */
import { objectSchema } from "./common/meta.js";
import { objectField } from "./common/core-schemas.js";
import { objectReferenceSchema } from "./common/reference-schemas.js";
import { dateTime, describe, int32, string } from "./common/schema-builders.js";
import { eventKind } from "./event.js";
import type { KindDefinition, KubeObject } from "./types.js";
import { convertedColumns, type VersionView } from "./version-view.js";

/** events.k8s.io/v1 field → core v1 field, for the fields whose names differ. */
const RENAMED: readonly (readonly [string, string])[] = [
  ["regarding", "involvedObject"],
  ["note", "message"],
  ["reportingController", "reportingComponent"],
  ["deprecatedSource", "source"],
  ["deprecatedFirstTimestamp", "firstTimestamp"],
  ["deprecatedLastTimestamp", "lastTimestamp"],
  ["deprecatedCount", "count"],
];

function rename(object: KubeObject, pairs: readonly (readonly [string, string])[], apiVersion: string): KubeObject {
  const renamed: KubeObject = { ...object, apiVersion, kind: "Event" };
  for (const [from, to] of pairs) {
    delete renamed[from];
    if (object[from] !== undefined) renamed[to] = object[from];
  }
  return renamed;
}

export function eventV1ToCore(object: KubeObject): KubeObject {
  return rename(object, RENAMED, "v1");
}

export function coreEventToV1(object: KubeObject): KubeObject {
  return rename(
    object,
    RENAMED.map(([v1, core]) => [core, v1] as const),
    "events.k8s.io/v1",
  );
}

const schema = objectSchema(
  "A report of something that happened to an object in the cluster.",
  {
    action: string("What was done, or failed, regarding the object."),
    deprecatedCount: int32("core/v1 count, kept for compatibility."),
    deprecatedFirstTimestamp: dateTime("core/v1 firstTimestamp, kept for compatibility."),
    deprecatedLastTimestamp: dateTime("core/v1 lastTimestamp, kept for compatibility."),
    deprecatedSource: objectField("core/v1 source, kept for compatibility.", {
      component: string("Component that generated the event."),
      host: string("Node on which the event was generated."),
    }),
    eventTime: dateTime("When the event was first observed, with microseconds."),
    note: string("Human-readable description of what happened."),
    reason: string("Short machine-readable CamelCase reason, e.g. FailedScheduling."),
    regarding: describe(objectReferenceSchema, "The object the event is about."),
    related: describe(objectReferenceSchema, "A second object involved, for more complex actions."),
    reportingController: string("Controller that emitted the event, e.g. kubernetes.io/kubelet."),
    reportingInstance: string("Instance of that controller, e.g. kubelet-node1."),
    series: objectField(
      "Data about an event that keeps recurring; absent for singletons.",
      {
        count: int32("Occurrences up to the last heartbeat."),
        lastObservedTime: dateTime("When the last occurrence was observed."),
      },
      ["count", "lastObservedTime"],
    ),
    type: string("Normal or Warning; other types may be added."),
  },
  ["metadata", "eventTime"],
);

const kindV1 = {
  ...eventKind,
  group: "events.k8s.io",
  schema,
  // The core kind's strategy runs on the converted object.
  strategy: {},
  // Field selectors use the core names, which is what the shared storage indexes.
  selectableFields: (object: KubeObject) => eventKind.selectableFields(eventV1ToCore(object)),
  columns: convertedColumns(eventKind, eventV1ToCore),
} satisfies KindDefinition;

export const eventsV1View: VersionView = {
  kind: kindV1,
  storage: eventKind,
  toStorage: eventV1ToCore,
  fromStorage: coreEventToV1,
};

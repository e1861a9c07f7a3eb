/**
 * Event (core/v1): a report about an object, e.g. a pod that was scheduled
 * or failed to pull an image. Writes through core/v1 get upstream's legacy
 * checks only; `kubectl get events` leads with LAST SEEN, not NAME.
 */
import { invalid, required, type FieldError } from "../machinery/field-errors.js";
import { formatAge } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { objectField } from "./common/core-schemas.js";
import { objectReferenceSchema } from "./common/reference-schemas.js";
import { dateTime, describe, int32, string } from "./common/schema-builders.js";
import { validateQualifiedName } from "./common/validation-helpers.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface ObjectReference {
  apiVersion?: string;
  fieldPath?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  resourceVersion?: string;
  uid?: string;
}

interface Event extends KubeObject {
  action?: string;
  count?: number;
  eventTime?: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  involvedObject?: ObjectReference;
  message?: string;
  reason?: string;
  reportingComponent?: string;
  reportingInstance?: string;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string; host?: string };
  type?: string;
}

const schema = objectSchema(
  "A report of something that happened to an object in the cluster.",
  {
    action: string("What was done, or failed, regarding the object."),
    count: int32("How many times the event has occurred."),
    eventTime: dateTime("When the event was first observed, with microseconds."),
    firstTimestamp: dateTime("When the event was first recorded."),
    involvedObject: describe(objectReferenceSchema, "The object the event is about."),
    lastTimestamp: dateTime("When the event was most recently recorded."),
    message: string("Human-readable description of what happened."),
    reason: string("Short machine-readable CamelCase reason, e.g. FailedScheduling."),
    related: describe(objectReferenceSchema, "A second object involved, for more complex actions."),
    reportingComponent: string("Controller that emitted the event, e.g. kubernetes.io/kubelet."),
    reportingInstance: string("Instance of that controller, e.g. kubelet-node1."),
    series: objectField("Data about an event that keeps recurring; absent for singletons.", {
      count: int32("Occurrences up to the last heartbeat."),
      lastObservedTime: dateTime("When the last occurrence was observed."),
    }),
    source: objectField("The component that reported the event.", {
      component: string("Component that generated the event."),
      host: string("Node on which the event was generated."),
    }),
    type: string("Normal or Warning; other types may be added."),
  },
  ["metadata", "involvedObject"],
);

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

function atMost(field: string, value: string | undefined, limit: number): FieldError[] {
  return (value ?? "").length > limit ? [invalid(field, "", `can have at most ${limit} characters`)] : [];
}

/**
 * Upstream's legacy event checks. Events without eventTime come from old
 * recorders: only the namespaces must agree. Newer ones must say who
 * reported what, within length limits.
 */
function validateEvent(event: Event): FieldError[] {
  const namespace = event.metadata.namespace ?? "";
  const involvedNamespace = event.involvedObject?.namespace ?? "";
  const mismatch = invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace");
  if (!event.eventTime) {
    // Cluster-scoped objects' events may also live in the default namespace.
    if (!involvedNamespace) return namespace === "" || namespace === "default" ? [] : [mismatch];
    return namespace === involvedNamespace ? [] : [mismatch];
  }
  const controller = event.reportingComponent ?? "";
  return [
    ...(!involvedNamespace && namespace !== "default" && namespace !== "kube-system" ? [mismatch] : []),
    ...(controller ? [] : [required("reportingComponent")]),
    ...validateQualifiedName(controller, "reportingComponent"),
    ...(event.reportingInstance ? [] : [required("reportingInstance")]),
    ...atMost("reportingInstance", event.reportingInstance, REPORTING_INSTANCE_LIMIT),
    ...(event.action ? [] : [required("action")]),
    ...atMost("action", event.action, ACTION_LIMIT),
    ...(event.reason ? [] : [required("reason")]),
    ...atMost("reason", event.reason, REASON_LIMIT),
    ...atMost("message", event.message, NOTE_LIMIT),
  ];
}

function firstSeen(event: Event, now: Date): string {
  return formatAge(event.firstTimestamp ?? event.eventTime, now);
}

function lastSeen(event: Event, now: Date): string {
  if (event.series) return formatAge(event.series.lastObservedTime, now);
  return event.lastTimestamp ? formatAge(event.lastTimestamp, now) : firstSeen(event, now);
}

/** `pod/web-1`, or just the kind when the event names no object. */
function objectCell(event: Event): string {
  const kind = (event.involvedObject?.kind ?? "").toLowerCase();
  const name = event.involvedObject?.name;
  return name ? `${kind}/${name}` : kind;
}

/** `component, host`, falling back to the reporting fields of newer events. */
function sourceCell(event: Event): string {
  const component = event.source?.component || event.reportingComponent || "";
  const instance = event.source?.host || event.reportingInstance || "";
  return instance ? `${component}, ${instance}` : component;
}

function countCell(event: Event): number {
  if (event.series) return event.series.count ?? 0;
  // Singleton events from the events.k8s.io API carry no count.
  return event.count || 1;
}

const asEvent = (object: KubeObject) => object as Event;

export const eventKind = {
  group: "",
  version: "v1",
  kind: "Event",
  listKind: "EventList",
  plural: "events",
  singular: "event",
  shortNames: ["ev"],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    validate: (object) => validateEvent(asEvent(object)),
  },
  selectableFields(object) {
    const event = asEvent(object);
    const involved = event.involvedObject ?? {};
    return {
      "involvedObject.kind": involved.kind ?? "",
      "involvedObject.namespace": involved.namespace ?? "",
      "involvedObject.name": involved.name ?? "",
      "involvedObject.uid": involved.uid ?? "",
      "involvedObject.apiVersion": involved.apiVersion ?? "",
      "involvedObject.resourceVersion": involved.resourceVersion ?? "",
      "involvedObject.fieldPath": involved.fieldPath ?? "",
      reason: event.reason ?? "",
      reportingComponent: event.reportingComponent ?? "",
      source: event.source?.component || event.reportingComponent || "",
      type: event.type ?? "",
    };
  },
  columns: [
    {
      name: "Last Seen",
      type: "string",
      description: "Time since the event was last observed.",
      priority: 0,
      cell: (object, now) => lastSeen(asEvent(object), now),
    },
    {
      name: "Type",
      type: "string",
      description: "Normal or Warning.",
      priority: 0,
      cell: (object) => asEvent(object).type ?? "",
    },
    {
      name: "Reason",
      type: "string",
      description: "Why the event happened.",
      priority: 0,
      cell: (object) => asEvent(object).reason ?? "",
    },
    {
      name: "Object",
      type: "string",
      description: "The object the event is about.",
      priority: 0,
      cell: (object) => objectCell(asEvent(object)),
    },
    {
      name: "Subobject",
      type: "string",
      description: "The part of the object the event is about.",
      priority: 1,
      cell: (object) => asEvent(object).involvedObject?.fieldPath ?? "",
    },
    {
      name: "Source",
      type: "string",
      description: "The component that reported the event.",
      priority: 1,
      cell: (object) => sourceCell(asEvent(object)),
    },
    {
      name: "Message",
      type: "string",
      description: "What happened.",
      priority: 0,
      cell: (object) => (asEvent(object).message ?? "").trim(),
    },
    {
      name: "First Seen",
      type: "string",
      description: "Time since the event was first observed.",
      priority: 1,
      cell: (object, now) => firstSeen(asEvent(object), now),
    },
    {
      name: "Count",
      type: "string",
      description: "How many times the event occurred.",
      priority: 1,
      cell: (object) => countCell(asEvent(object)),
    },
    {
      name: "Name",
      type: "string",
      format: "name",
      description: "Name of the event.",
      priority: 1,
      cell: (object) => object.metadata.name ?? "",
    },
  ],
} satisfies KindDefinition;

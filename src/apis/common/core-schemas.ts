/**
 * Schema builders and fragments the core kinds share (timestamps,
 * quantities, object references, conditions, protocols), so each kind file
 * spells out only its own fields. List extensions follow upstream's OpenAPI:
 * `mapList` is a strategic-merge list keyed like `ports` by `port`.
 */
import type { Schema } from "../types.js";

export function stringField(description: string): Schema {
  return { type: "string", description };
}

export function enumField(values: readonly string[], description: string): Schema {
  return { type: "string", description, enum: values };
}

export function int32Field(description: string): Schema {
  return { type: "integer", format: "int32", description };
}

export function int64Field(description: string): Schema {
  return { type: "integer", format: "int64", description };
}

export function booleanField(description: string): Schema {
  return { type: "boolean", description };
}

/** metav1.Time and metav1.MicroTime: RFC 3339 strings. */
export function timeField(description: string): Schema {
  return { type: "string", format: "date-time", description };
}

export function objectField(description: string, properties: Record<string, Schema>, required: readonly string[] = []): Schema {
  return { type: "object", description, ...(required.length ? { required } : {}), properties };
}

export function stringMap(description: string): Schema {
  return { type: "object", description, additionalProperties: { type: "string" } };
}

/** A map of base64-encoded byte strings (Secret.data, ConfigMap.binaryData). */
export function bytesMap(description: string): Schema {
  return { type: "object", description, additionalProperties: { type: "string", format: "byte" } };
}

export function atomicList(items: Schema, description: string): Schema {
  return { type: "array", description, items, "x-kubernetes-list-type": "atomic" };
}

export function stringList(description: string): Schema {
  return atomicList({ type: "string" }, description);
}

/** A list of unique scalars; `merge` also makes strategic merge patch union it. */
export function setList(description: string, options: { merge?: boolean } = {}): Schema {
  return {
    type: "array",
    description,
    items: { type: "string" },
    "x-kubernetes-list-type": "set",
    ...(options.merge ? { "x-kubernetes-patch-strategy": "merge" } : {}),
  };
}

/** A list of objects identified by `keys`; strategic merge patch merges items by the first key. */
export function mapList(items: Schema, description: string, keys: readonly [string, ...string[]]): Schema {
  return {
    type: "array",
    description,
    items,
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": keys,
    "x-kubernetes-patch-merge-key": keys[0],
    "x-kubernetes-patch-strategy": "merge",
  };
}

/** resource.Quantity: `100m`, `1Gi`, or a bare number. */
export function quantityField(description: string): Schema {
  return { description, "x-kubernetes-int-or-string": true };
}

/** A ResourceList such as a node's capacity. */
export function resourceListField(description: string): Schema {
  return { type: "object", description, additionalProperties: quantityField("An amount of the named resource.") };
}

export const PROTOCOLS = ["SCTP", "TCP", "UDP"] as const;

export function protocolField(description: string): Schema {
  return enumField(PROTOCOLS, description);
}

export function appProtocolField(): Schema {
  return stringField("Application protocol hint: an IANA service name or a prefixed name such as kubernetes.io/h2c.");
}

/** core/v1 ObjectReference; `description` says what it points at. */
export function objectReferenceField(description: string): Schema {
  return {
    ...objectField(description, {
      apiVersion: stringField("API version of the referent."),
      fieldPath: stringField("Part of the referent this is about, e.g. spec.containers{app}."),
      kind: stringField("Kind of the referent."),
      name: stringField("Name of the referent."),
      namespace: stringField("Namespace of the referent."),
      resourceVersion: stringField("Resource version of the referent this refers to, if any."),
      uid: stringField("UID of the referent."),
    }),
    "x-kubernetes-map-type": "atomic",
  };
}

/** core/v1 LocalObjectReference: a name in the same namespace. */
export function localObjectReferenceField(description: string): Schema {
  return {
    ...objectField(description, { name: stringField("Name of the referent.") }),
    "x-kubernetes-map-type": "atomic",
  };
}

/** meta/v1 Condition, the standard shape of status.conditions. */
export function conditionsField(description: string): Schema {
  const condition = objectField(
    "One observed aspect of the object's state.",
    {
      lastTransitionTime: timeField("When the status last changed."),
      message: stringField("Human-readable detail about the transition."),
      observedGeneration: int64Field("The metadata.generation the condition was computed from."),
      reason: stringField("Machine-readable CamelCase reason for the last transition."),
      status: stringField("True, False or Unknown."),
      type: stringField("Condition type in CamelCase, e.g. Ready."),
    },
    ["type", "status", "lastTransitionTime", "reason", "message"],
  );
  return mapList(condition, description, ["type"]);
}

/**
 * Schemas shared by every kind: ObjectMeta, the apiVersion/kind header and
 * the label selector. Kind files compose these into their object schemas.
 */
import type { Schema } from "../types.js";

const stringMap = (description: string): Schema => ({
  type: "object",
  description,
  additionalProperties: { type: "string" },
});

export const ownerReferenceSchema: Schema = {
  type: "object",
  description: "Points at the object that owns this one; the garbage collector deletes dependents of deleted owners.",
  required: ["apiVersion", "kind", "name", "uid"],
  properties: {
    apiVersion: { type: "string", description: "API version of the owner." },
    kind: { type: "string", description: "Kind of the owner." },
    name: { type: "string", description: "Name of the owner." },
    uid: { type: "string", description: "UID of the owner." },
    controller: { type: "boolean", description: "True when the owner is the managing controller." },
    blockOwnerDeletion: {
      type: "boolean",
      description: "With foreground deletion, the owner is not removed until this dependent is gone.",
    },
  },
  "x-kubernetes-map-type": "atomic",
};

export const managedFieldsEntrySchema: Schema = {
  type: "object",
  description: "Which fields one manager owns, for server-side apply.",
  properties: {
    apiVersion: { type: "string", description: "Version of the fields' schema." },
    fieldsType: { type: "string", description: "Format of fieldsV1; always FieldsV1." },
    fieldsV1: { type: "object", description: "The owned fields as a set.", "x-kubernetes-preserve-unknown-fields": true },
    manager: { type: "string", description: "Name of the manager." },
    operation: { type: "string", description: "Apply or Update." },
    subresource: { type: "string", description: "The subresource written, if any." },
    time: { type: "string", format: "date-time", description: "When the fields last changed." },
  },
};

export const objectMetaSchema: Schema = {
  type: "object",
  description: "Metadata every persisted object has.",
  properties: {
    name: { type: "string", description: "Unique name within the namespace (or the cluster for cluster-scoped kinds)." },
    generateName: { type: "string", description: "Prefix for a server-generated name, used when name is empty." },
    namespace: { type: "string", description: "The namespace of a namespaced object." },
    uid: { type: "string", description: "Unique id assigned by the server; never reused." },
    resourceVersion: {
      type: "string",
      description: "Opaque version for optimistic concurrency and watch resumption.",
    },
    generation: { type: "integer", format: "int64", description: "Sequence number of the desired state (spec)." },
    creationTimestamp: { type: "string", format: "date-time", description: "When the server created the object." },
    deletionTimestamp: {
      type: "string",
      format: "date-time",
      description: "When deletion was requested; the object goes once its finalizers are removed.",
    },
    deletionGracePeriodSeconds: {
      type: "integer",
      format: "int64",
      description: "Seconds the object has to terminate gracefully.",
    },
    labels: stringMap("Key/value pairs used to select objects."),
    annotations: stringMap("Key/value pairs for tools; not used for selection."),
    ownerReferences: {
      type: "array",
      description: "Objects this one depends on.",
      items: ownerReferenceSchema,
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["uid"],
      "x-kubernetes-patch-merge-key": "uid",
      "x-kubernetes-patch-strategy": "merge",
    },
    finalizers: {
      type: "array",
      description: "Conditions that must be cleared before the object is removed.",
      items: { type: "string" },
      "x-kubernetes-list-type": "set",
      "x-kubernetes-patch-strategy": "merge",
    },
    managedFields: {
      type: "array",
      description: "Field ownership for server-side apply.",
      items: managedFieldsEntrySchema,
    },
  },
};

export const listMetaSchema: Schema = {
  type: "object",
  description: "Metadata of a list.",
  properties: {
    resourceVersion: { type: "string", description: "The store revision the list reflects." },
    continue: { type: "string", description: "Token for the next page." },
    remainingItemCount: { type: "integer", format: "int64", description: "Items after this page." },
  },
};

export const labelSelectorSchema: Schema = {
  type: "object",
  description: "Selects objects by labels; the terms are ANDed.",
  properties: {
    matchLabels: stringMap("Labels that must all be present with these values."),
    matchExpressions: {
      type: "array",
      description: "Set-based requirements.",
      items: {
        type: "object",
        required: ["key", "operator"],
        properties: {
          key: { type: "string", description: "The label key." },
          operator: { type: "string", description: "In, NotIn, Exists or DoesNotExist.", enum: ["In", "NotIn", "Exists", "DoesNotExist"] },
          values: { type: "array", items: { type: "string" }, description: "Values for In and NotIn.", "x-kubernetes-list-type": "atomic" },
        },
      },
      "x-kubernetes-list-type": "atomic",
    },
  },
  "x-kubernetes-map-type": "atomic",
};

/** Builds a kind's top-level object schema from its spec/status and other fields. */
export function objectSchema(description: string, fields: Record<string, Schema>, required: readonly string[] = []): Schema {
  return {
    type: "object",
    description,
    ...(required.length ? { required } : {}),
    properties: {
      apiVersion: { type: "string", description: "Versioned schema of this representation." },
      kind: { type: "string", description: "The REST resource this object represents." },
      metadata: objectMetaSchema,
      ...fields,
    },
  };
}

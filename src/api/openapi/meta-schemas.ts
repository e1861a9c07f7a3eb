/**
 * Component schemas of the types every group-version document refers to but
 * no kind file defines: ObjectMeta and ListMeta (from the shared kind
 * schemas), Status, DeleteOptions, the PATCH body and autoscaling/v1 Scale.
 */
import { listMetaSchema, objectMetaSchema } from "../../apis/common/meta.js";
import { SCALE_GVK } from "../discovery/index.js";
import { META_V1, ref, schemaName } from "./names.js";
import type { OpenApiSchema } from "./types.js";

export const OBJECT_META = `${META_V1}.ObjectMeta`;
export const LIST_META = `${META_V1}.ListMeta`;
export const STATUS = `${META_V1}.Status`;
export const DELETE_OPTIONS = `${META_V1}.DeleteOptions`;
export const PATCH = `${META_V1}.Patch`;
export const SCALE = schemaName(SCALE_GVK);

/** A reference with its own description, wrapped in allOf as upstream does so the siblings stay valid OpenAPI 3.0. */
export function refWith(name: string, description: string, extra: OpenApiSchema = {}): OpenApiSchema {
  return { allOf: [ref(name)], ...extra, description };
}

/** apiVersion and kind, the header of every object. */
export const TYPE_META_PROPERTIES: Readonly<Record<string, OpenApiSchema>> = {
  apiVersion: { type: "string", description: "Versioned schema of this representation." },
  kind: { type: "string", description: "The REST resource this object represents." },
};

const int32 = (description: string): OpenApiSchema => ({ type: "integer", format: "int32", description });

const statusSchema: OpenApiSchema = {
  type: "object",
  description: "The result of an operation that returns no object, or of any failed one.",
  properties: {
    ...TYPE_META_PROPERTIES,
    code: int32("HTTP status code of the answer."),
    details: {
      type: "object",
      description: "What the status is about, when a reason has more to say.",
      properties: {
        causes: {
          type: "array",
          description: "Each problem found, e.g. one per invalid field.",
          items: {
            type: "object",
            properties: {
              field: { type: "string", description: "The field at fault, as a JSON path." },
              message: { type: "string", description: "What is wrong with it." },
              reason: { type: "string", description: "Machine-readable reason." },
            },
          },
          "x-kubernetes-list-type": "atomic",
        },
        group: { type: "string", description: "Group of the resource concerned." },
        kind: { type: "string", description: "Kind (or resource) concerned." },
        name: { type: "string", description: "Name of the object concerned." },
        retryAfterSeconds: int32("Seconds to wait before retrying."),
        uid: { type: "string", description: "UID of the object concerned." },
      },
    },
    message: { type: "string", description: "What happened, for humans." },
    metadata: refWith(LIST_META, "Metadata of the status.", { default: {} }),
    reason: { type: "string", description: "Machine-readable reason for a Failure (NotFound, Conflict, …)." },
    status: { type: "string", description: "Success or Failure." },
  },
  "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind: "Status" }],
};

/** DeleteOptions is accepted under every group-version's apiVersion, as upstream registers it in each. */
function deleteOptionsSchema(group: string, version: string): OpenApiSchema {
  const core = { group: "", version: "v1", kind: "DeleteOptions" };
  return {
    type: "object",
    description: "Options for a DELETE request.",
    properties: {
      ...TYPE_META_PROPERTIES,
      dryRun: {
        type: "array",
        description: "All: validate the request but persist nothing.",
        items: { type: "string" },
        "x-kubernetes-list-type": "atomic",
      },
      gracePeriodSeconds: {
        type: "integer",
        format: "int64",
        description: "Seconds before the object is removed; 0 removes it at once.",
      },
      orphanDependents: { type: "boolean", description: "Deprecated: use propagationPolicy Orphan." },
      preconditions: {
        type: "object",
        description: "Delete only if the object still has this uid and resourceVersion.",
        properties: {
          resourceVersion: { type: "string", description: "The expected resourceVersion." },
          uid: { type: "string", description: "The expected uid." },
        },
      },
      propagationPolicy: { type: "string", description: "Orphan, Background or Foreground: what happens to dependents." },
    },
    "x-kubernetes-group-version-kind": group === "" ? [core] : [core, { group, version, kind: "DeleteOptions" }],
  };
}

const patchSchema: OpenApiSchema = {
  type: "object",
  description: "The body of a PATCH request; its format follows the request's Content-Type.",
};

/** Only in documents with a scalable kind. */
export const scaleSchema: OpenApiSchema = {
  type: "object",
  description: "The scale subresource of a scalable object.",
  properties: {
    ...TYPE_META_PROPERTIES,
    metadata: refWith(OBJECT_META, "Metadata of the scaled object.", { default: {} }),
    spec: {
      type: "object",
      description: "The desired scale.",
      properties: { replicas: int32("Desired number of replicas.") },
    },
    status: {
      type: "object",
      description: "The observed scale.",
      required: ["replicas"],
      properties: {
        replicas: int32("Observed number of replicas."),
        selector: { type: "string", description: "Label selector of the pods counted, in string form." },
      },
    },
  },
  "x-kubernetes-group-version-kind": [SCALE_GVK],
};

/** The shared schemas every group-version document refers to; its DeleteOptions also carries the document's group-version. */
export function metaSchemas(group: string, version: string): Record<string, OpenApiSchema> {
  return {
    [DELETE_OPTIONS]: deleteOptionsSchema(group, version),
    [LIST_META]: listMetaSchema,
    [OBJECT_META]: objectMetaSchema,
    [PATCH]: patchSchema,
    [STATUS]: statusSchema,
  };
}

/**
 * ControllerRevision (apps/v1): an immutable snapshot of the state a
 * DaemonSet or StatefulSet rolled out, so the controller can tell revisions
 * apart and roll back. `data` holds the snapshot; only its owner reads it.
 */
import { immutable, required, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { int64 } from "./common/schema-builders.js";
import { jsonEqual, nonNegative } from "./common/validation-helpers.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision?: number;
}

const schema = objectSchema(
  "An immutable snapshot of a workload's state, kept for rollouts and rollbacks.",
  {
    data: {
      type: "object",
      description: "The serialized state of this revision, in whatever form its controller chose.",
      "x-kubernetes-preserve-unknown-fields": true,
    },
    revision: int64("The sequence number of this revision among its owner's revisions."),
  },
  ["revision"],
);

function validateControllerRevision(revision: ControllerRevision): FieldError[] {
  // Upstream decodes an absent or null `data` to nil and insists on it.
  const errors = revision.data === undefined || revision.data === null ? [required("data", "data is mandatory")] : [];
  return [...errors, ...nonNegative("revision", revision.revision)];
}

/** `kind.group/name` of the controlling owner, lower-cased the way kubectl prints resource names. */
function controllerName(revision: KubeObject): string {
  const owner = revision.metadata.ownerReferences?.find((reference) => reference.controller === true);
  if (!owner) return "<none>";
  const slash = owner.apiVersion.indexOf("/");
  const group = slash === -1 ? "" : owner.apiVersion.slice(0, slash);
  const kind = group ? `${owner.kind}.${group}` : owner.kind;
  return kind ? `${kind.toLowerCase()}/${owner.name}` : owner.name;
}

export const controllerRevisionKind = {
  group: "apps",
  version: "v1",
  kind: "ControllerRevision",
  listKind: "ControllerRevisionList",
  plural: "controllerrevisions",
  singular: "controllerrevision",
  shortNames: [],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    validate: (object) => validateControllerRevision(object as ControllerRevision),
    validateUpdate: (object, old) => {
      const data = (object as ControllerRevision).data;
      return jsonEqual(data, (old as ControllerRevision).data) ? [] : [immutable("data", data)];
    },
  },
  columns: [
    nameColumn,
    {
      name: "Controller",
      type: "string",
      description: "The workload that owns this revision.",
      priority: 0,
      cell: controllerName,
    },
    {
      name: "Revision",
      type: "integer",
      description: "The sequence number of this revision.",
      priority: 0,
      cell: (object) => (object as ControllerRevision).revision ?? 0,
    },
    ageColumn,
  ],
} satisfies KindDefinition;

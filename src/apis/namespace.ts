/**
 * Namespace (core/v1, cluster-scoped): a scope for names. A namespace is
 * created Active and holds the `kubernetes` finalizer until the namespace
 * controller has emptied it. The registry owns the rest of the lifecycle:
 * only the finalize subresource changes spec.finalizers, and delete sets
 * the Terminating phase.
 */
import { isDeepStrictEqual } from "node:util";
import { invalid, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { mapList, objectField, stringList } from "./common/core-schemas.js";
import { condition, enumString } from "./common/schema-builders.js";
import { validateQualifiedName } from "./common/validation-helpers.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: unknown[] };
}

/** Set on every namespace so selectors can pick namespaces by name. */
const NAME_LABEL = "kubernetes.io/metadata.name";
const KUBERNETES_FINALIZER = "kubernetes";
/** Finalizer names that need no domain prefix. */
const STANDARD_FINALIZERS = new Set([KUBERNETES_FINALIZER, "orphan", "foregroundDeletion"]);

const namespaceCondition = condition("Condition type, e.g. NamespaceDeletionContentFailure.");

const schema = objectSchema("A scope for the names of namespaced objects.", {
  spec: objectField("The desired behaviour of the namespace.", {
    finalizers: stringList("Values that must be removed before the namespace is deleted from storage."),
  }),
  status: objectField("The observed state of the namespace.", {
    conditions: mapList(namespaceCondition, "The latest observations of the namespace's state.", ["type"]),
    phase: enumString(["Active", "Terminating"], "Lifecycle phase: Active, or Terminating while its content is deleted."),
  }),
});

function validateFinalizers(namespace: Namespace): FieldError[] {
  // Upstream reports these at spec.finalizers, without the index.
  return (namespace.spec?.finalizers ?? []).flatMap((name) => [
    ...validateQualifiedName(name, "spec.finalizers"),
    ...(name.includes("/") || STANDARD_FINALIZERS.has(name)
      ? []
      : [invalid("spec.finalizers", name, "name is neither a standard finalizer name nor is it fully qualified")]),
  ]);
}

/** Status writes must keep the phase consistent with deletionTimestamp. */
function validatePhase(namespace: Namespace, old: Namespace): FieldError[] {
  if (isDeepStrictEqual(namespace.status, old.status)) return [];
  const phase = namespace.status?.phase;
  if (!namespace.metadata.deletionTimestamp) {
    return phase === "Active" ? [] : [invalid("status.Phase", phase ?? "", "may only be 'Active' if `deletionTimestamp` is empty")];
  }
  if (phase === "Terminating") return [];
  return [invalid("status.Phase", phase ?? "", "may only be 'Terminating' if `deletionTimestamp` is not empty")];
}

export const namespaceKind = {
  group: "",
  version: "v1",
  kind: "Namespace",
  listKind: "NamespaceList",
  plural: "namespaces",
  singular: "namespace",
  shortNames: ["ns"],
  categories: [],
  namespaced: false,
  schema,
  tracksGeneration: false,
  subresources: { status: true },
  strategy: {
    defaults(object) {
      const name = object.metadata.name;
      if (name) object.metadata.labels = { ...object.metadata.labels, [NAME_LABEL]: name };
    },
    prepareForCreate(object) {
      const namespace = object as Namespace;
      namespace.status = { phase: "Active" };
      const spec = (namespace.spec ??= {});
      // Added on create only: the finalizer may be removed over the namespace's life.
      if (!spec.finalizers?.includes(KUBERNETES_FINALIZER)) spec.finalizers = [...(spec.finalizers ?? []), KUBERNETES_FINALIZER];
    },
    validate: (object) => validateFinalizers(object as Namespace),
    validateUpdate: (object, old) => validatePhase(object as Namespace, old as Namespace),
  },
  selectableFields: (object) => ({
    "status.phase": (object as Namespace).status?.phase ?? "",
    // Upstream still accepts the bare `name` field selector for namespaces.
    name: object.metadata.name ?? "",
  }),
  columns: [
    nameColumn,
    {
      name: "Status",
      type: "string",
      description: "The lifecycle phase of the namespace.",
      priority: 0,
      cell: (object) => (object as Namespace).status?.phase ?? "",
    },
    ageColumn,
  ],
} satisfies KindDefinition;

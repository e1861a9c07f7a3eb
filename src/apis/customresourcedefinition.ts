/**
 * CustomResourceDefinition (apiextensions.k8s.io/v1), stored and validated.
 * src/api/crd/ serves the custom resources each definition describes and
 * keeps its status.
 */
import { immutable, invalid, required, type FieldError } from "../machinery/field-errors.js";
import { dns1035LabelProblems, dns1123SubdomainProblems } from "../machinery/validation.js";
import { ageColumn, formatAge } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { boolean, condition, enumString, list, object, string } from "./common/schema-builders.js";
import type { KindDefinition, KubeObject, Schema } from "./types.js";

interface CrdNames {
  plural?: string;
  singular?: string;
  kind?: string;
  listKind?: string;
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: CrdNames;
  versions?: { name?: string; served?: boolean; storage?: boolean }[];
}

/** Keeps a deleted definition until its custom objects are gone (src/api/crd/ removes it). */
export const CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

const preserved = (description: string): Schema => ({ type: "object", description, "x-kubernetes-preserve-unknown-fields": true });

const namesSchema = object(
  {
    plural: string("Lower-case plural name used in URLs."),
    singular: string("Lower-case singular name."),
    kind: string("The kind of the custom objects."),
    listKind: string("The kind of lists of them."),
    shortNames: list(string("A short name."), "Short names for kubectl.", { type: "atomic" }),
    categories: list(string("A category."), "Categories such as all.", { type: "atomic" }),
  },
  ["plural", "kind"],
);

const versionSchema = object(
  {
    name: string("The version name, e.g. v1."),
    served: boolean("Whether the version is served."),
    storage: boolean("Whether objects are stored at this version; exactly one version is."),
    deprecated: boolean("Whether the version is deprecated."),
    deprecationWarning: string("Warning returned to clients of a deprecated version."),
    schema: object({ openAPIV3Schema: preserved("The structural schema of the objects.") }),
    subresources: preserved("The status and scale subresources."),
    additionalPrinterColumns: list(preserved("A column for kubectl get."), "Extra columns for kubectl get.", { type: "atomic" }),
    selectableFields: list(preserved("A field usable in field selectors."), "Fields usable in field selectors.", { type: "atomic" }),
  },
  ["name", "served", "storage"],
);

const schema = objectSchema("Defines a new resource served by the API.", {
  spec: object(
    {
      group: string("The API group of the custom resource."),
      names: namesSchema,
      scope: enumString(["Cluster", "Namespaced"], "Whether the objects are namespaced."),
      versions: list(versionSchema, "The versions served.", { type: "atomic" }),
      conversion: preserved("How objects convert between versions."),
      preserveUnknownFields: boolean("Deprecated: keep fields the schema does not know."),
    },
    ["group", "names", "scope", "versions"],
  ),
  status: object({
    conditions: list(condition("Established, NamesAccepted, …"), "The definition's conditions.", { type: "map", keys: ["type"] }),
    acceptedNames: preserved("The names the server accepted."),
    storedVersions: list(string("A version."), "Versions objects were ever stored at.", { type: "atomic" }),
  }),
});

function validateCrd(object: KubeObject): FieldError[] {
  const spec = (object.spec ?? {}) as CrdSpec;
  const errors: FieldError[] = [];
  if (!spec.group) errors.push(required("spec.group"));
  else for (const problem of dns1123SubdomainProblems(spec.group)) errors.push(invalid("spec.group", spec.group, problem));
  if (!spec.names?.plural) errors.push(required("spec.names.plural"));
  if (!spec.names?.kind) errors.push(required("spec.names.kind"));
  for (const problem of spec.names?.plural ? dns1035LabelProblems(spec.names.plural) : []) errors.push(invalid("spec.names.plural", spec.names?.plural, problem));
  const expected = `${spec.names?.plural ?? ""}.${spec.group ?? ""}`;
  if (object.metadata.name !== expected) {
    errors.push(invalid("metadata.name", object.metadata.name, `must be spec.names.plural+"."+spec.group`));
  }
  if (spec.scope !== "Cluster" && spec.scope !== "Namespaced") errors.push(required("spec.scope"));
  const versions = spec.versions ?? [];
  if (versions.length === 0) errors.push(required("spec.versions", "must have exactly one version marked as storage version"));
  else if (versions.filter((v) => v.storage).length !== 1) {
    errors.push(invalid("spec.versions", versions.map((v) => v.name), "must have exactly one version marked as storage version"));
  }
  return errors;
}

export const customResourceDefinitionKind = {
  group: "apiextensions.k8s.io",
  version: "v1",
  kind: "CustomResourceDefinition",
  listKind: "CustomResourceDefinitionList",
  plural: "customresourcedefinitions",
  singular: "customresourcedefinition",
  shortNames: ["crd", "crds"],
  categories: ["api-extensions"],
  namespaced: false,
  schema,
  tracksGeneration: true,
  subresources: { status: true },
  strategy: {
    prepareForCreate: (object) => {
      delete object.status;
      // Set at once rather than by a later write, so a definition is served as soon as it is stored
      // and none of its objects can outlive it. Upstream adds it when the definition is deleted.
      const finalizers = object.metadata.finalizers ?? [];
      if (!finalizers.includes(CLEANUP_FINALIZER)) object.metadata.finalizers = [...finalizers, CLEANUP_FINALIZER];
    },
    validate: validateCrd,
    validateUpdate: (object, old) => {
      const group = (object.spec as CrdSpec | undefined)?.group;
      return group === (old.spec as CrdSpec | undefined)?.group ? [] : [immutable("spec.group", group)];
    },
  },
  columns: [
    { name: "Name", type: "string", format: "name", description: "The definition's name.", priority: 0, cell: (o) => o.metadata.name ?? "" },
    { name: "Created At", type: "date", description: "When the definition was created.", priority: 0, cell: (o) => o.metadata.creationTimestamp ?? "" },
    { ...ageColumn, priority: 1, cell: (o, now) => formatAge(o.metadata.creationTimestamp, now) },
  ],
} satisfies KindDefinition;

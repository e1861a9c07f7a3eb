/**
 * StorageClass (storage.k8s.io/v1): a kind of storage claims can ask for,
 * naming the provisioner that creates their volumes and how. The class
 * annotated as default serves claims that name none; mini ships one,
 * `local-path`, backed by directories on the node.
 */
import { duplicate, forbidden, immutable, invalid, notSupported, required, tooLong, type FieldError } from "../machinery/field-errors.js";
import { qualifiedNameProblems } from "../machinery/validation.js";
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { boolean, enumString, list, object, string, stringMap } from "./common/schema-builders.js";
import { each, jsonEqual } from "./common/validation-helpers.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface TopologySelectorTerm {
  matchLabelExpressions?: { key?: string; values?: string[] }[];
}

interface StorageClass extends KubeObject {
  provisioner?: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: string;
  mountOptions?: string[];
  allowVolumeExpansion?: boolean;
  volumeBindingMode?: string;
  allowedTopologies?: TopologySelectorTerm[];
}

const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
/** Still honoured by upstream when it looks for the default class. */
const BETA_DEFAULT_CLASS_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";
/** Sorted, as upstream lists them in its NotSupported messages. */
const RECLAIM_POLICIES = ["Delete", "Retain"];
const VOLUME_BINDING_MODES = ["Immediate", "WaitForFirstConsumer"];
const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;

/** The default class mini creates at start, served by its built-in local-path provisioner. */
export const LOCAL_PATH_STORAGE_CLASS: StorageClass = {
  apiVersion: "storage.k8s.io/v1",
  kind: "StorageClass",
  metadata: { name: "local-path", annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } },
  provisioner: "mini.dev/local-path",
  reclaimPolicy: "Delete",
  volumeBindingMode: "WaitForFirstConsumer",
};

const topologySelectorTerm = object({
  matchLabelExpressions: list(
    object(
      {
        key: string("The node label key the topology is keyed by."),
        values: list({ type: "string" }, "Allowed values of the label; at least one.", { type: "atomic" }),
      },
      ["key", "values"],
    ),
    "Label requirements, all of which must hold.",
    { type: "atomic" },
  ),
}, [], { "x-kubernetes-map-type": "atomic" });

const schema = objectSchema(
  "A class of storage that claims can request, and how its volumes are provisioned.",
  {
    allowVolumeExpansion: boolean("Whether claims of this class may be resized upward."),
    allowedTopologies: list(topologySelectorTerm, "Where volumes may be provisioned; empty means anywhere.", { type: "atomic" }),
    mountOptions: list({ type: "string" }, "Mount options for provisioned volumes, passed through unchecked, e.g. ro or soft.", { type: "atomic" }),
    parameters: stringMap("Provisioner-specific settings for the volumes it creates."),
    provisioner: string("Name of the provisioner that creates volumes of this class."),
    // Upstream's OpenAPI lists every reclaim policy; validation allows only Delete and Retain.
    reclaimPolicy: enumString(["Delete", "Recycle", "Retain"], "What happens to provisioned volumes when their claim goes: Delete (default) or Retain."),
    volumeBindingMode: enumString(VOLUME_BINDING_MODES, "When claims are bound and provisioned: Immediate (default) or WaitForFirstConsumer, once a pod uses the claim."),
  },
  ["provisioner"],
);

function validateParameters(parameters: Record<string, string>): FieldError[] {
  const entries = Object.entries(parameters);
  if (entries.length > MAX_PARAMETERS) return [tooLong("parameters", MAX_PARAMETERS)];
  const errors = entries.filter(([key]) => key === "").map(([key]) => invalid("parameters", key, "field can not be empty."));
  const size = entries.reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
  if (size > MAX_PARAMETERS_SIZE) errors.push(tooLong("parameters", MAX_PARAMETERS_SIZE));
  return errors;
}

/** Each term's keys and values must be set and unique, and no two terms may be the same. */
function validateAllowedTopologies(terms: readonly TopologySelectorTerm[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen: Map<string, string[]>[] = [];
  terms.forEach((term, i) => {
    const at = `allowedTopologies[${i}].matchLabelExpressions`;
    const requirements = new Map<string, string[]>();
    (term.matchLabelExpressions ?? []).forEach((requirement, j) => {
      const key = requirement.key ?? "";
      const values = requirement.values ?? [];
      if (values.length === 0) errors.push(required(`${at}[${j}].values`));
      values.forEach((value, k) => {
        if (values.indexOf(value) < k) errors.push(duplicate(`${at}[${j}].values[${k}]`, value));
      });
      errors.push(...each(qualifiedNameProblems(key), `${at}[${j}].key`, key));
      if (requirements.has(key)) errors.push(duplicate(`${at}[${j}].key`, key));
      requirements.set(key, [...new Set(values)].sort());
    });
    if (seen.some((earlier) => jsonEqual(Object.fromEntries(earlier), Object.fromEntries(requirements)))) errors.push(duplicate(at, ""));
    seen.push(requirements);
  });
  return errors;
}

function validateStorageClass(storageClass: StorageClass): FieldError[] {
  const errors: FieldError[] = [];
  const provisioner = storageClass.provisioner ?? "";
  if (provisioner === "") errors.push(required("provisioner"));
  // Upstream checks the lower-cased name, so provisioners may use capitals.
  else errors.push(...each(qualifiedNameProblems(provisioner.toLowerCase()), "provisioner", provisioner.toLowerCase()));
  errors.push(...validateParameters(storageClass.parameters ?? {}));
  const reclaimPolicy = storageClass.reclaimPolicy;
  if (reclaimPolicy && !RECLAIM_POLICIES.includes(reclaimPolicy)) errors.push(notSupported("reclaimPolicy", reclaimPolicy, RECLAIM_POLICIES));
  const mode = storageClass.volumeBindingMode;
  if (mode === undefined) errors.push(required("volumeBindingMode"));
  else if (!VOLUME_BINDING_MODES.includes(mode)) errors.push(notSupported("volumeBindingMode", mode, VOLUME_BINDING_MODES));
  errors.push(...validateAllowedTopologies(storageClass.allowedTopologies ?? []));
  return errors;
}

function validateStorageClassUpdate(storageClass: StorageClass, old: StorageClass): FieldError[] {
  const errors: FieldError[] = [];
  if (!jsonEqual(storageClass.parameters ?? {}, old.parameters ?? {})) errors.push(forbidden("parameters", "updates to parameters are forbidden."));
  if (storageClass.provisioner !== old.provisioner) errors.push(forbidden("provisioner", "updates to provisioner are forbidden."));
  if (storageClass.reclaimPolicy !== old.reclaimPolicy) errors.push(forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
  if (storageClass.volumeBindingMode !== old.volumeBindingMode) errors.push(immutable("volumeBindingMode", storageClass.volumeBindingMode));
  return errors;
}

function isDefaultClass(object: KubeObject): boolean {
  const annotations = object.metadata.annotations ?? {};
  return annotations[DEFAULT_CLASS_ANNOTATION] === "true" || annotations[BETA_DEFAULT_CLASS_ANNOTATION] === "true";
}

export const storageClassKind = {
  group: "storage.k8s.io",
  version: "v1",
  kind: "StorageClass",
  listKind: "StorageClassList",
  plural: "storageclasses",
  singular: "storageclass",
  shortNames: ["sc"],
  categories: [],
  namespaced: false,
  schema,
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    defaults: (object) => {
      const storageClass = object as StorageClass;
      storageClass.reclaimPolicy ??= "Delete";
      storageClass.volumeBindingMode ??= "Immediate";
    },
    validate: (object) => validateStorageClass(object as StorageClass),
    validateUpdate: (object, old) => validateStorageClassUpdate(object as StorageClass, old as StorageClass),
  },
  columns: [
    { ...nameColumn, cell: (object) => `${object.metadata.name ?? ""}${isDefaultClass(object) ? " (default)" : ""}` },
    {
      name: "Provisioner",
      type: "string",
      description: "The provisioner that creates volumes of this class.",
      priority: 0,
      cell: (object) => (object as StorageClass).provisioner ?? "",
    },
    {
      name: "ReclaimPolicy",
      type: "string",
      description: "What happens to volumes when their claim goes.",
      priority: 0,
      cell: (object) => (object as StorageClass).reclaimPolicy ?? "Delete",
    },
    {
      name: "VolumeBindingMode",
      type: "string",
      description: "When claims of this class are bound.",
      priority: 0,
      cell: (object) => (object as StorageClass).volumeBindingMode ?? "Immediate",
    },
    {
      // Upstream declares the column a string but fills it with a boolean.
      name: "AllowVolumeExpansion",
      type: "string",
      description: "Whether claims of this class may grow.",
      priority: 0,
      cell: (object) => (object as StorageClass).allowVolumeExpansion ?? false,
    },
    ageColumn,
  ],
} satisfies KindDefinition;

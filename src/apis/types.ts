/**
 * The contract every kind file in src/apis/ satisfies.
 *
 * One schema per kind drives validation and pruning, the served OpenAPI,
 * strategic merge patch (merge keys) and, later, server-side apply and
 * protobuf decoding. Schemas are OpenAPI v3 structural schemas written as
 * plain data, so they can be served as they are.
 */
import type { FieldError } from "../machinery/field-errors.js";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: unknown };

/** core/v1 ObjectReference: a Job in a CronJob's status, a claim in a volume's claimRef. */
export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** Any API object as JSON. Kind files narrow the parts they touch. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** An OpenAPI v3 structural schema, with the Kubernetes extensions we use. */
export interface Schema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  description?: string;
  properties?: Record<string, Schema>;
  /** For maps (`labels`, `data`): the schema of every value. */
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: readonly string[];
  enum?: readonly (string | number)[];
  /** e.g. int32, int64, date-time, byte, int-or-string. */
  format?: string;
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  "x-kubernetes-int-or-string"?: true;
  "x-kubernetes-preserve-unknown-fields"?: true;
  "x-kubernetes-embedded-resource"?: true;
  "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  "x-kubernetes-list-map-keys"?: readonly string[];
  "x-kubernetes-map-type"?: "atomic" | "granular";
  /** Strategic merge patch: the field that identifies list items (`name` for containers). */
  "x-kubernetes-patch-merge-key"?: string;
  /** Strategic merge patch: `merge`, `retainKeys`, `merge,retainKeys` or `replace`. */
  "x-kubernetes-patch-strategy"?: string;
}

/** One column of `kubectl get` output, as a Table's columnDefinition plus how to fill its cell. */
export interface TableColumn {
  readonly name: string;
  readonly type: "string" | "integer" | "number" | "boolean" | "date";
  /** `name` for the NAME column; otherwise usually empty. */
  readonly format?: string;
  readonly description: string;
  /** 0: always shown; 1: only with `-o wide`. */
  readonly priority: 0 | 1;
  /** The cell as kubectl prints it (ages are formatted by the server, e.g. `5m`). */
  readonly cell: (object: KubeObject, now: Date) => string | number | boolean | null;
}

/**
 * The per-kind hooks, called by the generic registry in this order:
 * create: defaults → prepareForCreate → validate (after common metadata checks);
 * update: defaults → prepareForUpdate → validate → validateUpdate.
 * Hooks mutate the object in place; it is already a private copy.
 */
export interface Strategy {
  /** Upstream's SetDefaults_*: fill omitted fields (protocol TCP, imagePullPolicy, …). */
  readonly defaults?: (object: KubeObject) => void;
  /** Reset what a client may not set on create (e.g. status), set initial status. */
  readonly prepareForCreate?: (object: KubeObject) => void;
  /** Carry over what a client may not change on update. Status is carried over generically. */
  readonly prepareForUpdate?: (object: KubeObject, old: KubeObject) => void;
  readonly validate?: (object: KubeObject) => FieldError[];
  /** Immutable fields and transitions. */
  readonly validateUpdate?: (object: KubeObject, old: KubeObject) => FieldError[];
  /**
   * Upstream's status strategy: what a write through the status subresource is checked for,
   * in place of `validate` and `validateUpdate` (which still run for kinds without it).
   */
  readonly validateStatusUpdate?: (object: KubeObject, old: KubeObject) => FieldError[];
  /**
   * Graceful deletion: the seconds an object gets to terminate before it is
   * removed (`requested` is DeleteOptions.gracePeriodSeconds). Above 0 the
   * delete only sets deletionTimestamp and deletionGracePeriodSeconds; the
   * owner of the object (the kubelet for pods) removes it with grace 0.
   * Absent: kinds are removed at once (finalizers aside).
   */
  readonly deletionGracePeriod?: (object: KubeObject, requested: number | undefined) => number;
}

export interface ScaleSubresource {
  /** Dotted paths, as in a CRD's scale subresource. */
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  /** Path to a label-selector *string* in status, or absent: derived from `spec.selector`. */
  readonly labelSelectorPath?: string;
}

export interface KindDefinition {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  /** Lower-case plural resource name used in URLs, e.g. `deployments`. */
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  /** e.g. ["all"] so `kubectl get all` includes it. */
  readonly categories: readonly string[];
  readonly namespaced: boolean;
  /** The full object schema (apiVersion, kind, metadata, spec, status…). */
  readonly schema: Schema;
  /** Whether metadata.generation is kept (bumped on every change outside metadata and status). */
  readonly tracksGeneration: boolean;
  readonly subresources: {
    readonly status: boolean;
    readonly scale?: ScaleSubresource;
  };
  readonly strategy: Strategy;
  /**
   * Field selector values beyond metadata.name and metadata.namespace, e.g.
   * `spec.nodeName` and `status.phase` for pods. Unlisted fields are rejected.
   */
  readonly selectableFields?: (object: KubeObject) => Record<string, string>;
  /**
   * Every column `kubectl get` prints, in order, as upstream's printers define
   * them (use `nameColumn` and `ageColumn` from ../columns.ts).
   */
  readonly columns: readonly TableColumn[];
}

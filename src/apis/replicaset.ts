/**
 * apps/v1 ReplicaSet: keeps a number of identical pods running. Usually
 * owned by a Deployment, which creates one per template revision.
 */
import { ageColumn, nameColumn } from "./columns.js";
import type { LabelSelector } from "./common/label-selector.js";
import { labelSelectorSchema, objectSchema } from "./common/meta.js";
import { ensureSpec, specOf, statusOf } from "./common/object-fields.js";
import { defaultPodTemplate, podTemplateSpecSchema } from "./common/pod-spec.js";
import type { PodTemplateSpec } from "./common/pod-types.js";
import { condition, describe, int32, int64, list, object } from "./common/schema-builders.js";
import { nonNegative } from "./common/validation-helpers.js";
import { countColumn, wideWorkloadColumns } from "./common/workload-columns.js";
import { validateImmutableSelector, validateReplicatedTemplate, validateWorkloadSelector } from "./common/workload-validation.js";
import type { KindDefinition } from "./types.js";

export interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
}

interface ReplicaSetStatus {
  replicas?: number;
  readyReplicas?: number;
}

const replicaSetSpecSchema = object(
  {
    replicas: int32("Desired number of pods (default 1)."),
    minReadySeconds: int32("Seconds a new pod must be ready before it counts as available."),
    selector: describe(labelSelectorSchema, "Pods the replica set manages; must match the template's labels."),
    template: describe(podTemplateSpecSchema, "Template for the pods."),
  },
  ["selector"],
);

const replicaSetStatusSchema = object(
  {
    replicas: int32("Pods currently managed."),
    fullyLabeledReplicas: int32("Pods whose labels match the template's."),
    readyReplicas: int32("Pods that are ready."),
    availableReplicas: int32("Pods ready for at least minReadySeconds."),
    observedGeneration: int64("Generation the controller last acted on."),
    conditions: list(condition("Condition type, e.g. ReplicaFailure."), "Current state of the replica set.", {
      type: "map",
      keys: ["type"],
      mergeKey: "type",
      strategy: "merge",
    }),
  },
  ["replicas"],
);

export const replicaSetKind = {
  group: "apps",
  version: "v1",
  kind: "ReplicaSet",
  listKind: "ReplicaSetList",
  plural: "replicasets",
  singular: "replicaset",
  shortNames: ["rs"],
  categories: ["all"],
  namespaced: true,
  schema: objectSchema("Keeps a set number of identical pods running.", {
    spec: describe(replicaSetSpecSchema, "The desired state of the replica set."),
    status: describe(replicaSetStatusSchema, "The most recently observed state of the replica set."),
  }),
  tracksGeneration: true,
  subresources: { status: true, scale: { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas" } },
  strategy: {
    defaults: (object) => {
      const spec = ensureSpec<ReplicaSetSpec>(object);
      spec.replicas ??= 1;
      spec.template = defaultPodTemplate(spec.template);
    },
    // Upstream resets status to its zero value, in which replicas is always present.
    prepareForCreate: (object) => {
      object.status = { replicas: 0 };
    },
    validate: (object) => {
      const spec = specOf<ReplicaSetSpec>(object);
      return [
        ...nonNegative("spec.replicas", spec.replicas),
        ...nonNegative("spec.minReadySeconds", spec.minReadySeconds),
        // Upstream words this check the same way for ReplicaSets.
        ...validateWorkloadSelector(spec.selector, "spec.selector", "deployment"),
        ...validateReplicatedTemplate(spec.selector, spec.template, "spec.template"),
      ];
    },
    validateUpdate: (object, old) => validateImmutableSelector(specOf<ReplicaSetSpec>(object).selector, specOf<ReplicaSetSpec>(old).selector),
  },
  columns: [
    nameColumn,
    countColumn("Desired", "Desired number of pods.", (object) => specOf<ReplicaSetSpec>(object).replicas),
    countColumn("Current", "Pods currently managed.", (object) => statusOf<ReplicaSetStatus>(object).replicas),
    countColumn("Ready", "Pods that are ready.", (object) => statusOf<ReplicaSetStatus>(object).readyReplicas),
    ageColumn,
    ...wideWorkloadColumns({
      podSpec: (object) => specOf<ReplicaSetSpec>(object).template?.spec,
      selector: (object) => specOf<ReplicaSetSpec>(object).selector,
    }),
  ],
} satisfies KindDefinition;

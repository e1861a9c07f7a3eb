/**
 * apps/v1 Deployment: declarative rollouts of a pod template through
 * ReplicaSets, with rolling-update or recreate strategies.
 */
import { forbidden, invalid, notSupported, required, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { labelSelectorString, type LabelSelector } from "./common/label-selector.js";
import { labelSelectorSchema, objectSchema } from "./common/meta.js";
import { ensureSpec, specOf, statusOf } from "./common/object-fields.js";
import { defaultPodTemplate, podTemplateSpecSchema } from "./common/pod-spec.js";
import type { IntOrString, PodTemplateSpec } from "./common/pod-types.js";
import { boolean, condition, dateTime, describe, enumString, int32, int64, intOrString, list, object } from "./common/schema-builders.js";
import { jsonEqual, nonNegative } from "./common/validation-helpers.js";
import { containersColumn, imagesColumn } from "./common/workload-columns.js";
import {
  intOrPercentValue,
  validateImmutableSelector,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateReplicatedTemplate,
  validateWorkloadSelector,
} from "./common/workload-validation.js";
import type { KindDefinition } from "./types.js";

export interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

interface DeploymentStatus {
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
}

const rollingUpdateDeploymentSchema = object({
  maxUnavailable: intOrString("Pods that may be unavailable during the update, as a number or percentage (default 25%)."),
  maxSurge: intOrString("Pods that may exist above the desired count, as a number or percentage (default 25%)."),
});

const deploymentStrategySchema = object({
  type: enumString(["Recreate", "RollingUpdate"], "Recreate or RollingUpdate (default)."),
  rollingUpdate: describe(rollingUpdateDeploymentSchema, "Rolling update parameters, when type is RollingUpdate."),
});

const deploymentSpecSchema = object(
  {
    replicas: int32("Desired number of pods (default 1)."),
    selector: describe(labelSelectorSchema, "Pods the deployment manages; must match the template's labels; immutable."),
    template: describe(podTemplateSpecSchema, "Template for the pods."),
    strategy: describe(deploymentStrategySchema, "How old pods are replaced by new ones."),
    minReadySeconds: int32("Seconds a new pod must be ready before it counts as available."),
    revisionHistoryLimit: int32("Old ReplicaSets kept for rollback (default 10)."),
    paused: boolean("Stop rolling out template changes."),
    progressDeadlineSeconds: int32("Seconds without progress before the rollout is reported failed (default 600)."),
  },
  ["selector", "template"],
);

const deploymentStatusSchema = object({
  observedGeneration: int64("Generation the controller last acted on."),
  replicas: int32("Pods targeted by the deployment."),
  updatedReplicas: int32("Pods with the current template."),
  readyReplicas: int32("Pods that are ready."),
  availableReplicas: int32("Pods ready for at least minReadySeconds."),
  unavailableReplicas: int32("Pods still needed for full availability."),
  conditions: list(
    condition("Condition type: Available, Progressing or ReplicaFailure.", { lastUpdateTime: dateTime("When the condition was last updated.") }),
    "Current state of the deployment.",
    { type: "map", keys: ["type"], mergeKey: "type", strategy: "merge" },
  ),
  collisionCount: int32("Count of pod-template-hash collisions, used to make new ReplicaSet names unique."),
});

/** Upstream's SetDefaults_Deployment: one replica, a 25%/25% rolling update, ten old ReplicaSets, 600s to progress. */
function defaultDeployment(spec: DeploymentSpec): void {
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  strategy.type ||= "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const rollingUpdate = (strategy.rollingUpdate ??= {});
    rollingUpdate.maxUnavailable ??= "25%";
    rollingUpdate.maxSurge ??= "25%";
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.template = defaultPodTemplate(spec.template);
}

function validateStrategy(strategy: DeploymentSpec["strategy"], field: string): FieldError[] {
  switch (strategy?.type) {
    case "Recreate":
      return strategy.rollingUpdate ? [forbidden(`${field}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
    case "RollingUpdate": {
      const rollingUpdate = strategy.rollingUpdate;
      if (!rollingUpdate) return [required(`${field}.rollingUpdate`, "this should be defaulted and never be nil")];
      const at = `${field}.rollingUpdate`;
      const errors = [
        ...validatePositiveIntOrPercent(rollingUpdate.maxUnavailable, `${at}.maxUnavailable`),
        ...validatePositiveIntOrPercent(rollingUpdate.maxSurge, `${at}.maxSurge`),
      ];
      if (intOrPercentValue(rollingUpdate.maxUnavailable) === 0 && intOrPercentValue(rollingUpdate.maxSurge) === 0) {
        errors.push(invalid(`${at}.maxUnavailable`, rollingUpdate.maxUnavailable ?? 0, "may not be 0 when `maxSurge` is 0"));
      }
      return [...errors, ...validateNotMoreThan100Percent(rollingUpdate.maxUnavailable, `${at}.maxUnavailable`)];
    }
    default:
      return [notSupported(field, strategy ?? {}, ["Recreate", "RollingUpdate"])];
  }
}

/** Upstream's ValidateDeploymentSpec. */
function validateDeploymentSpec(spec: DeploymentSpec): FieldError[] {
  const errors = [
    ...nonNegative("spec.replicas", spec.replicas),
    ...validateWorkloadSelector(spec.selector, "spec.selector", "deployment"),
    ...validateReplicatedTemplate(spec.selector, spec.template, "spec.template"),
    ...validateStrategy(spec.strategy, "spec.strategy"),
    ...nonNegative("spec.minReadySeconds", spec.minReadySeconds),
    ...nonNegative("spec.revisionHistoryLimit", spec.revisionHistoryLimit),
  ];
  const deadline = spec.progressDeadlineSeconds;
  if (deadline !== undefined) {
    errors.push(...nonNegative("spec.progressDeadlineSeconds", deadline));
    if (deadline <= (spec.minReadySeconds ?? 0)) errors.push(invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"));
  }
  return errors;
}

export const deploymentKind = {
  group: "apps",
  version: "v1",
  kind: "Deployment",
  listKind: "DeploymentList",
  plural: "deployments",
  singular: "deployment",
  shortNames: ["deploy"],
  categories: ["all"],
  namespaced: true,
  schema: objectSchema("Rolls out a pod template as ReplicaSets, replacing old pods with new ones.", {
    spec: describe(deploymentSpecSchema, "The desired state of the deployment."),
    status: describe(deploymentStatusSchema, "The most recently observed state of the deployment."),
  }),
  tracksGeneration: true,
  subresources: { status: true, scale: { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas" } },
  strategy: {
    defaults: (object) => defaultDeployment(ensureSpec<DeploymentSpec>(object)),
    prepareForCreate: (object) => {
      object.status = {};
    },
    // Annotations are copied to the ReplicaSets, so changing them is a new generation too.
    prepareForUpdate: (object, old) => {
      if (!jsonEqual(object.metadata.annotations ?? {}, old.metadata.annotations ?? {})) {
        object.metadata.generation = (old.metadata.generation ?? 0) + 1;
      }
    },
    validate: (object) => validateDeploymentSpec(specOf<DeploymentSpec>(object)),
    validateUpdate: (object, old) => validateImmutableSelector(specOf<DeploymentSpec>(object).selector, specOf<DeploymentSpec>(old).selector),
  },
  columns: [
    nameColumn,
    {
      name: "Ready",
      type: "string",
      description: "Ready pods out of desired pods.",
      priority: 0,
      cell: (object) => `${statusOf<DeploymentStatus>(object).readyReplicas ?? 0}/${specOf<DeploymentSpec>(object).replicas ?? 0}`,
    },
    {
      name: "Up-to-date",
      type: "string",
      description: "Pods running the current template.",
      priority: 0,
      cell: (object) => statusOf<DeploymentStatus>(object).updatedReplicas ?? 0,
    },
    {
      name: "Available",
      type: "string",
      description: "Pods ready for at least minReadySeconds.",
      priority: 0,
      cell: (object) => statusOf<DeploymentStatus>(object).availableReplicas ?? 0,
    },
    ageColumn,
    containersColumn((object) => specOf<DeploymentSpec>(object).template?.spec),
    imagesColumn((object) => specOf<DeploymentSpec>(object).template?.spec),
    {
      name: "Selector",
      type: "string",
      description: "Label query over the pods the deployment manages.",
      priority: 1,
      // Unlike the other workloads, upstream prints the raw selector string here (no <none>).
      cell: (object) => {
        const text = labelSelectorString(specOf<DeploymentSpec>(object).selector);
        return text instanceof Error ? "<invalid>" : text;
      },
    },
  ],
} satisfies KindDefinition;

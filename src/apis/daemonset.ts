/**
 * apps/v1 DaemonSet: one pod on every node that matches, for node agents
 * such as log shippers and network plugins.
 */
import { invalid, notSupported, required, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { formatLabels, isEmptySelector, labelSelectorMatches, validateLabelSelector, type LabelSelector } from "./common/label-selector.js";
import { labelSelectorSchema, objectSchema } from "./common/meta.js";
import { ensureSpec, specOf, statusOf } from "./common/object-fields.js";
import { defaultPodTemplate, podTemplateSpecSchema, validatePodTemplate } from "./common/pod-spec.js";
import type { IntOrString, PodTemplateSpec } from "./common/pod-types.js";
import { condition, describe, enumString, int32, int64, intOrString, list, object } from "./common/schema-builders.js";
import { nonNegative } from "./common/validation-helpers.js";
import { countColumn, wideWorkloadColumns } from "./common/workload-columns.js";
import {
  intOrPercentValue,
  validateImmutableSelector,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateRunsForever,
} from "./common/workload-validation.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface DaemonSetSpec {
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
}

interface DaemonSetStatus {
  currentNumberScheduled?: number;
  desiredNumberScheduled?: number;
  numberReady?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
}

const rollingUpdateSchema = object({
  maxUnavailable: intOrString("Nodes whose pod may be unavailable during the update, as a number or percentage (default 1)."),
  maxSurge: intOrString("Nodes that may run an extra new pod during the update, as a number or percentage (default 0)."),
});

const updateStrategySchema = object({
  type: enumString(["OnDelete", "RollingUpdate"], "RollingUpdate (default) or OnDelete."),
  rollingUpdate: describe(rollingUpdateSchema, "Rolling update parameters, when type is RollingUpdate."),
});

const daemonSetSpecSchema = object(
  {
    selector: describe(labelSelectorSchema, "Pods the daemon set manages; must match the template's labels."),
    template: describe(podTemplateSpecSchema, "Template for the pod run on each eligible node."),
    updateStrategy: describe(updateStrategySchema, "How pods are replaced after template changes."),
    minReadySeconds: int32("Seconds a new pod must be ready before it counts as available."),
    revisionHistoryLimit: int32("Old revisions kept (default 10)."),
  },
  ["selector", "template"],
);

const daemonSetStatusSchema = object(
  {
    currentNumberScheduled: int32("Nodes running a daemon pod that should."),
    numberMisscheduled: int32("Nodes running a daemon pod that should not."),
    desiredNumberScheduled: int32("Nodes that should run a daemon pod."),
    numberReady: int32("Nodes with a ready daemon pod."),
    observedGeneration: int64("Generation the controller last acted on."),
    updatedNumberScheduled: int32("Nodes running the current template."),
    numberAvailable: int32("Nodes with a pod available for minReadySeconds."),
    numberUnavailable: int32("Nodes that should run an available pod and do not."),
    collisionCount: int32("Count of revision hash collisions."),
    conditions: list(condition("Condition type."), "Current state of the daemon set.", { type: "map", keys: ["type"], mergeKey: "type", strategy: "merge" }),
  },
  ["currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady"],
);

/** Upstream's SetDefaults_DaemonSet: roll one node at a time, without surge. */
function defaultDaemonSet(spec: DaemonSetSpec): void {
  const strategy = (spec.updateStrategy ??= {});
  strategy.type ||= "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const rollingUpdate = (strategy.rollingUpdate ??= {});
    rollingUpdate.maxUnavailable ??= 1;
    rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  spec.template = defaultPodTemplate(spec.template);
}

function validateUpdateStrategy(strategy: DaemonSetSpec["updateStrategy"], field: string): FieldError[] {
  switch (strategy?.type) {
    case "OnDelete":
      return [];
    case "RollingUpdate": {
      const rollingUpdate = strategy.rollingUpdate;
      if (!rollingUpdate) return [required(`${field}.rollingUpdate`)];
      const at = `${field}.rollingUpdate`;
      const { maxUnavailable, maxSurge } = rollingUpdate;
      const errors = [
        ...validatePositiveIntOrPercent(maxUnavailable, `${at}.maxUnavailable`),
        ...validatePositiveIntOrPercent(maxSurge, `${at}.maxSurge`),
        ...validateNotMoreThan100Percent(maxUnavailable, `${at}.maxUnavailable`),
        ...validateNotMoreThan100Percent(maxSurge, `${at}.maxSurge`),
      ];
      const unavailable = intOrPercentValue(maxUnavailable) !== 0;
      const surge = intOrPercentValue(maxSurge) !== 0;
      if (unavailable && surge) errors.push(invalid(`${at}.maxSurge`, maxSurge ?? 0, "may not be set when maxUnavailable is non-zero"));
      if (!unavailable && !surge) errors.push(required(`${at}.maxUnavailable`, "cannot be 0 when maxSurge is 0"));
      return errors;
    }
    default:
      return [notSupported(field, strategy ?? {}, ["RollingUpdate", "OnDelete"])];
  }
}

/** Upstream's ValidateDaemonSetSpec. */
function validateDaemonSetSpec(spec: DaemonSetSpec): FieldError[] {
  const errors = validateLabelSelector(spec.selector, "spec.selector");
  const labels = spec.template?.metadata?.labels;
  if (!labelSelectorMatches(spec.selector, labels)) {
    errors.push(invalid("spec.template.metadata.labels", labels ?? null, "`selector` does not match template `labels`"));
  }
  if (spec.selector && isEmptySelector(spec.selector)) errors.push(invalid("spec.selector", spec.selector, "empty selector is invalid for daemonset"));
  errors.push(...validatePodTemplate(spec.template, "spec.template"));
  errors.push(...validateRunsForever(spec.template, "spec.template", "DaemonSet"));
  errors.push(...nonNegative("spec.minReadySeconds", spec.minReadySeconds));
  errors.push(...validateUpdateStrategy(spec.updateStrategy, "spec.updateStrategy"));
  errors.push(...nonNegative("spec.revisionHistoryLimit", spec.revisionHistoryLimit));
  return errors;
}

const status = (object: KubeObject): DaemonSetStatus => statusOf<DaemonSetStatus>(object);

export const daemonSetKind = {
  group: "apps",
  version: "v1",
  kind: "DaemonSet",
  listKind: "DaemonSetList",
  plural: "daemonsets",
  singular: "daemonset",
  shortNames: ["ds"],
  categories: ["all"],
  namespaced: true,
  schema: objectSchema("Runs a copy of a pod on every matching node.", {
    spec: describe(daemonSetSpecSchema, "The desired state of the daemon set."),
    status: describe(daemonSetStatusSchema, "The most recently observed state of the daemon set."),
  }),
  tracksGeneration: true,
  subresources: { status: true },
  strategy: {
    defaults: (object) => defaultDaemonSet(ensureSpec<DaemonSetSpec>(object)),
    // Upstream resets status to its zero value, in which these counts are always present.
    prepareForCreate: (object) => {
      object.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
    },
    validate: (object) => validateDaemonSetSpec(specOf<DaemonSetSpec>(object)),
    validateUpdate: (object, old) => validateImmutableSelector(specOf<DaemonSetSpec>(object).selector, specOf<DaemonSetSpec>(old).selector),
  },
  columns: [
    nameColumn,
    countColumn("Desired", "Nodes that should run a daemon pod.", (object) => status(object).desiredNumberScheduled),
    countColumn("Current", "Nodes running a daemon pod that should.", (object) => status(object).currentNumberScheduled),
    countColumn("Ready", "Nodes with a ready daemon pod.", (object) => status(object).numberReady),
    countColumn("Up-to-date", "Nodes running the current template.", (object) => status(object).updatedNumberScheduled),
    countColumn("Available", "Nodes with a pod available for minReadySeconds.", (object) => status(object).numberAvailable),
    {
      name: "Node Selector",
      type: "string",
      description: "Labels a node must have to run the daemon pod.",
      priority: 0,
      cell: (object) => formatLabels(specOf<DaemonSetSpec>(object).template?.spec?.nodeSelector),
    },
    ageColumn,
    ...wideWorkloadColumns({
      podSpec: (object) => specOf<DaemonSetSpec>(object).template?.spec,
      selector: (object) => specOf<DaemonSetSpec>(object).selector,
    }),
  ],
} satisfies KindDefinition;

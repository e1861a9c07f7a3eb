/**
 * PodDisruptionBudget (policy/v1): how many of the selected pods must stay
 * up (minAvailable) or may be down (maxUnavailable) during voluntary
 * disruptions such as evictions. The disruption controller fills status;
 * the eviction API consults it.
 */
import { invalid, notSupported, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { conditionsField } from "./common/core-schemas.js";
import { validateLabelSelector, type LabelSelector } from "./common/label-selector.js";
import { labelSelectorSchema, objectSchema } from "./common/meta.js";
import { specOf, statusOf } from "./common/object-fields.js";
import type { IntOrString } from "./common/pod-types.js";
import { dateTime, describe, enumString, int32, int64, intOrString, object } from "./common/schema-builders.js";
import { validateNotMoreThan100Percent, validatePositiveIntOrPercent } from "./common/workload-validation.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface PodDisruptionBudgetSpec {
  minAvailable?: IntOrString;
  maxUnavailable?: IntOrString;
  selector?: LabelSelector;
  unhealthyPodEvictionPolicy?: string;
}

interface PodDisruptionBudgetStatus {
  disruptionsAllowed?: number;
}

/** Sorted, as upstream lists them in its NotSupported message. */
const UNHEALTHY_POD_EVICTION_POLICIES = ["AlwaysAllow", "IfHealthyBudget"];

const spec = object({
  maxUnavailable: intOrString("At most this many selected pods (or percentage) may be unavailable after an eviction."),
  minAvailable: intOrString("At least this many selected pods (or percentage) must stay available after an eviction."),
  // Upstream replaces the selector wholesale in strategic merge patches.
  selector: { ...describe(labelSelectorSchema, "The pods this budget covers; empty selects every pod in the namespace."), "x-kubernetes-patch-strategy": "replace" },
  unhealthyPodEvictionPolicy: enumString(
    UNHEALTHY_POD_EVICTION_POLICIES,
    "When running but not ready pods may be evicted: IfHealthyBudget (only while the budget is met) or AlwaysAllow.",
  ),
});

const status = object(
  {
    conditions: conditionsField("Observations of the budget; DisruptionAllowed tells whether evictions may proceed."),
    currentHealthy: int32("Number of selected pods that are healthy now."),
    desiredHealthy: int32("Minimum number of healthy pods the budget requires."),
    disruptedPods: {
      type: "object",
      description: "Pods evicted but not yet gone, with the time of eviction; entries expire after a while.",
      additionalProperties: dateTime("When the pod was evicted."),
    },
    disruptionsAllowed: int32("Number of pod disruptions allowed right now."),
    expectedPods: int32("Number of pods counted by the budget."),
    observedGeneration: int64("The metadata.generation this status was computed from."),
  },
  ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"],
);

const schema = objectSchema("A limit on how many of a set of pods voluntary disruptions may take down at once.", {
  spec: describe(spec, "The desired budget."),
  status: describe(status, "The observed state of the budget, written by the disruption controller."),
});

function validateSpec(budget: PodDisruptionBudgetSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (budget.minAvailable !== undefined && budget.maxUnavailable !== undefined) {
    errors.push(invalid("spec", budget, "minAvailable and maxUnavailable cannot be both set"));
  }
  for (const field of ["minAvailable", "maxUnavailable"] as const) {
    errors.push(...validatePositiveIntOrPercent(budget[field], `spec.${field}`), ...validateNotMoreThan100Percent(budget[field], `spec.${field}`));
  }
  errors.push(...validateLabelSelector(budget.selector, "spec.selector"));
  const policy = budget.unhealthyPodEvictionPolicy;
  if (policy !== undefined && !UNHEALTHY_POD_EVICTION_POLICIES.includes(policy)) {
    errors.push(notSupported("spec.unhealthyPodEvictionPolicy", policy, UNHEALTHY_POD_EVICTION_POLICIES));
  }
  return errors;
}

/** The MIN AVAILABLE / MAX UNAVAILABLE cells: the value as written, or N/A. */
function budgetCell(value: IntOrString | undefined): string {
  return value === undefined ? "N/A" : String(value);
}

export const podDisruptionBudgetKind = {
  group: "policy",
  version: "v1",
  kind: "PodDisruptionBudget",
  listKind: "PodDisruptionBudgetList",
  plural: "poddisruptionbudgets",
  singular: "poddisruptionbudget",
  shortNames: ["pdb"],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: true,
  subresources: { status: true },
  strategy: {
    // Upstream starts from an empty status, whose four counts always serialize.
    prepareForCreate: (object: KubeObject) => {
      object.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    },
    validate: (object) => validateSpec(specOf<PodDisruptionBudgetSpec>(object)),
  },
  columns: [
    nameColumn,
    {
      name: "Min Available",
      type: "string",
      description: "Pods that must stay available after an eviction.",
      priority: 0,
      cell: (object) => budgetCell(specOf<PodDisruptionBudgetSpec>(object).minAvailable),
    },
    {
      name: "Max Unavailable",
      type: "string",
      description: "Pods that may be unavailable after an eviction.",
      priority: 0,
      cell: (object) => budgetCell(specOf<PodDisruptionBudgetSpec>(object).maxUnavailable),
    },
    {
      name: "Allowed Disruptions",
      type: "integer",
      description: "Pod disruptions allowed right now.",
      priority: 0,
      cell: (object) => statusOf<PodDisruptionBudgetStatus>(object).disruptionsAllowed ?? 0,
    },
    ageColumn,
  ],
} satisfies KindDefinition;

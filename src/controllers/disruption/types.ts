/**
 * The PodDisruptionBudget fields the disruption controller and the
 * eviction subresource read and write (policy/v1).
 */
import type { IntOrString } from "../../apis/common/pod-types.js";
import type { LabelSelectorObject } from "../../machinery/labels.js";
import type { KubeObject } from "../../apis/types.js";
import { specOf, statusOf } from "../../apis/common/object-fields.js";

export interface BudgetCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export interface BudgetSpec {
  readonly minAvailable?: IntOrString;
  readonly maxUnavailable?: IntOrString;
  readonly selector?: LabelSelectorObject | null;
  readonly unhealthyPodEvictionPolicy?: "IfHealthyBudget" | "AlwaysAllow";
}

export interface BudgetStatus {
  observedGeneration?: number;
  /** Pod name → when the eviction API let it go (RFC 3339). */
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: BudgetCondition[];
}

export function budgetSpecOf(budget: KubeObject): BudgetSpec {
  return specOf<BudgetSpec>(budget);
}

/** The status with its four counts, which upstream always serializes, present. */
export function budgetStatusOf(budget: KubeObject): BudgetStatus {
  const status = statusOf<Partial<BudgetStatus>>(budget);
  return { ...status, disruptionsAllowed: status.disruptionsAllowed ?? 0, currentHealthy: status.currentHealthy ?? 0, desiredHealthy: status.desiredHealthy ?? 0, expectedPods: status.expectedPods ?? 0 };
}

/**
 * The PodDisruptionBudget fields the disruption controller and the
 * eviction subresource read and write (policy/v1), and the
 * `DisruptionAllowed` condition both keep in line with disruptionsAllowed
 * (upstream's component-helpers poddisruptionbudget).
 */
import { timestamp } from "../../machinery/time.js";
import type { LabelSelectorObject } from "../../machinery/labels.js";
import type { KubeObject } from "../types.js";
import { specOf, statusOf } from "./object-fields.js";
import type { IntOrString } from "./pod-types.js";

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

export const DISRUPTION_ALLOWED = "DisruptionAllowed";
export const SUFFICIENT_PODS = "SufficientPods";
export const INSUFFICIENT_PODS = "InsufficientPods";
export const SYNC_FAILED = "SyncFailed";

/**
 * apimeta.SetStatusCondition: adds or replaces the condition of its type.
 * lastTransitionTime moves only when the status flips.
 */
export function setBudgetCondition(status: BudgetStatus, condition: Omit<BudgetCondition, "lastTransitionTime">, now: Date = new Date()): void {
  const conditions = (status.conditions ??= []);
  const index = conditions.findIndex((c) => c.type === condition.type);
  const old = conditions[index];
  const lastTransitionTime = old && old.status === condition.status ? old.lastTransitionTime : timestamp(now);
  const next = { ...condition, lastTransitionTime };
  if (old) conditions[index] = next;
  else conditions.push(next);
}

/** UpdateDisruptionAllowedCondition: True (SufficientPods) while a disruption is allowed, else False (InsufficientPods). */
export function updateDisruptionAllowedCondition(status: BudgetStatus, now: Date = new Date()): void {
  const allowed = status.disruptionsAllowed > 0;
  setBudgetCondition(
    status,
    {
      type: DISRUPTION_ALLOWED,
      status: allowed ? "True" : "False",
      reason: allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS,
      message: "",
      ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
    },
    now,
  );
}

/** ConditionsAreUpToDate: the condition exists, is for the current generation and agrees with disruptionsAllowed. */
export function conditionsAreUpToDate(budget: KubeObject, status: BudgetStatus): boolean {
  const condition = status.conditions?.find((c) => c.type === DISRUPTION_ALLOWED);
  if (!condition) return false;
  if ((status.observedGeneration ?? 0) !== (budget.metadata.generation ?? 0)) return false;
  return status.disruptionsAllowed > 0
    ? condition.status === "True" && condition.reason === SUFFICIENT_PODS
    : condition.status === "False" && condition.reason === INSUFFICIENT_PODS;
}

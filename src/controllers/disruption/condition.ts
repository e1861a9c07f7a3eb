/**
 * The `DisruptionAllowed` condition of a PodDisruptionBudget, which the
 * disruption controller and the eviction subresource both keep in line with
 * disruptionsAllowed (upstream's component-helpers poddisruptionbudget).
 */
import type { KubeObject } from "../../apis/types.js";
import { timestamp } from "../replicaset/index.js";
import type { BudgetCondition, BudgetStatus } from "./types.js";

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

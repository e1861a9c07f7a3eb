/**
 * A budget's status from the pods it selects, as upstream's disruption
 * controller computes it: how many pods are expected and how many must stay
 * healthy (from minAvailable or maxUnavailable, counts or percentages of the
 * controllers' scale), how many are healthy now (ready, not being deleted,
 * not recently evicted), and so how many disruptions are allowed.
 */
import type { KubeObject } from "../../apis/types.js";
import { scaledValue } from "../deployment/replicas.js";
import { controllerRefOf } from "../owner-refs.js";
import { isPodReady } from "../../apis/common/pod-state.js";
import { conditionsAreUpToDate, updateDisruptionAllowedCondition } from "../../apis/common/disruption-budget.js";
import type { ControllerFinder } from "./controllers.js";
import { budgetSpecOf, budgetStatusOf, type BudgetStatus } from "../../apis/common/disruption-budget.js";
import { cloneJson } from "../../machinery/clone.js";

/**
 * How long an evicted pod counts as disrupted: the eviction API records it,
 * and if it is not being deleted by then, it is assumed it never will be.
 */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

export type ExpectedPods =
  | { readonly ok: true; readonly expectedCount: number; readonly desiredHealthy: number; readonly unmanagedPods: readonly string[] }
  | { readonly ok: false; readonly error: string };

type ExpectedScale = { ok: true; count: number; unmanagedPods: string[] } | { ok: false; error: string };

/**
 * The sum of the scales of the pods' controllers, each counted once. Pods
 * without a controller are listed (they make the count unreliable); a pod
 * whose controller cannot be found is an error.
 */
function expectedScale(pods: readonly KubeObject[], find: ControllerFinder): ExpectedScale {
  const scales = new Map<string, number>();
  // Pods of one ReplicaSet share a reference; ReplicaSets of one Deployment share its uid in `scales`.
  const seenRefs = new Set<string>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerRefOf(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata.name ?? "");
      continue;
    }
    if (seenRefs.has(ref.uid)) continue;
    const controller = find(ref, pod.metadata.namespace ?? "");
    if (!controller) return { ok: false, error: `found no controllers for pod "${pod.metadata.name ?? ""}"` };
    seenRefs.add(ref.uid);
    scales.set(controller.uid, controller.scale);
  }
  let count = 0;
  for (const scale of scales.values()) count += scale;
  return { ok: true, count, unmanagedPods };
}

/**
 * getExpectedPodCount: an integer minAvailable counts the selected pods;
 * a percentage, or maxUnavailable, counts the controllers' scale (rounding
 * the percentage up). desiredHealthy never goes below 0.
 */
export function expectedPods(budget: KubeObject, pods: readonly KubeObject[], find: ControllerFinder): ExpectedPods {
  const { minAvailable, maxUnavailable } = budgetSpecOf(budget);
  if (maxUnavailable !== undefined) {
    const scale = expectedScale(pods, find);
    if (!scale.ok) return scale;
    const desiredHealthy = Math.max(0, scale.count - scaledValue(maxUnavailable, scale.count, true));
    return { ok: true, expectedCount: scale.count, desiredHealthy, unmanagedPods: scale.unmanagedPods };
  }
  if (typeof minAvailable === "number") return { ok: true, expectedCount: pods.length, desiredHealthy: minAvailable, unmanagedPods: [] };
  if (typeof minAvailable === "string") {
    const scale = expectedScale(pods, find);
    if (!scale.ok) return scale;
    return { ok: true, expectedCount: scale.count, desiredHealthy: scaledValue(minAvailable, scale.count, true), unmanagedPods: scale.unmanagedPods };
  }
  return { ok: true, expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

export interface DisruptedPods {
  /** The entries still pending: pods evicted less than DELETION_TIMEOUT_MS ago and not yet being deleted. */
  readonly pods: Record<string, string>;
  /** Pods whose eviction expired without a deletion (upstream warns on each). */
  readonly expired: readonly string[];
  /** When the earliest pending entry expires, if any: the budget must be synced again then. */
  readonly recheckAtMs?: number;
}

/**
 * buildDisruptedPodMap: keeps the recorded evictions of pods that still
 * exist and are not yet being deleted, until they expire.
 */
export function disruptedPods(budget: KubeObject, pods: readonly KubeObject[], nowMs: number): DisruptedPods {
  const recorded = budgetStatusOf(budget).disruptedPods ?? {};
  const kept: Record<string, string> = {};
  const expired: string[] = [];
  let recheckAtMs: number | undefined;
  for (const pod of pods) {
    const name = pod.metadata.name ?? "";
    const evictedAt = recorded[name];
    if (pod.metadata.deletionTimestamp || evictedAt === undefined) continue;
    const expiresAt = Date.parse(evictedAt) + DELETION_TIMEOUT_MS;
    if (expiresAt < nowMs) {
      expired.push(name);
      continue;
    }
    kept[name] = evictedAt;
    recheckAtMs = Math.min(recheckAtMs ?? expiresAt, expiresAt);
  }
  return { pods: kept, expired, ...(recheckAtMs !== undefined ? { recheckAtMs } : {}) };
}

/** countHealthyPods: ready pods that are neither being deleted nor recently evicted. */
export function countHealthy(pods: readonly KubeObject[], disrupted: Readonly<Record<string, string>>, nowMs: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const evictedAt = disrupted[pod.metadata.name ?? ""];
    if (evictedAt !== undefined && Date.parse(evictedAt) + DELETION_TIMEOUT_MS > nowMs) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

export interface BudgetCounts {
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly expectedCount: number;
  readonly disruptedPods: Readonly<Record<string, string>>;
}

function sameDisruptedPods(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(a ?? {});
  return entries.length === Object.keys(b).length && entries.every(([name, at]) => b[name] === at);
}

/**
 * updatePdbStatus: the status to write, or undefined when the current one
 * already says the same. No disruption is allowed while no pods are
 * expected, so a budget whose first pods appear before this controller
 * has counted them is safe.
 */
export function nextBudgetStatus(budget: KubeObject, counts: BudgetCounts, now: Date = new Date()): BudgetStatus | undefined {
  const { currentHealthy, desiredHealthy, expectedCount, disruptedPods } = counts;
  const disruptionsAllowed = expectedCount <= 0 ? 0 : Math.max(0, currentHealthy - desiredHealthy);
  const current = budgetStatusOf(budget);
  const generation = budget.metadata.generation ?? 0;
  if (
    current.currentHealthy === currentHealthy &&
    current.desiredHealthy === desiredHealthy &&
    current.expectedPods === expectedCount &&
    current.disruptionsAllowed === disruptionsAllowed &&
    sameDisruptedPods(current.disruptedPods, disruptedPods) &&
    (current.observedGeneration ?? 0) === generation &&
    conditionsAreUpToDate(budget, current)
  ) {
    return undefined;
  }
  const next: BudgetStatus = {
    ...(generation ? { observedGeneration: generation } : {}),
    ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods: { ...disruptedPods } } : {}),
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods: expectedCount,
    ...(current.conditions ? { conditions: cloneJson(current.conditions) } : {}),
  };
  updateDisruptionAllowedCondition(next, now);
  return next;
}

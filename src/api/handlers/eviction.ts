/**
 * POST pods/<name>/eviction: a deletion that honours PodDisruptionBudgets
 * (upstream's EvictionREST). Pods a budget cannot protect (not yet running,
 * finished, already terminating) are deleted at once. Otherwise the one
 * budget selecting the pod must allow a disruption: the eviction takes it
 * (decrementing disruptionsAllowed and recording the pod in disruptedPods,
 * a conditional write retried on conflict) and then marks the pod with the
 * DisruptionTarget condition and deletes it. A budget that allows none
 * answers 429, which clients such as `kubectl drain` retry.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { KubeObject } from "../../apis/types.js";
import { budgetSpecOf, budgetStatusOf, updateDisruptionAllowedCondition } from "../../apis/common/disruption-budget.js";
import { isPodReady, setPodCondition, type PodStatus } from "../../apis/common/pod-state.js";
import { matchesLabels, selectorFromLabelSelector } from "../../machinery/labels.js";
import { ApiError, badRequest, isApiError, successStatus, type Status } from "../../machinery/status.js";
import { parseSelection, timestamp, type DeleteOptions, type ResourceStore } from "../registry/index.js";
import { jsonResponse } from "../respond.js";
import type { ResourceContext } from "./context.js";
import { parseDeleteOptions } from "./delete.js";
import { readObject } from "./write.js";
import { cloneJson } from "../../machinery/clone.js";

const EVICTION_VERSIONS = new Set(["policy/v1", "policy/v1beta1"]);
/** Upstream's MaxDisruptedPodSize: more unconfirmed evictions than this means the controller is not keeping up. */
const MAX_DISRUPTED_PODS = 2000;
/** Conflicts come from the disruption controller's own status writes, which settle quickly in one process. */
const CONFLICT_ATTEMPTS = 20;
const CONFLICT_DELAY_MS = 10;
const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

type EvictOptions = DeleteOptions & { readonly dryRun: boolean };

interface Target {
  readonly pods: ResourceStore;
  readonly budgets: ResourceStore;
  readonly namespace: string;
  readonly name: string;
}

export async function createEviction(context: ResourceContext): Promise<Response> {
  const { info, registry } = context;
  const eviction = await readObject(context);
  if (!EVICTION_VERSIONS.has(String(eviction.apiVersion)) || eviction.kind !== "Eviction") {
    throw badRequest(`not a Eviction object: ${String(eviction.apiVersion)}, Kind=${String(eviction.kind)}`);
  }
  if (eviction.metadata?.name !== info.name) throw badRequest("name in URL does not match name in Eviction object");
  if (eviction.metadata.namespace && eviction.metadata.namespace !== info.namespace) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  // Only dryRun of the create's query applies; the rest of the deletion is the Eviction's deleteOptions.
  const dryRunQuery = new URLSearchParams(context.query.getAll("dryRun").map((value): [string, string] => ["dryRun", value]));
  const options = parseDeleteOptions((eviction as { deleteOptions?: unknown }).deleteOptions ?? {}, dryRunQuery);
  const target: Target = { pods: context.store, budgets: registry.forKind("policy", "PodDisruptionBudget"), namespace: info.namespace, name: info.name };
  const outcome = await evict(target, options);
  return jsonResponse(outcome.code, outcome);
}

async function evict(target: Target, options: EvictOptions): Promise<Status> {
  const pod = await deleteUnprotected(target, options);
  if (!pod) return { ...successStatus(), code: 201 };
  const budgets = await budgetsSelecting(target, pod);
  if (budgets.length > 1) {
    const message = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";
    return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, code: 500 };
  }
  const budget = budgets[0];
  // An unready pod does not count as healthy: deleting it takes nothing from the budget, as long as
  // it does not turn ready meanwhile (the delete is pinned to the resourceVersion seen here).
  const pinned = budget !== undefined && !isPodReady(pod) && unhealthyMayGo(budget);
  if (budget && !pinned) await takeDisruption(target, budget, options.dryRun);
  const clientPinned = options.preconditions?.resourceVersion !== undefined;
  try {
    await markAndDelete(target, pinned ? pinnedTo(options, pod) : options);
  } catch (error: unknown) {
    if (isApiError(error, 409) && pinned && !clientPinned && budget) throw stillProcessing(budget.metadata.name ?? "");
    throw error;
  }
  return { ...successStatus(), code: 201 };
}

/**
 * Deletes the pod at once if no budget can protect it, retrying when it
 * changes meanwhile (unless the client pinned a resourceVersion). Returns
 * the pod when its budget must be consulted.
 */
async function deleteUnprotected(target: Target, options: EvictOptions): Promise<KubeObject | undefined> {
  const clientPinned = options.preconditions?.resourceVersion !== undefined;
  for (let attempt = 1; ; attempt++) {
    const pod = (await target.pods.get(target.namespace, target.name)).object;
    const phase = (pod.status as PodStatus | undefined)?.["phase"];
    const terminating = pod.metadata.deletionTimestamp !== undefined;
    if (phase !== "Pending" && phase !== "Succeeded" && phase !== "Failed" && !terminating) return pod;
    // A pending pod could turn ready and count for a budget: the delete must find it as it was.
    const finished = phase === "Succeeded" || phase === "Failed" || terminating;
    try {
      await markAndDelete(target, finished || clientPinned ? options : pinnedTo(options, pod));
      return undefined;
    } catch (error: unknown) {
      if (!isApiError(error, 409) || clientPinned || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
    await delay(CONFLICT_DELAY_MS);
  }
}

/** The policy's leave to delete an unready pod: always, or (by default) while the budget is met. */
function unhealthyMayGo(budget: KubeObject): boolean {
  if (budgetSpecOf(budget).unhealthyPodEvictionPolicy === "AlwaysAllow") return true;
  const status = budgetStatusOf(budget);
  return status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0;
}

/** Budgets in the pod's namespace whose selector matches it; an invalid selector matches nothing. */
async function budgetsSelecting(target: Target, pod: KubeObject): Promise<KubeObject[]> {
  const everything = parseSelection(target.budgets.kind, "", "");
  const page = await target.budgets.list(target.namespace, { selection: everything, resourceVersion: "", resourceVersionMatch: "", limit: 0, continueToken: "" });
  return page.items
    .map((item) => item.object)
    .filter((budget) => {
      const selector = selectorFromLabelSelector(budgetSpecOf(budget).selector);
      return selector.ok && matchesLabels(selector.value, pod.metadata.labels);
    });
}

/** checkAndDecrement, retried with a fresh budget on conflict. */
async function takeDisruption(target: Target, listed: KubeObject, dryRun: boolean): Promise<void> {
  let budget = listed;
  for (let attempt = 1; ; attempt++) {
    try {
      await checkAndDecrement(target, budget, dryRun);
      return;
    } catch (error: unknown) {
      if (!isApiError(error, 409) || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
    await delay(CONFLICT_DELAY_MS);
    budget = (await target.budgets.get(target.namespace, listed.metadata.name ?? "")).object;
  }
}

async function checkAndDecrement(target: Target, budget: KubeObject, dryRun: boolean): Promise<void> {
  const name = budget.metadata.name ?? "";
  const status = cloneJson(budgetStatusOf(budget));
  // The controller has not seen the budget's latest spec: its numbers cannot be trusted yet.
  if ((status.observedGeneration ?? 0) < (budget.metadata.generation ?? 0)) throw stillProcessing(name);
  if (status.disruptionsAllowed < 0) throw forbidden(name, "pdb disruptions allowed is negative");
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    throw forbidden(name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
  }
  if (status.disruptionsAllowed === 0) {
    throw new ApiError("TooManyRequests", VIOLATION, {
      causes: [{ reason: "DisruptionBudget", message: `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently` }],
    });
  }
  status.disruptionsAllowed--;
  if (status.disruptionsAllowed === 0) updateDisruptionAllowedCondition(status);
  if (dryRun) return;
  // Until the controller sees the pod terminating (or two minutes pass), it counts the pod as disrupted.
  status.disruptedPods = { ...status.disruptedPods, [target.name]: timestamp() };
  // The budget's resourceVersion makes this write conditional: a concurrent change is a 409, and a retry.
  await target.budgets.update(target.namespace, name, { ...budget, status: { ...status } }, { dryRun: false, fieldValidation: "Ignore", subresource: "status" });
}

/**
 * addConditionAndDeletePod: the DisruptionTarget condition first (checked
 * against the delete's preconditions, so it never lands on another pod),
 * then the graceful delete. A pinned resourceVersion moves to the one the
 * condition's write produced.
 */
async function markAndDelete(target: Target, options: EvictOptions): Promise<void> {
  let deleteOptions = options;
  if (!options.dryRun) {
    const written = await target.pods.guaranteedUpdate(
      target.namespace,
      target.name,
      (current) => {
        checkPreconditions(current, options);
        const status = (current.status ?? {}) as PodStatus;
        setPodCondition(status, { type: "DisruptionTarget", status: "True", reason: "EvictionByEvictionAPI", message: "Eviction API: evicting" });
        current.status = status;
        return current;
      },
      { dryRun: false, fieldValidation: "Ignore", subresource: "status" },
    );
    const resourceVersion = written.object.metadata.resourceVersion;
    if (options.preconditions?.resourceVersion !== undefined && resourceVersion !== undefined) {
      deleteOptions = { ...options, preconditions: { ...options.preconditions, resourceVersion } };
    }
  }
  await target.pods.delete(target.namespace, target.name, deleteOptions, deleteOptions.dryRun);
}

function checkPreconditions(pod: KubeObject, options: EvictOptions): void {
  const { uid, resourceVersion } = options.preconditions ?? {};
  const conflictOnPod = (detail: string) =>
    new ApiError("Conflict", `Operation cannot be fulfilled on Pod "${pod.metadata.name ?? ""}": ${detail}`, { name: pod.metadata.name ?? "", kind: "Pod" });
  if (uid && uid !== pod.metadata.uid) {
    throw conflictOnPod(`the UID in the precondition (${uid}) does not match the UID in record (${pod.metadata.uid ?? ""}). The object might have been deleted and then recreated`);
  }
  if (resourceVersion && resourceVersion !== pod.metadata.resourceVersion) {
    throw conflictOnPod(`the ResourceVersion in the precondition (${resourceVersion}) does not match the ResourceVersion in record (${pod.metadata.resourceVersion ?? ""}). The object might have been modified`);
  }
}

function pinnedTo(options: EvictOptions, pod: KubeObject): EvictOptions {
  return { ...options, preconditions: { ...options.preconditions, resourceVersion: pod.metadata.resourceVersion ?? "" } };
}

function stillProcessing(budgetName: string): ApiError {
  return new ApiError("TooManyRequests", VIOLATION, {
    causes: [{ reason: "DisruptionBudget", message: `The disruption budget ${budgetName} is still being processed by the server.` }],
    retryAfterSeconds: 10,
  });
}

function forbidden(budgetName: string, reason: string): ApiError {
  return new ApiError("Forbidden", `poddisruptionbudget.policy "${budgetName}" is forbidden: ${reason}`, { name: budgetName, group: "policy", kind: "poddisruptionbudget" });
}

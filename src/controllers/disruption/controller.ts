/**
 * The disruption controller: keeps every PodDisruptionBudget's status
 * (expected, desired and current healthy pods, disruptions allowed, the
 * evictions still pending, the DisruptionAllowed condition) in line with
 * the pods it selects. Pod and budget events enqueue the budget's key;
 * `sync` reads only caches and writes the status when it changed. If a sync
 * fails for any reason but a conflict, the budget is set to allow no
 * disruption (upstream's fail-safe), so evictions stop while it is unsure.
 */
import type { KubeObject } from "../../apis/types.js";
import { EventRecorder, WorkQueue, objectKey, type Informer, type ResourceClient } from "../../client/index.js";
import type { Logger } from "../../log.js";
import { labelSelectorString, matchesLabels, selectorFromLabelSelector } from "../../machinery/labels.js";
import { isApiError } from "../../machinery/status.js";
import type { ControllerContext } from "../index.js";
import { countHealthy, disruptedPods, expectedPods, nextBudgetStatus } from "./budget.js";
import { DISRUPTION_ALLOWED, SYNC_FAILED, setBudgetCondition } from "../../apis/common/disruption-budget.js";
import { controllerFinder, type ControllerFinder } from "./controllers.js";
import { budgetSpecOf, budgetStatusOf, type BudgetStatus } from "../../apis/common/disruption-budget.js";
import { cloneJson } from "../../machinery/clone.js";

export class DisruptionController {
  readonly queue = new WorkQueue();
  readonly #budgets: Informer;
  readonly #pods: Informer;
  readonly #budgetClient: ResourceClient;
  readonly #findController: ControllerFinder;
  readonly #recorder: EventRecorder;
  readonly #log: Logger;

  constructor(context: ControllerContext, log: Logger) {
    const { client, informers } = context;
    this.#log = log;
    this.#budgetClient = client.resource("policy", "PodDisruptionBudget");
    this.#recorder = new EventRecorder(client, { component: "controllermanager", log });
    this.#budgets = informers.forKind("policy", "PodDisruptionBudget");
    this.#pods = informers.forKind("", "Pod");
    this.#findController = controllerFinder({
      replicaSets: informers.forKind("apps", "ReplicaSet"),
      deployments: informers.forKind("apps", "Deployment"),
      statefulSets: informers.forKind("apps", "StatefulSet"),
      ...(client.serves("", "ReplicationController") ? { replicationControllers: informers.forKind("", "ReplicationController") } : {}),
    });
    const enqueue = (budget: KubeObject) => this.queue.add(objectKey(budget));
    this.#budgets.addHandlers({ onAdd: enqueue, onUpdate: (_, budget) => enqueue(budget), onDelete: enqueue });
    const podChanged = (pod: KubeObject) => {
      for (const budget of this.#budgetsFor(pod)) enqueue(budget);
    };
    this.#pods.addHandlers({ onAdd: podChanged, onUpdate: (_, pod) => podChanged(pod), onDelete: podChanged });
  }

  async sync(key: string): Promise<void> {
    const [namespace = "", name = ""] = key.split("/");
    const budget = this.#budgets.get(namespace, name);
    if (!budget) return;
    try {
      await this.#trySync(budget);
    } catch (error: unknown) {
      // A conflict means our view is stale: retry with the next, not fail safe.
      if (isApiError(error, 409)) throw error;
      this.#log.warn("failed to sync PodDisruptionBudget", { budget: key, error: String(error) });
      await this.#failSafe(budget, error);
    }
  }

  async #trySync(budget: KubeObject): Promise<void> {
    const pods = this.#selectedPods(budget);
    if (pods.length === 0) this.#recorder.record(budget, "Normal", "NoPods", "No matching pods found");
    const expected = expectedPods(budget, pods, this.#findController);
    if (!expected.ok) {
      this.#recorder.record(budget, "Warning", "CalculateExpectedPodCountFailed", `Failed to calculate the number of expected pods: ${expected.error}`);
      throw new Error(expected.error);
    }
    if (expected.unmanagedPods.length > 0) {
      this.#recorder.record(
        budget,
        "Warning",
        "UnmanagedPods",
        `Pods selected by this PodDisruptionBudget (selector: ${this.#selectorText(budget)}) were found to be unmanaged. ` +
          "As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. " +
          'To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
      );
    }
    const nowMs = Date.now();
    const disrupted = disruptedPods(budget, pods, nowMs);
    for (const podName of disrupted.expired) {
      const pod = pods.find((p) => p.metadata.name === podName);
      const { namespace = "" } = budget.metadata;
      if (pod) this.#recorder.record(pod, "Warning", "NotDeleted", `Pod was expected by PDB ${namespace}/${budget.metadata.name ?? ""} to be deleted but it wasn't`);
    }
    const status = nextBudgetStatus(budget, {
      currentHealthy: countHealthy(pods, disrupted.pods, nowMs),
      desiredHealthy: expected.desiredHealthy,
      expectedCount: expected.expectedCount,
      disruptedPods: disrupted.pods,
    });
    if (status) await this.#writeStatus(budget, status);
    // An eviction not followed by a deletion stops counting as disruption when it expires.
    if (disrupted.recheckAtMs !== undefined) this.queue.addAfter(objectKey(budget), disrupted.recheckAtMs - nowMs);
  }

  /** Allows no disruption, with the error as the condition's message; the next event syncs again. */
  async #failSafe(budget: KubeObject, error: unknown): Promise<void> {
    const status: BudgetStatus = { ...cloneJson(budgetStatusOf(budget)), disruptionsAllowed: 0 };
    setBudgetCondition(status, {
      type: DISRUPTION_ALLOWED,
      status: "False",
      reason: SYNC_FAILED,
      message: error instanceof Error ? error.message : String(error),
      ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
    });
    await this.#writeStatus(budget, status);
  }

  /** One conditional write from the cached object: a conflict (the eviction API decremented meanwhile) retries the sync. */
  async #writeStatus(budget: KubeObject, status: BudgetStatus): Promise<void> {
    await this.#budgetClient.updateStatus({ ...budget, status: { ...status } });
  }

  #selectedPods(budget: KubeObject): KubeObject[] {
    const selector = selectorFromLabelSelector(budgetSpecOf(budget).selector);
    if (!selector.ok) throw new Error(selector.error);
    return this.#pods.list(budget.metadata.namespace ?? "").filter((pod) => matchesLabels(selector.value, pod.metadata.labels));
  }

  #selectorText(budget: KubeObject): string {
    const selector = selectorFromLabelSelector(budgetSpecOf(budget).selector);
    return selector.ok ? labelSelectorString(selector.value) : "";
  }

  /**
   * The budgets selecting a pod. Upstream syncs only the first of several
   * (with a warning, as here); syncing all keeps each one's status current.
   */
  #budgetsFor(pod: KubeObject): KubeObject[] {
    const matching = this.#budgets.list(pod.metadata.namespace ?? "").filter((budget) => {
      const selector = selectorFromLabelSelector(budgetSpecOf(budget).selector);
      return selector.ok && matchesLabels(selector.value, pod.metadata.labels);
    });
    if (matching.length > 1) {
      const { namespace = "", name = "" } = pod.metadata;
      const message = `Pod "${namespace}"/"${name}" matches multiple PodDisruptionBudgets.  Chose "${matching[0]?.metadata.name ?? ""}" arbitrarily.`;
      this.#recorder.record(pod, "Warning", "MultiplePodDisruptionBudgets", message);
    }
    return matching;
  }
}

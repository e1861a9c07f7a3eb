/**
 * Stale DisruptionTarget conditions: a pod the eviction API (or preemption,
 * or the taint manager) marked as a disruption target but which, two
 * minutes later, is still not being deleted was not disrupted after all;
 * its condition is set back to False so Job failure policies do not
 * mistake a later failure for a disruption. Conditions the kubelet sets,
 * and those on finished pods, are never stale.
 */
import type { KubeObject } from "../../apis/types.js";
import { WorkQueue, objectKey, type Informer, type ResourceClient } from "../../client/index.js";
import { setPodCondition } from "../../apis/common/pod-state.js";
import { updatePodStatus } from "../../scheduler/pod-status.js";
import type { Pod, PodStatus } from "../../scheduler/framework/index.js";
import type { ControllerContext } from "../index.js";

export const STALE_DISRUPTION_TIMEOUT_MS = 2 * 60 * 1000;

const DISRUPTION_TARGET = "DisruptionTarget";

/** How long until the pod's DisruptionTarget condition is stale (0: now), or undefined if it never will be. */
export function staleConditionDelay(pod: KubeObject, nowMs: number, timeoutMs = STALE_DISRUPTION_TIMEOUT_MS): number | undefined {
  if (pod.metadata.deletionTimestamp) return undefined;
  const status = (pod.status ?? {}) as PodStatus;
  const condition = status.conditions?.find((c) => c.type === DISRUPTION_TARGET);
  if (!condition || condition.status !== "True" || condition.reason === "TerminationByKubelet") return undefined;
  if (status["phase"] === "Succeeded" || status["phase"] === "Failed") return undefined;
  const since = Date.parse(condition.lastTransitionTime ?? "");
  return Math.max(0, (Number.isFinite(since) ? since : 0) + timeoutMs - nowMs);
}

export class StaleDisruptionCleaner {
  readonly queue = new WorkQueue();
  readonly #pods: Informer;
  readonly #podClient: ResourceClient;
  readonly #timeoutMs: number;

  constructor(context: ControllerContext, options: { timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? STALE_DISRUPTION_TIMEOUT_MS;
    this.#podClient = context.client.resource("", "Pod");
    this.#pods = context.informers.forKind("", "Pod");
    const check = (pod: KubeObject) => {
      const delay = staleConditionDelay(pod, Date.now(), this.#timeoutMs);
      if (delay !== undefined) this.queue.addAfter(objectKey(pod), delay);
    };
    this.#pods.addHandlers({ onAdd: check, onUpdate: (_, pod) => check(pod) });
  }

  async sync(key: string): Promise<void> {
    const [namespace = "", name = ""] = key.split("/");
    const pod = this.#pods.get(namespace, name);
    if (!pod) return;
    const delay = staleConditionDelay(pod, Date.now(), this.#timeoutMs);
    if (delay === undefined) return;
    if (delay > 0) {
      this.queue.addAfter(key, delay);
      return;
    }
    await updatePodStatus(pod as Pod, {
      pods: this.#podClient,
      change: (status, current) =>
        staleConditionDelay(current, Date.now(), this.#timeoutMs) === 0 && setPodCondition(status, { type: DISRUPTION_TARGET, status: "False" }),
    });
  }
}

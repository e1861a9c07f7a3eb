/**
 * The StatefulSet controller: handlers map pod events to the owning set
 * (or, for orphans, the sets whose selector matches); `sync` claims the
 * set's pods, settles the current and update revisions, runs one pass of
 * pod management and writes status. Level-triggered: every pass starts
 * from the cache, and a pass that waits (for readiness, termination or
 * minReadySeconds) is resumed by the pod event or a delayed requeue.
 */
import type { KubeObject } from "../../apis/types.js";
import { EventRecorder, objectKey, WorkQueue, type Informer, type ResourceClient } from "../../client/index.js";
import { matchesLabels, selectorFromLabelSelector, type LabelSelectorObject } from "../../machinery/labels.js";
import { ApiError } from "../../machinery/status.js";
import { runController } from "../controller.js";
import type { ControllerContext } from "../index.js";
import { runPass } from "./control.js";
import { claimObjects, controllerRefOf } from "./controller-ref.js";
import { ensureRevision, openHistory, revisionTemplate, truncateHistory, type RevisionHistory } from "./history.js";
import { isMemberOf, podRevision, type StatefulSet, type StatefulSetStatus } from "./identity.js";
import { ClientPodControl } from "./pod-control.js";
import { msUntilAvailable } from "../../apis/common/pod-state.js";
import { completeRollingUpdate, countReplicas, statusChanged } from "./status.js";
import { cloneJson } from "../../machinery/clone.js";

const NAME = "statefulset-controller";
const CACHE_WAIT_MS = 50;

function selectorOf(set: StatefulSet) {
  const parsed = selectorFromLabelSelector(set.spec?.selector as LabelSelectorObject | undefined);
  return parsed.ok ? parsed.value : undefined;
}

class StatefulSetController {
  readonly #sets: Informer;
  readonly #pods: Informer;
  readonly #setClient: ResourceClient;
  readonly #podClient: ResourceClient;
  readonly #history: RevisionHistory;
  readonly #control: ClientPodControl;
  readonly #queue = new WorkQueue();

  constructor(context: ControllerContext) {
    const { informers, client, log } = context;
    this.#sets = informers.forKind("apps", "StatefulSet");
    this.#pods = informers.forKind("", "Pod");
    this.#setClient = client.resource("apps", "StatefulSet");
    this.#podClient = client.resource("", "Pod");
    this.#history = openHistory(client, informers);
    const events = new EventRecorder(client, { component: NAME, log });
    this.#control = new ClientPodControl(client, { events, log });
    const enqueue = (object: KubeObject) => this.#queue.add(objectKey(object));
    this.#sets.addHandlers({ onAdd: enqueue, onUpdate: (_old, current) => enqueue(current), onDelete: enqueue });
    this.#pods.addHandlers({
      onAdd: (pod) => this.#enqueueFor(pod),
      onUpdate: (old, pod) => {
        const oldRef = controllerRefOf(old);
        if (oldRef && oldRef.uid !== controllerRefOf(pod)?.uid) this.#enqueueFor(old);
        this.#enqueueFor(pod);
      },
      onDelete: (pod) => this.#enqueueFor(pod),
    });
  }

  run(context: ControllerContext): void {
    runController({ name: NAME, queue: this.#queue, sync: (key) => this.sync(key), log: context.log, workers: 2 }, context.signal);
  }

  /** The owning set of a pod, or for an orphan every set in its namespace that may adopt it. */
  #enqueueFor(pod: KubeObject): void {
    const namespace = pod.metadata.namespace ?? "";
    const ref = controllerRefOf(pod);
    if (ref) {
      const set = ref.kind === "StatefulSet" ? this.#sets.get(namespace, ref.name) : undefined;
      if (set && set.metadata.uid === ref.uid) this.#queue.add(objectKey(set));
      return;
    }
    for (const set of this.#sets.list(namespace)) {
      const selector = selectorOf(set);
      if (selector && matchesLabels(selector, pod.metadata.labels) && isMemberOf(set, pod)) this.#queue.add(objectKey(set));
    }
  }

  async sync(key: string): Promise<void> {
    if (!this.#sets.hasSynced || !this.#pods.hasSynced) {
      this.#queue.addAfter(key, CACHE_WAIT_MS);
      return;
    }
    const [namespace = "", name = ""] = key.split("/");
    const cached = this.#sets.get(namespace, name) as StatefulSet | undefined;
    if (!cached) return;
    const set = cloneJson(cached);
    const selector = selectorOf(set);
    if (!selector) return;
    const pods = await claimObjects({
      owner: set,
      candidates: this.#pods.list(namespace),
      matches: (pod) => matchesLabels(selector, pod.metadata.labels) && isMemberOf(set, pod),
      client: this.#podClient,
    });
    const { update, revisions, collisionCount } = await ensureRevision(this.#history, {
      owner: set,
      template: set.spec?.template,
      collisionCount: set.status?.collisionCount ?? 0,
    });
    const current = revisions.find((r) => r.name === set.status?.currentRevision) ?? update;
    const now = Date.now();
    await runPass({
      set,
      pods,
      currentTemplate: revisionTemplate(current),
      updateTemplate: set.spec?.template,
      currentRevision: current.name,
      updateRevision: update.name,
      control: this.#control,
      now,
    });
    const minReadySeconds = set.spec?.minReadySeconds ?? 0;
    const status: StatefulSetStatus = {
      ...set.status,
      observedGeneration: set.metadata.generation ?? 0,
      ...countReplicas(pods, { minReadySeconds, currentRevision: current.name, updateRevision: update.name, now }),
      currentRevision: current.name,
      updateRevision: update.name,
      collisionCount,
    };
    completeRollingUpdate(set, status);
    await this.#writeStatus(set, status);
    const live = new Set([current.name, update.name, status.currentRevision ?? "", ...pods.map(podRevision)]);
    await truncateHistory(this.#history, { owner: set, revisions, live, limit: set.spec?.revisionHistoryLimit ?? 10 });
    // Pods that are ready but not yet available for minReadySeconds: look again when they will be.
    const waits = pods.map((pod) => msUntilAvailable(pod, { minReadySeconds, now })).filter((ms): ms is number => ms !== undefined);
    if (waits.length) this.#queue.addAfter(key, Math.min(...waits) + 10);
  }

  async #writeStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void> {
    if (!statusChanged(set.status, status)) return;
    try {
      await this.#setClient.updateStatus({ ...set, status });
    } catch (error: unknown) {
      // Deleted meanwhile: nothing left to report on.
      if (!(error instanceof ApiError && error.code === 404)) throw error;
    }
  }
}

export function startStatefulSetController(context: ControllerContext): void {
  new StatefulSetController(context).run(context);
}

/**
 * The DaemonSet controller: one pod on every node the set fits. `sync`
 * claims the set's pods, settles the revision for its template, and, once
 * the cache shows its earlier creates and deletes, creates and deletes pods
 * node by node; when that changed nothing, it takes one rolling-update step.
 * Status is written on every pass; observedGeneration only after a full one.
 */
import type { KubeObject } from "../../apis/types.js";
import { EventRecorder, objectKey, WorkQueue, type Informer, type ResourceClient } from "../../client/index.js";
import { matchesLabels, selectorFromLabelSelector, type LabelSelectorObject } from "../../machinery/labels.js";
import { isApiError } from "../../machinery/status.js";
import { runController } from "../controller.js";
import type { ControllerContext } from "../index.js";
import { claimObjects, controllerRefOf } from "../statefulset/controller-ref.js";
import { ensureRevision, openHistory, truncateHistory, type RevisionHistory } from "../statefulset/history.js";
import { msUntilAvailable } from "../../apis/common/pod-state.js";
import { FailedPodBackoff } from "./backoff.js";
import { WriteExpectations } from "../expectations.js";
import { isRollingUpdate, planNodes } from "./manage.js";
import { newDaemonPod, podHash, targetNodeOf, type DaemonSet, type DaemonSetStatus } from "./pods.js";
import { planRollingUpdate } from "./rolling.js";
import { countDaemonStatus, daemonStatusChanged } from "./status.js";
import { cloneJson } from "../../machinery/clone.js";

const NAME = "daemonset-controller";
const CACHE_WAIT_MS = 50;
/** Creates go in batches of 1, 2, 4… (upstream's slow start), so a failing template fails once, not per node. */
const MAX_BATCH = 100;

function selectorOf(ds: DaemonSet) {
  const parsed = selectorFromLabelSelector(ds.spec?.selector as LabelSelectorObject | undefined);
  return parsed.ok ? parsed.value : undefined;
}


/** Labels and taints decide where daemon pods run; heartbeats do not. */
function placementChanged(old: KubeObject, current: KubeObject): boolean {
  const spec = (node: KubeObject) => node.spec as { taints?: unknown; unschedulable?: unknown } | undefined;
  return (
    JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(current.metadata.labels ?? {}) ||
    JSON.stringify(spec(old)?.taints ?? []) !== JSON.stringify(spec(current)?.taints ?? [])
  );
}

class DaemonSetController {
  readonly #sets: Informer;
  readonly #pods: Informer;
  readonly #nodes: Informer;
  readonly #setClient: ResourceClient;
  readonly #podClient: ResourceClient;
  readonly #history: RevisionHistory;
  readonly #events: EventRecorder;
  readonly #expectations: WriteExpectations;
  readonly #backoff = new FailedPodBackoff();
  readonly #queue = new WorkQueue();

  constructor(context: ControllerContext) {
    const { informers, client, log } = context;
    this.#sets = informers.forKind("apps", "DaemonSet");
    this.#pods = informers.forKind("", "Pod");
    this.#nodes = informers.forKind("", "Node");
    this.#setClient = client.resource("apps", "DaemonSet");
    this.#podClient = client.resource("", "Pod");
    this.#history = openHistory(client, informers);
    this.#events = new EventRecorder(client, { component: NAME, log });
    this.#expectations = new WriteExpectations((key) => {
      const [namespace = "", name = ""] = key.split("/");
      return this.#pods.get(namespace, name);
    });
    const enqueue = (object: KubeObject) => this.#queue.add(objectKey(object));
    this.#sets.addHandlers({ onAdd: enqueue, onUpdate: (_old, current) => enqueue(current), onDelete: enqueue });
    this.#pods.addHandlers({
      onAdd: (pod) => this.#onPod(pod, false),
      onUpdate: (old, pod) => {
        const oldRef = controllerRefOf(old);
        if (oldRef && oldRef.uid !== controllerRefOf(pod)?.uid) this.#enqueueFor(old);
        this.#onPod(pod, false);
      },
      onDelete: (pod) => this.#onPod(pod, true),
    });
    const enqueueAll = () => {
      for (const ds of this.#sets.list()) enqueue(ds);
    };
    this.#nodes.addHandlers({ onAdd: enqueueAll, onUpdate: (old, node) => placementChanged(old, node) && enqueueAll(), onDelete: enqueueAll });
  }

  run(context: ControllerContext): void {
    runController({ name: NAME, queue: this.#queue, sync: (key) => this.sync(key), log: context.log, workers: 2 }, context.signal);
  }

  #onPod(pod: KubeObject, deleted: boolean): void {
    this.#expectations.observe(pod, deleted);
    this.#enqueueFor(pod);
  }

  #enqueueFor(pod: KubeObject): void {
    const namespace = pod.metadata.namespace ?? "";
    const ref = controllerRefOf(pod);
    if (ref) {
      const ds = ref.kind === "DaemonSet" ? this.#sets.get(namespace, ref.name) : undefined;
      if (ds && ds.metadata.uid === ref.uid) this.#queue.add(objectKey(ds));
      return;
    }
    for (const ds of this.#sets.list(namespace)) {
      const selector = selectorOf(ds);
      if (selector && matchesLabels(selector, pod.metadata.labels)) this.#queue.add(objectKey(ds));
    }
  }

  async sync(key: string): Promise<void> {
    if (![this.#sets, this.#pods, this.#nodes].every((i) => i.hasSynced)) {
      this.#queue.addAfter(key, CACHE_WAIT_MS);
      return;
    }
    const [namespace = "", name = ""] = key.split("/");
    const cached = this.#sets.get(namespace, name) as DaemonSet | undefined;
    if (!cached) {
      this.#expectations.forget(key);
      return;
    }
    const ds = cloneJson(cached);
    const selector = selectorOf(ds);
    if (!selector || ds.metadata.deletionTimestamp) return;
    const pods = await claimObjects({ owner: ds, candidates: this.#pods.list(namespace), matches: (pod) => matchesLabels(selector, pod.metadata.labels), client: this.#podClient });
    const nodes = this.#nodes.list();
    const { update, revisions, collisionCount } = await ensureRevision(this.#history, { owner: ds, template: ds.spec?.template, collisionCount: ds.status?.collisionCount ?? 0 });
    const podsByNode = new Map<string, KubeObject[]>();
    for (const pod of pods) {
      const nodeName = targetNodeOf(pod);
      if (nodeName !== undefined) podsByNode.set(nodeName, [...(podsByNode.get(nodeName) ?? []), pod]);
    }
    const now = Date.now();
    const settled = this.#expectations.satisfied(key);
    if (settled) {
      const plan = planNodes({ ds, nodes, podsByNode, hash: update.hash, now, mayReplaceFailed: (node) => this.#backoff.tryReplace(`${key}/${node}`, now) });
      for (const pod of plan.failed) {
        const message = `Found failed daemon pod ${namespace}/${pod.metadata.name ?? ""} on node ${targetNodeOf(pod) ?? ""}, will try to kill it`;
        this.#events.record(ds, "Warning", "FailedDaemonPod", message);
      }
      const changed = plan.createOn.length + plan.delete.length > 0;
      await this.#syncNodes(ds, { key, plan, hash: update.hash });
      // One rolling step per pass, on a cache that already shows the pass's creates and deletes.
      if (!changed && isRollingUpdate(ds)) {
        const byName = new Map(nodes.map((n) => [n.metadata.name ?? "", n]));
        await this.#syncNodes(ds, { key, plan: planRollingUpdate({ ds, nodes: byName, podsByNode, hash: update.hash, now }), hash: update.hash });
      }
      const liveHashes = new Set(pods.map(podHash));
      const live = new Set([update.name, ...revisions.filter((r) => liveHashes.has(r.hash)).map((r) => r.name)]);
      await truncateHistory(this.#history, { owner: ds, revisions, live, limit: ds.spec?.revisionHistoryLimit ?? 10 });
    } else {
      this.#queue.addAfter(key, CACHE_WAIT_MS);
    }
    const counts = countDaemonStatus(ds, { nodes, podsByNode, hash: update.hash, now });
    const status: DaemonSetStatus = { ...ds.status, ...counts, collisionCount, ...(settled ? { observedGeneration: ds.metadata.generation ?? 0 } : {}) };
    await this.#writeStatus(ds, status);
    this.#requeueForAvailability(key, ds, pods, now);
  }

  async #syncNodes(
    ds: DaemonSet,
    { key, plan, hash }: { key: string; plan: { createOn: readonly string[]; delete: readonly KubeObject[] }; hash: string },
  ): Promise<void> {
    const namespace = ds.metadata.namespace ?? "";
    const pending = [...plan.createOn];
    for (let size = 1; pending.length > 0; size = Math.min(size * 2, MAX_BATCH)) {
      const batch = pending.splice(0, size);
      const results = await Promise.allSettled(batch.map((node) => this.#podClient.create(namespace, newDaemonPod(ds, { nodeName: node, hash }))));
      const failures: unknown[] = [];
      for (const result of results) {
        if (result.status === "fulfilled") {
          this.#expectations.expectWritten(key, result.value);
          this.#events.record(ds, "Normal", "SuccessfulCreate", `Created pod: ${result.value.metadata.name ?? ""}`);
        } else {
          failures.push(result.reason);
          this.#events.record(ds, "Warning", "FailedCreate", `Error creating: ${String(result.reason)}`);
        }
      }
      if (failures.length) throw failures[0];
    }
    const seen = new Set<string>();
    for (const pod of plan.delete) {
      const podName = pod.metadata.name ?? "";
      if (seen.has(podName)) continue;
      seen.add(podName);
      try {
        await this.#podClient.delete(namespace, podName, { preconditions: { uid: pod.metadata.uid ?? "" } });
      } catch (error: unknown) {
        if (isApiError(error, 404)) continue;
        this.#events.record(ds, "Warning", "FailedDelete", `Error deleting: ${String(error)}`);
        throw error;
      }
      this.#expectations.expectDeleted(key, objectKey(pod));
      this.#events.record(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${podName}`);
    }
  }

  async #writeStatus(ds: DaemonSet, status: DaemonSetStatus): Promise<void> {
    if (!daemonStatusChanged(ds.status, status)) return;
    try {
      await this.#setClient.updateStatus({ ...ds, status });
    } catch (error: unknown) {
      if (!isApiError(error, 404)) throw error;
    }
  }

  /** Ready pods become available after minReadySeconds, and failed pods wait out their back-off: look again then. */
  #requeueForAvailability(key: string, ds: DaemonSet, pods: readonly KubeObject[], now: number): void {
    const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
    const waits = pods.map((pod) => msUntilAvailable(pod, { minReadySeconds, now })).filter((ms): ms is number => ms !== undefined);
    for (const pod of pods) {
      const wait = this.#backoff.remaining(`${key}/${targetNodeOf(pod) ?? ""}`, now);
      if (wait > 0 && (pod.status as { phase?: string } | undefined)?.phase === "Failed") waits.push(wait);
    }
    if (waits.length) this.#queue.addAfter(key, Math.min(...waits) + 10);
  }
}

export function startDaemonSetController(context: ControllerContext): void {
  new DaemonSetController(context).run(context);
}

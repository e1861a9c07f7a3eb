/**
 * The node lifecycle controller. It watches Nodes and their Leases in
 * kube-node-lease; a node not heard from for the grace period gets Ready
 * (and the pressure conditions) Unknown, its pods get Ready=False, and it
 * is tainted `node.kubernetes.io/unreachable` NoSchedule and NoExecute
 * (`not-ready` when the kubelet itself reports NotReady). Pods on a node
 * with NoExecute taints they do not tolerate are evicted (deleted
 * gracefully) at once, or after their tolerationSeconds. When the node
 * posts Ready again, the taints come off.
 */
import type { KubeObject } from "../apis/types.js";
import type { PodSpec } from "../apis/common/pod-types.js";
import { timestamp } from "../api/registry/index.js";
import { EventRecorder, WorkQueue, type Informer, type ResourceClient } from "../client/index.js";
import { isApiError } from "../machinery/status.js";
import { runController } from "./controller.js";
import type { ControllerContext, ControllerStarter } from "./index.js";
import { evictionDecision, noExecuteTaints, taintedSince } from "./node-lifecycle-eviction.js";
import { Heartbeats, NODE_LEASE_NAMESPACE, readyCondition, silencedConditions } from "./node-lifecycle-health.js";
import { reconcileTaints } from "../apis/common/node-taints.js";
import type { PodCondition } from "../apis/common/pod-state.js";
import { cloneJson } from "../machinery/clone.js";

export interface NodeLifecycleOptions {
  /**
   * Silence after which a node counts as lost (upstream's node-monitor-grace-period).
   * @default 40_000
   */
  readonly gracePeriodMs?: number;
  /**
   * The same for a node that never posted Ready (node-startup-grace-period).
   * @default 60_000
   */
  readonly startupGracePeriodMs?: number;
  /**
   * How often every node's silence is checked (node-monitor-period).
   * @default 5_000
   */
  readonly monitorPeriodMs?: number;
}

const NAME = "node-lifecycle-controller";
const NODE_NAME_INDEX = "spec.nodeName";
const CACHE_WAIT_MS = 50;


function podsConditions(pod: KubeObject): PodCondition[] {
  return ((pod.status ?? {}) as { conditions?: PodCondition[] }).conditions ?? [];
}

class NodeLifecycleController {
  readonly #nodes: Informer;
  readonly #leases: Informer;
  readonly #pods: Informer;
  readonly #nodeClient: ResourceClient;
  readonly #podClient: ResourceClient;
  readonly #events: EventRecorder;
  readonly #heartbeats: Heartbeats;
  readonly #monitorPeriodMs: number;
  readonly #queue = new WorkQueue();
  /** Nodes whose pods still need Ready=False after the node went silent. */
  readonly #markNotReady = new Set<string>();
  /** When each pod (by uid) came under its node's NoExecute taints, in ms. */
  readonly #taintedSince = new Map<string, number>();

  constructor(context: ControllerContext, options: NodeLifecycleOptions) {
    const { informers, client, log } = context;
    this.#heartbeats = new Heartbeats({ gracePeriodMs: options.gracePeriodMs ?? 40_000, startupGracePeriodMs: options.startupGracePeriodMs ?? 60_000 });
    this.#monitorPeriodMs = options.monitorPeriodMs ?? 5_000;
    this.#nodes = informers.forKind("", "Node");
    this.#leases = informers.forKind("coordination.k8s.io", "Lease");
    this.#pods = informers.forKind("", "Pod");
    this.#pods.addIndex(NODE_NAME_INDEX, (pod) => {
      const nodeName = (pod.spec as PodSpec | undefined)?.nodeName;
      return nodeName ? [nodeName] : [];
    });
    this.#nodeClient = client.resource("", "Node");
    this.#podClient = client.resource("", "Pod");
    this.#events = new EventRecorder(client, { component: NAME, log });
    const onNode = (node: KubeObject) => {
      this.#heartbeats.observeNode(node, Date.now());
      this.#queue.add(node.metadata.name ?? "");
    };
    this.#nodes.addHandlers({
      onAdd: onNode,
      onUpdate: (_old, node) => onNode(node),
      onDelete: (node) => {
        this.#heartbeats.forget(node.metadata.name ?? "");
        this.#markNotReady.delete(node.metadata.name ?? "");
      },
    });
    const onLease = (lease: KubeObject) => {
      if (lease.metadata.namespace === NODE_LEASE_NAMESPACE) this.#heartbeats.observeLease(lease, Date.now());
    };
    this.#leases.addHandlers({ onAdd: onLease, onUpdate: (_old, lease) => onLease(lease) });
    // A pod that lands on a node with NoExecute taints must be judged against them.
    const onPod = (pod: KubeObject) => {
      const nodeName = (pod.spec as PodSpec | undefined)?.nodeName;
      const node = nodeName ? this.#nodes.get("", nodeName) : undefined;
      if (node && noExecuteTaints(node).length) this.#queue.add(nodeName ?? "");
    };
    this.#pods.addHandlers({ onAdd: onPod, onUpdate: (_old, pod) => onPod(pod), onDelete: (pod) => this.#taintedSince.delete(pod.metadata.uid ?? "") });
  }

  run(context: ControllerContext): void {
    runController({ name: NAME, queue: this.#queue, sync: (key) => this.sync(key), log: context.log }, context.signal);
    const timer = setInterval(() => this.#sweep(), this.#monitorPeriodMs);
    timer.unref();
    context.signal.addEventListener("abort", () => clearInterval(timer), { once: true });
  }

  /** Queues every node that has been silent too long and is not marked Unknown yet. */
  #sweep(): void {
    const now = Date.now();
    for (const node of this.#nodes.list()) {
      if (readyCondition(node)?.status !== "Unknown" && this.#heartbeats.remaining(node, now) < 0) this.#queue.add(node.metadata.name ?? "");
    }
  }

  async sync(name: string): Promise<void> {
    if (![this.#nodes, this.#leases, this.#pods].every((i) => i.hasSynced)) {
      this.#queue.addAfter(name, CACHE_WAIT_MS);
      return;
    }
    const cached = this.#nodes.get("", name);
    if (!cached) return;
    const now = Date.now();
    const stamp = timestamp(new Date(now));
    let node = cached;
    if (this.#heartbeats.remaining(node, now) < 0) node = await this.#silence(node, stamp);
    if (readyCondition(node)?.status === "True") this.#markNotReady.delete(name);
    else if (this.#markNotReady.has(name)) await this.#markPodsNotReady(name, stamp);
    const taints = reconcileTaints(node, stamp);
    if (taints) node = await this.#nodeClient.update({ ...node, spec: { ...(node.spec as object), taints } });
    await this.#evictPods(node, now);
  }

  /** Marks a silent node's conditions Unknown; a node that was Ready also has its pods marked not ready. */
  async #silence(node: KubeObject, stamp: string): Promise<KubeObject> {
    const conditions = silencedConditions(node, stamp);
    if (!conditions) return node;
    const name = node.metadata.name ?? "";
    this.#heartbeats.expectReady(name, conditions.find((c) => c.type === "Ready"));
    const updated = await this.#nodeClient.updateStatus({ ...node, status: { ...(node.status as object), conditions } });
    if (readyCondition(node)?.status === "True") {
      this.#events.record(node, "Normal", "NodeNotReady", `Node ${name} status is now: NodeNotReady`);
      this.#markNotReady.add(name);
    }
    return updated;
  }

  async #markPodsNotReady(nodeName: string, stamp: string): Promise<void> {
    for (const pod of this.#pods.byIndex(NODE_NAME_INDEX, nodeName)) {
      const ready = podsConditions(pod).find((c) => c.type === "Ready");
      if (!ready || ready.status === "False") continue;
      const copy = cloneJson(pod);
      const conditions = podsConditions(copy).map((c) => (c.type === "Ready" ? { ...c, status: "False", lastTransitionTime: stamp } : c));
      try {
        await this.#podClient.updateStatus({ ...copy, status: { ...(copy.status as object), conditions } });
      } catch (error: unknown) {
        if (isApiError(error, 404)) continue;
        throw error;
      }
      this.#events.record(pod, "Warning", "NodeNotReady", "Node is not ready");
    }
    this.#markNotReady.delete(nodeName);
  }

  async #evictPods(node: KubeObject, now: number): Promise<void> {
    const taints = noExecuteTaints(node);
    let nextCheck = Infinity;
    for (const pod of this.#pods.byIndex(NODE_NAME_INDEX, node.metadata.name ?? "")) {
      const uid = pod.metadata.uid ?? "";
      if (pod.metadata.deletionTimestamp || taints.length === 0) {
        this.#taintedSince.delete(uid);
        continue;
      }
      const since = this.#taintedSince.get(uid) ?? taintedSince(pod, taints);
      this.#taintedSince.set(uid, since);
      const decision = evictionDecision(pod, { taints, since, now });
      if (decision.type === "evict") await this.#evict(pod);
      else if (decision.type === "wait") nextCheck = Math.min(nextCheck, decision.at);
      else this.#taintedSince.delete(uid);
    }
    if (Number.isFinite(nextCheck)) this.#queue.addAfter(node.metadata.name ?? "", nextCheck - now + 10);
  }

  /** Marks the pod as disrupted (so its owner can tell why it went), then deletes it gracefully. */
  async #evict(pod: KubeObject): Promise<void> {
    const { namespace = "", name = "", uid = "" } = pod.metadata;
    const copy = cloneJson(pod);
    const conditions = podsConditions(copy).filter((c) => c.type !== "DisruptionTarget");
    conditions.push({
      type: "DisruptionTarget",
      status: "True",
      reason: "DeletionByTaintManager",
      message: "Taint manager: deleting due to NoExecute taint",
      lastTransitionTime: timestamp(),
    });
    try {
      await this.#podClient.updateStatus({ ...copy, status: { ...(copy.status as object), conditions } });
      await this.#podClient.delete(namespace, name, { preconditions: { uid } });
    } catch (error: unknown) {
      if (isApiError(error, 404)) return;
      throw error;
    }
    this.#events.record(pod, "Normal", "TaintManagerEviction", `Marking for deletion Pod ${namespace}/${name}`);
  }
}

/** A starter with the given grace periods (tests and `mini up` flags use short ones). */
export function nodeLifecycleStarter(options: NodeLifecycleOptions = {}): ControllerStarter {
  return (context) => new NodeLifecycleController(context, options).run(context);
}

export const startNodeLifecycleController: ControllerStarter = nodeLifecycleStarter();

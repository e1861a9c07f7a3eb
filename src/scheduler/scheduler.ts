/**
 * The scheduler: takes pending pods from the queue one at a time, runs the
 * pod's profile over the cache, and either binds the pod (assuming it on
 * its node first, so the next pod sees its requests while the binding is
 * in flight) or records why it fits nowhere — the PodScheduled=False
 * condition and a FailedScheduling event with upstream's message — after
 * trying to make room by preempting lower-priority pods.
 *
 * A cycle is synchronous; bindings and status writes run in the
 * background, and the loop yields to the event loop when the queue is
 * empty or a turn's time budget is spent.
 */
import type { Client, Informer, InformerFactory, ResourceClient } from "../client/index.js";
import { EventRecorder } from "../client/index.js";
import type { Logger } from "../log.js";
import { ApiError } from "../machinery/status.js";
import { SchedulerCache } from "./cache.js";
import { statusMessage } from "./framework/status.js";
import { CycleState, fitErrorMessage, PodInfo, type ClusterEvent, type Diagnosis, type Framework, type Pod } from "./framework/index.js";
import { waitsOutsideQueue, watchCluster, watchVolumeEvents } from "./handlers.js";
import { Nominator } from "./nominator.js";
import { clearNomination, markPreempted, markUnschedulable, updatePodStatus, type SchedulingFailure } from "./pod-status.js";
import { preempt } from "./preemption.js";
import { buildProfiles, DEFAULT_PROFILE, DEFAULT_SCHEDULER_NAME, EMPTY_HANDLE, type ProfileConfig } from "./profiles.js";
import { SchedulingQueue, type QueuedPod, type SchedulingQueueOptions } from "./queue.js";

/**
 * How long the loop may run cycles back to back before it yields to the event loop. Upstream's
 * scheduler has a goroutine of its own; here it shares the thread with the API server. Yielding
 * after every pod capped throughput at one pod per event-loop turn (about 100 a second with the
 * server busy); a budget lets a turn schedule many pods, whose bindings then share one store
 * commit, while requests and watches still wait at most this long.
 */
const TURN_BUDGET_MS = 10;

/** Event notes longer than this are cut, as upstream's validation limits them. */
const NOTE_LENGTH_LIMIT = 1024;

function truncate(message: string): string {
  return message.length <= NOTE_LENGTH_LIMIT ? message : `${message.slice(0, NOTE_LENGTH_LIMIT - 4)} ...`;
}

export interface SchedulerOptions {
  readonly client: Client;
  readonly informers: InformerFactory;
  readonly log: Logger;
  /** @default [DEFAULT_PROFILE] */
  readonly profiles?: readonly ProfileConfig[];
  /** Back-off and flush timings of the queue. */
  readonly queue?: Omit<SchedulingQueueOptions, "pluginEvents">;
}

export class Scheduler {
  readonly #pods: ResourceClient;
  readonly #podInformer: Informer;
  readonly #nodeInformer: Informer;
  readonly #log: Logger;
  /** One recorder per profile: events name the profile's scheduler as their source. */
  readonly #recorders = new Map<string, EventRecorder>();
  readonly #profiles: Map<string, Framework>;
  readonly #cache = new SchedulerCache();
  readonly #nominator = new Nominator();
  readonly #queue: SchedulingQueue;

  constructor(options: SchedulerOptions) {
    this.#pods = options.client.resource("", "Pod");
    this.#log = options.log;
    const volumes = volumeInformers(options.client, options.informers);
    this.#profiles = buildProfiles(options.profiles ?? [DEFAULT_PROFILE], volumes ? { ...volumes, updateClaim: (claim) => options.client.resource("", "PersistentVolumeClaim").update(claim) } : EMPTY_HANDLE);
    for (const name of this.#profiles.keys()) this.#recorders.set(name, new EventRecorder(options.client, { component: name, log: options.log }));
    const pluginEvents = new Map<string, Set<ClusterEvent>>();
    for (const framework of this.#profiles.values()) {
      for (const plugin of framework.plugins) pluginEvents.set(plugin.name, new Set(plugin.events ?? []));
    }
    this.#queue = new SchedulingQueue({ ...options.queue, pluginEvents });
    if (volumes) watchVolumeEvents(volumes, this.#queue);
    this.#podInformer = options.informers.forKind("", "Pod");
    this.#nodeInformer = options.informers.forKind("", "Node");
    watchCluster({
      pods: this.#podInformer,
      nodes: this.#nodeInformer,
      cache: this.#cache,
      queue: this.#queue,
      nominator: this.#nominator,
      responsible: (pod) => this.#profiles.has(pod.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME),
    });
  }

  /** Schedules until `signal` aborts; starts once both informers have synced. */
  async run(signal: AbortSignal): Promise<void> {
    signal.addEventListener("abort", () => this.#queue.close(), { once: true });
    while (!(this.#podInformer.hasSynced && this.#nodeInformer.hasSynced)) {
      if (signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (;;) {
      let next = await this.#queue.pop();
      if (!next || signal.aborted) return;
      const deadline = performance.now() + TURN_BUDGET_MS;
      do this.#cycle(next);
      while (performance.now() < deadline && (next = this.#queue.popReady()));
      // Let requests, watches, the bindings' commit and timers run between turns.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  #cycle(queued: QueuedPod): void {
    try {
      this.#scheduleOne(queued);
    } catch (error: unknown) {
      this.#log.error("scheduling cycle failed", { pod: queued.key, error: String(error) });
      this.#queue.requeueBackoff(queued.key);
    }
  }

  #scheduleOne(queued: QueuedPod): void {
    const [namespace = "", name = ""] = queued.key.split("/");
    const pod = this.#podInformer.get(namespace, name) as Pod | undefined;
    const framework = pod && this.#profiles.get(pod.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME);
    if (!pod || !framework || pod.spec.nodeName || waitsOutsideQueue(pod) || this.#cache.isAssumed(pod.metadata.uid ?? "")) {
      this.#queue.delete(queued.key);
      return;
    }
    if (this.#cache.nodes.length === 0) {
      // Any node that arrives may take it.
      this.#queue.requeueUnschedulable(queued.key, new Set());
      void this.#recordFailure(pod, { reason: "Unschedulable", message: "no nodes available to schedule pods" });
      return;
    }
    const info = new PodInfo(pod);
    const state = new CycleState(info, this.#cache);
    const result = framework.schedule(state, this.#nominator);
    switch (result.type) {
      case "scheduled":
        this.#cache.assume(info, result.nodeName);
        this.#nominator.delete(info.uid);
        void this.#bind(info, result.nodeName, { framework, state });
        return;
      case "unschedulable":
        this.#unschedulable(info, { framework, diagnosis: result.diagnosis });
        return;
      case "error":
        this.#log.warn("scheduling failed", { pod: queued.key, error: result.message });
        this.#queue.requeueBackoff(queued.key);
        void this.#recordFailure(pod, { reason: "SchedulerError", message: result.message });
        return;
      default:
        return result satisfies never;
    }
  }

  #recorder(pod: Pod): EventRecorder {
    return (this.#recorders.get(pod.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME) ?? this.#recorders.values().next().value) as EventRecorder;
  }

  async #bind(info: PodInfo, nodeName: string, cycle: { framework: Framework; state: CycleState }): Promise<void> {
    const { namespace, pod } = info;
    const name = pod.metadata.name ?? "";
    try {
      const preBind = await cycle.framework.runPreBind(cycle.state, nodeName);
      if (preBind.status.code !== "Success") {
        this.#cache.forget(info.uid);
        this.#queue.requeueBackoff(info.key);
        void this.#recordFailure(pod, { reason: "SchedulerError", message: `running PreBind plugin "${preBind.plugin}": ${statusMessage(preBind.status)}` });
        return;
      }
      await this.#pods.bind(namespace, name, nodeName);
      this.#queue.done(info.key);
      this.#recorder(pod).record(pod, "Normal", "Scheduled", `Successfully assigned ${namespace}/${name} to ${nodeName}`);
    } catch (error: unknown) {
      this.#cache.forget(info.uid);
      this.#queue.onEvent("AssignedPodDelete");
      if (error instanceof ApiError && (error.code === 404 || error.code === 409)) {
        // Gone, or bound by someone else: the informer will tell the rest.
        this.#queue.done(info.key);
        return;
      }
      this.#log.warn("binding failed", { pod: info.key, node: nodeName, error: String(error) });
      this.#queue.requeueBackoff(info.key);
      void this.#recordFailure(pod, { reason: "SchedulerError", message: `Binding rejected: ${String(error)}` });
    }
  }

  /** The pod fits nowhere: try preemption, requeue, and tell the user why. */
  #unschedulable(info: PodInfo, { framework, diagnosis }: { framework: Framework; diagnosis: Diagnosis }): void {
    const preemption = preempt({ framework, snapshot: this.#cache, pod: info, diagnosis, nominated: this.#nominator });
    let nominatedNodeName: string | undefined;
    if (preemption.type === "nominated") {
      nominatedNodeName = preemption.nodeName;
      this.#nominator.set(info, preemption.nodeName);
      void this.#evict(info, { nodeName: preemption.nodeName, victims: preemption.victims, schedulerName: framework.schedulerName });
    } else {
      diagnosis.postFilterMessage = preemption.message;
      if (preemption.clearNomination) {
        nominatedNodeName = "";
        this.#nominator.delete(info.uid);
      }
    }
    this.#queue.requeueUnschedulable(info.key, diagnosis.unschedulablePlugins);
    const message = fitErrorMessage(this.#cache.nodes.length, diagnosis);
    void this.#recordFailure(info.pod, { reason: "Unschedulable", message, ...(nominatedNodeName !== undefined ? { nominatedNodeName } : {}) });
  }

  async #recordFailure(pod: Pod, failure: SchedulingFailure): Promise<void> {
    this.#recorder(pod).record(pod, "Warning", "FailedScheduling", truncate(failure.message));
    try {
      await updatePodStatus(pod, { pods: this.#pods, change: markUnschedulable(failure) });
    } catch (error: unknown) {
      this.#log.warn("could not update the status of an unschedulable pod", { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, error: String(error) });
    }
  }

  /** Preemption's API work: mark and delete the victims, and unnominate lower-priority pods from the node. */
  async #evict(preemptor: PodInfo, target: { nodeName: string; victims: readonly PodInfo[]; schedulerName: string }): Promise<void> {
    const { nodeName, victims, schedulerName } = target;
    const evictOne = async (victim: PodInfo): Promise<void> => {
      if (victim.terminating) return;
      await updatePodStatus(victim.pod, { pods: this.#pods, change: markPreempted(schedulerName) });
      try {
        await this.#pods.delete(victim.namespace, victim.pod.metadata.name ?? "");
      } catch (error: unknown) {
        if (error instanceof ApiError && error.code === 404) return;
        throw error;
      }
      this.#recorder(preemptor.pod).record(victim.pod, "Normal", "Preempted", `Preempted by pod ${preemptor.uid} on node ${nodeName}`);
    };
    const lower = this.#nominator.forNode(nodeName).filter((p) => p.priority < preemptor.priority);
    const unnominate = async (pod: PodInfo): Promise<void> => {
      this.#nominator.delete(pod.uid);
      await updatePodStatus(pod.pod, { pods: this.#pods, change: clearNomination });
    };
    const results = await Promise.allSettled([...victims.map(evictOne), ...lower.map(unnominate)]);
    for (const result of results) {
      if (result.status === "rejected") this.#log.warn("preemption step failed", { preemptor: preemptor.key, node: nodeName, error: String(result.reason) });
    }
  }
}

/** The caches VolumeBinding reads, when the API serves the storage kinds. */
function volumeInformers(client: Client, informers: InformerFactory): { claims: Informer; volumes: Informer; storageClasses: Informer } | undefined {
  if (!client.serves("", "PersistentVolumeClaim") || !client.serves("", "PersistentVolume") || !client.serves("storage.k8s.io", "StorageClass")) return undefined;
  return {
    claims: informers.forKind("", "PersistentVolumeClaim"),
    volumes: informers.forKind("", "PersistentVolume"),
    storageClasses: informers.forKind("storage.k8s.io", "StorageClass"),
  };
}

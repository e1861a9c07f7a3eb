/**
 * The kubelet: registers this machine as a Node, keeps its lease and
 * status fresh, and runs one worker per pod bound to it (keyed by uid, so
 * a pod re-created under the same name is a different pod). Workers are
 * woken by the pod informer, by a 1 s relist of the runtime's containers
 * (upstream's PLEG: it notices exits), by probe results, by back-off
 * timers, and every fileCheckFrequency to refresh projected volumes. At
 * start, runtime objects of pods that no longer exist are removed; those
 * of existing pods are adopted through their labels.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { KubeObject } from "../apis/types.js";
import { SERVER_VERSION } from "../api/health.js";
import { EventRecorder, Informer, WorkQueue, type Client } from "../client/index.js";
import { runController } from "../controllers/controller.js";
import type { Logger } from "../log.js";
import { CrashBackoff } from "./backoff.js";
import { DEFAULT_CONFIG, type KubeletConfig } from "./config.js";
import { readHostInfo } from "./host-info.js";
import { ImageGc } from "./image-gc.js";
import { ImagePuller, secretReader } from "./image-pull.js";
import { MANAGED_LABEL, MANAGED_VALUE, POD_UID_LABEL } from "./labels.js";
import { podLogsDir, removePodLogDirectories } from "./log-cleanup.js";
import { LogRotator } from "./log-rotation.js";
import { NodeStatusLoop, registerNode, runtimeHealth } from "./node-status.js";
import type { NodeSettings } from "./node-object.js";
import { clientLookup } from "./object-data.js";
import { removePod } from "./pod-kill.js";
import { PodSync, type PodMemory } from "./pod-sync.js";
import { withSandboxSlots } from "./sandbox-slots.js";
import { Slots } from "./slots.js";
import { ProbeManager } from "./probes/manager.js";
import { podRuntimeState } from "./runtime-state.js";
import type { KubeletRuntime } from "./runtime.js";
import { parseResolvConf } from "./sandbox-config.js";
import { serviceEnv, ServiceEnvCache } from "./service-env.js";
import { VolumeManager } from "./volumes/manager.js";
import { TokenCache } from "./volumes/token-cache.js";

export interface KubeletOptions {
  readonly client: Client;
  readonly runtime: KubeletRuntime;
  readonly dataDir: string;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** @default the host name, lower-cased */
  readonly nodeName?: string;
  /** The node's pod range (the CNI config uses it). */
  readonly podCIDR?: string;
  readonly config?: KubeletConfig;
}

export interface RunningKubelet {
  readonly nodeName: string;
}

const RELIST_MS = 1000;
const WORKERS = 16;
/** Sandboxes created at once (see sandbox-slots.ts): about one per core keeps the CPU busy without sharing it thin. */
const SANDBOX_SLOTS = Math.max(2, availableParallelism());

export async function startKubelet(options: KubeletOptions): Promise<RunningKubelet> {
  const { client, runtime, log, signal } = options;
  const config = options.config ?? DEFAULT_CONFIG;
  const host = readHostInfo(options.dataDir, options.nodeName);
  const version = await runtime.version();
  const settings: NodeSettings = {
    host,
    maxPods: config.maxPods,
    podCIDR: options.podCIDR || config.podCIDR,
    runtimeVersion: `${version.runtimeName}://${version.runtimeVersion}`,
    kubeletVersion: SERVER_VERSION.gitVersion,
  };
  await registerNode(client, settings);
  const nodeStatus = new NodeStatusLoop({
    client,
    settings,
    health: () => runtimeHealth(runtime),
    updateFrequencyMs: config.nodeStatusUpdateFrequencyMs,
    reportFrequencyMs: config.nodeStatusReportFrequencyMs,
    leaseDurationSeconds: config.nodeLeaseDurationSeconds,
    log: log.child("node-status"),
  });
  await nodeStatus.start(signal);

  const queue = new WorkQueue();
  const retries = new RetryTimers(queue);
  const pods = new Map<string, KubeObject>();
  const memories = new Map<string, PodMemory>();
  const events = new EventRecorder(client, { component: "kubelet", log });
  const backoff = new CrashBackoff({ initialMs: config.crashLoopBackOffMs, maxMs: config.crashLoopBackOffMaxMs });
  const volumes = new VolumeManager({ podsDir: join(options.dataDir, "pods"), client, log: log.child("volumes") });
  const services = new ServiceEnvCache(client);
  const tokens = new TokenCache(client);
  let podSync: PodSync | undefined;
  const probes = new ProbeManager(runtime, events, {
    onChange: (uid) => queue.add(uid),
    onFailure: (uid, name, kind) => {
      const pod = pods.get(uid);
      if (!pod || !podSync) return;
      podSync
        .restartUnhealthy(pod, name, kind)
        .catch((error: unknown) => log.warn("restarting an unhealthy container failed", { pod: pod.metadata.name, container: name, error: String(error) }))
        .finally(() => queue.add(uid));
    },
  });
  const memoryCapacity = host.memoryBytes;
  const images = new ImagePuller({ runtime, events, secret: secretReader(client, log), backoff: new CrashBackoff(), serialize: config.serializeImagePulls });
  podSync = new PodSync({
    runtime: withSandboxSlots(runtime, new Slots(SANDBOX_SLOTS)),
    client,
    events,
    volumes,
    probes,
    backoff,
    images,
    lookup: clientLookup(client),
    tokens,
    allocatable: { cpu: host.cpus, memory: host.memoryBytes, ephemeralStorage: host.storageBytes },
    memoryCapacity,
    hostIP: host.internalIP,
    logsDir: podLogsDir(options.dataDir),
    dns: { host: parseResolvConf(readText(config.resolvConf)), clusterDNS: config.clusterDNS, clusterDomain: config.clusterDomain },
    baseEnv: (pod) => serviceEnv(pod, services.current()),
    wake: (uid, afterMs) => (afterMs === undefined ? queue.add(uid) : retries.schedule(uid, afterMs)),
    log,
  });
  const sync = podSync;

  const informer = new Informer(client.resource("", "Pod"), { fieldSelector: `spec.nodeName=${host.hostname}`, log });
  const remember = (pod: KubeObject): void => {
    const uid = pod.metadata.uid ?? "";
    pods.set(uid, pod);
    queue.add(uid);
  };
  informer.addHandlers({
    onAdd: remember,
    onUpdate: (old, pod) => {
      // A status-only change (most often our own write) needs no pass, as upstream's pod config ignores it.
      if (desiredStateOf(old) === desiredStateOf(pod)) pods.set(pod.metadata.uid ?? "", pod);
      else remember(pod);
    },
    onDelete: (pod) => {
      const uid = pod.metadata.uid ?? "";
      pods.delete(uid);
      queue.add(uid);
    },
  });

  runController(
    {
      name: "kubelet",
      queue,
      workers: WORKERS,
      log,
      sync: async (uid) => {
        const pod = pods.get(uid);
        if (!pod) {
          retries.cancel(uid);
          tokens.forgetPod(uid);
          probes.removePod(uid);
          memories.delete(uid);
          backoff.forgetPrefix(`${uid}/`);
          images.forgetPod(uid);
          await removePod(runtime, await podRuntimeState(runtime, uid));
          await volumes.tearDown(uid);
          await removePodLogDirectories(podLogsDir(options.dataDir), (other) => pods.has(other));
          return;
        }
        let memory = memories.get(uid);
        if (!memory) memories.set(uid, (memory = { waiting: new Map() }));
        const outcome = await sync.sync(pod, memory);
        if (outcome.retryMs !== undefined) retries.schedule(uid, outcome.retryMs);
      },
    },
    signal,
  );
  await informer.start(signal);
  await services.refresh();
  await removeOrphans(runtime, volumes, pods, options.dataDir, queue);

  startRelist(runtime, queue, pods, log, signal);
  startImageGcAndLogRotation({ runtime, events, config, nodeName: host.hostname, log, signal });
  const resync = setInterval(() => {
    services.refresh().catch((error: unknown) => log.debug("service env refresh failed", { error: String(error) }));
    for (const uid of pods.keys()) queue.add(uid);
  }, Math.min(config.fileCheckFrequencyMs, config.syncFrequencyMs));
  resync.unref();
  signal.addEventListener("abort", () => {
    clearInterval(resync);
    retries.cancelAll();
    probes.stopAll();
  }, { once: true });
  log.info("kubelet started", { node: host.hostname, runtime: settings.runtimeVersion });
  return { nodeName: host.hostname };
}

/**
 * One pending retry per pod: each pass asks for the next one, and stacking
 * a timer per pass would wake the pod ever more often.
 */
class RetryTimers {
  readonly #queue: WorkQueue;
  readonly #pending = new Map<string, { at: number; timer: NodeJS.Timeout }>();

  constructor(queue: WorkQueue) {
    this.#queue = queue;
  }

  schedule(uid: string, delayMs: number): void {
    const at = Date.now() + delayMs;
    const existing = this.#pending.get(uid);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.#pending.delete(uid);
      this.#queue.add(uid);
    }, delayMs);
    timer.unref();
    this.#pending.set(uid, { at, timer });
  }

  cancel(uid: string): void {
    clearTimeout(this.#pending.get(uid)?.timer);
    this.#pending.delete(uid);
  }

  cancelAll(): void {
    for (const uid of [...this.#pending.keys()]) this.cancel(uid);
  }
}

/** What a pod asks of its node: everything but status and bookkeeping metadata. */
function desiredStateOf(pod: KubeObject): string {
  const { resourceVersion: _version, managedFields: _fields, ...metadata } = pod.metadata;
  return JSON.stringify([metadata, pod.spec]);
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    // No resolv.conf: pods get no DNS servers from the host, as upstream with an empty file.
    return "";
  }
}

/** Queues, for removal, runtime objects, and removes volume and log dirs, of pods the API no longer has (a crash left them). */
async function removeOrphans(runtime: KubeletRuntime, volumes: VolumeManager, pods: ReadonlyMap<string, KubeObject>, dataDir: string, queue: WorkQueue): Promise<void> {
  const sandboxes = await runtime.listPodSandboxes({ labelSelector: { [MANAGED_LABEL]: MANAGED_VALUE } });
  for (const sandbox of sandboxes) {
    const uid = sandbox.labels[POD_UID_LABEL] ?? "";
    if (!pods.has(uid)) queue.add(uid);
  }
  const dirs = await readdir(join(dataDir, "pods")).catch(() => [] as string[]);
  for (const uid of dirs) if (!pods.has(uid)) await volumes.tearDown(uid);
  await removePodLogDirectories(podLogsDir(dataDir), (uid) => pods.has(uid));
}

/** The node's housekeeping loops: image garbage collection and container log rotation. */
function startImageGcAndLogRotation(options: { runtime: KubeletRuntime; events: EventRecorder; config: KubeletConfig; nodeName: string; log: Logger; signal: AbortSignal }): void {
  const { runtime, events, config, nodeName, log, signal } = options;
  // Upstream's node reference: events about the node carry its name as uid.
  const node: KubeObject = { apiVersion: "v1", kind: "Node", metadata: { name: nodeName, uid: nodeName } };
  const policy = { highThresholdPercent: config.imageGCHighThresholdPercent, lowThresholdPercent: config.imageGCLowThresholdPercent, minAgeMs: config.imageMinimumGCAgeMs, maxAgeMs: config.imageMaximumGCAgeMs };
  new ImageGc({ runtime, events, node, policy, log: log.child("image-gc") }).start(signal);
  const rotation = { maxSizeBytes: config.containerLogMaxSizeBytes, maxFiles: config.containerLogMaxFiles, monitorIntervalMs: config.containerLogMonitorIntervalMs, maxWorkers: config.containerLogMaxWorkers };
  new LogRotator(runtime, rotation, log.child("log-rotation")).start(signal);
}

/** Upstream's PLEG in its simplest form: relist containers every second and wake the pods whose containers changed. */
function startRelist(runtime: KubeletRuntime, queue: WorkQueue, pods: ReadonlyMap<string, KubeObject>, log: Logger, signal: AbortSignal): void {
  let previous = new Map<string, string>();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runtime
      .listContainers({ labelSelector: { [MANAGED_LABEL]: MANAGED_VALUE } })
      .then((containers) => {
        const current = new Map<string, string>();
        for (const container of containers) {
          const uid = container.labels[POD_UID_LABEL] ?? "";
          current.set(container.id, `${uid}/${container.state}`);
          if (previous.get(container.id) !== current.get(container.id) || !pods.has(uid)) queue.add(uid);
        }
        for (const [id, entry] of previous) if (!current.has(id)) queue.add(entry.slice(0, entry.indexOf("/")));
        previous = current;
      })
      .catch((error: unknown) => log.debug("container relist failed", { error: String(error) }))
      .finally(() => {
        running = false;
      });
  }, RELIST_MS);
  timer.unref();
  signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}

/**
 * One pass of a pod worker, level-triggered like upstream's SyncPod: make
 * the runtime hold what the pod asks for, then post the status. In order:
 * volumes, the sandbox (re-created if it died), init containers one at a
 * time (a sidecar, restartPolicy Always, lets the next one start once it
 * has started, and keeps running), then every container, restarting exited
 * ones by the restart policy with crash-loop back-off (sidecars always).
 * A deleted pod is stopped gracefully and then removed from the API with
 * grace 0; a finished one (its main containers done, or its active
 * deadline passed) has what still runs stopped. Stops run outside the pass
 * (`PodStops`), which wakes the pod when one ends. Returns when the pod
 * wants another pass (a back-off ending, the active deadline).
 */
import { join } from "node:path";
import type { KubeObject } from "../apis/types.js";
import type { Container, PodSpec } from "../apis/common/pod-types.js";
import type { Client, EventRecorder } from "../client/index.js";
import { canonicalJson } from "../machinery/canonical-json.js";
import type { Logger } from "../log.js";
import { isApiError } from "../machinery/status.js";
import { messageOf } from "../machinery/errors.js";
import type { CrashBackoff } from "./backoff.js";
import { CONTAINER_HASH_ANNOTATION, containerHash } from "./container-config.js";
import { startContainer, type StartContext } from "./container-start.js";
import type { ImagePuller } from "./image-pull.js";
import type { NodeAllocatable } from "./downward.js";
import { podDescription } from "./labels.js";
import { attemptAfterLogs } from "./log-attempt.js";
import { removeContainerAndLogs } from "./log-cleanup.js";
import type { DataLookup } from "./object-data.js";
import { deletionGraceSeconds, hurryPod, killContainer, killPod, PodStops, type StopOutcome } from "./pod-kill.js";
import { computePodStatus, isSidecar, type ContainerObservation, type PodObservation, type Waiting } from "./pod-status.js";
import type { ProbeManager, ProbedContainer } from "./probes/manager.js";
import { podRuntimeState, type ContainerHistory, type PodRuntimeState } from "./runtime-state.js";
import type { KeyValue, KubeletRuntime, PodSandbox, PodSandboxStatus } from "./runtime.js";
import { sandboxConfig, type DnsSettings } from "./sandbox-config.js";
import type { VolumeManager } from "./volumes/manager.js";
import type { TokenCache } from "./volumes/token-cache.js";
import { readTerminationMessage } from "./termination-message.js";
import { writeHostsFile } from "./etc-hosts.js";
import { formatGoDuration } from "../machinery/duration.js";

export interface PodSyncDeps {
  readonly runtime: KubeletRuntime;
  readonly client: Client;
  readonly events: EventRecorder;
  readonly volumes: VolumeManager;
  readonly probes: ProbeManager;
  readonly backoff: CrashBackoff;
  readonly images: ImagePuller;
  readonly lookup: DataLookup;
  readonly tokens: TokenCache;
  readonly allocatable: NodeAllocatable;
  readonly memoryCapacity: number;
  readonly hostIP: string;
  readonly logsDir: string;
  readonly dns: DnsSettings;
  readonly baseEnv: (pod: KubeObject) => KeyValue[];
  /** Queues a pass of the pod, now or after `afterMs` (a stop ended). */
  readonly wake: (uid: string, afterMs?: number) => void;
  readonly log: Logger;
}

/** What the kubelet remembers about a pod between passes: why containers wait. */
export interface PodMemory {
  readonly waiting: Map<string, Waiting>;
}

export type SyncOutcome = { readonly retryMs?: number };

const RETRY_MS = 2000;

function shouldRestart(policy: string, exitCode: number): boolean {
  return policy === "Always" || (policy === "OnFailure" && exitCode !== 0);
}

function podLogDirectory(logsDir: string, pod: KubeObject): string {
  return join(logsDir, `${pod.metadata.namespace ?? ""}_${pod.metadata.name ?? ""}_${pod.metadata.uid ?? ""}`);
}

function isTerminalPhase(phase: string | undefined): boolean {
  return phase === "Succeeded" || phase === "Failed";
}

function isRunning(history: ContainerHistory | undefined): boolean {
  return history?.latest.state === "CONTAINER_RUNNING" || history?.latest.state === "CONTAINER_CREATED";
}

/** Whether anything of the pod still runs: a container, or a sandbox. */
function anythingRuns(state: PodRuntimeState): boolean {
  return [...state.containers.values()].some(isRunning) || state.sandboxes.some((s) => s.state === "SANDBOX_READY");
}

/**
 * Whether the pod's main containers have all exited for good (restartPolicy Never or OnFailure):
 * then its sidecars stop too, as upstream never lets them keep a pod alive.
 */
function mainContainersDone(spec: PodSpec, state: PodRuntimeState): boolean {
  const policy = spec.restartPolicy ?? "Always";
  const containers = spec.containers ?? [];
  return containers.length > 0 && containers.every((container) => {
    const latest = state.containers.get(container.name ?? "")?.latest;
    return latest?.state === "CONTAINER_EXITED" && !shouldRestart(policy, latest.exitCode);
  });
}

/** Upstream's active deadline handler: its reason and message on the pod and in the event. */
const DEADLINE_EXCEEDED = { reason: "DeadlineExceeded", message: "Pod was active on the node longer than the specified deadline" } as const;

/** Milliseconds until the pod's activeDeadlineSeconds, counted from its startTime, runs out (≤ 0: passed). */
function activeDeadlineLeftMs(pod: KubeObject, now: number): number | undefined {
  const seconds = ((pod.spec ?? {}) as PodSpec).activeDeadlineSeconds;
  if (seconds === undefined) return undefined;
  // No startTime yet: this pass's status sets it to now.
  const startTime = (pod.status as { startTime?: string } | undefined)?.startTime;
  return (startTime ? Date.parse(startTime) : now) + seconds * 1000 - now;
}

export class PodSync {
  readonly #deps: PodSyncDeps;
  readonly #stops = new PodStops();

  constructor(deps: PodSyncDeps) {
    this.#deps = deps;
  }

  async sync(pod: KubeObject, memory: PodMemory): Promise<SyncOutcome> {
    const { runtime } = this.#deps;
    const uid = pod.metadata.uid ?? "";
    const spec = (pod.spec ?? {}) as PodSpec;
    // The end of a stop under way wakes the pod; until then there is nothing to do, unless a
    // second delete shortened the grace period.
    if (this.#stops.busy(uid)) {
      const grace = pod.metadata.deletionTimestamp ? deletionGraceSeconds(pod) : undefined;
      if (grace !== undefined && this.#stops.shorten(uid, grace)) this.#hurryInBackground(pod, grace);
      return {};
    }
    let state = await podRuntimeState(runtime, uid);
    if (pod.metadata.deletionTimestamp) return this.#terminate(pod, state);
    if (isTerminalPhase((pod.status as { phase?: string } | undefined)?.phase) || mainContainersDone(spec, state)) return this.#finish(pod, state, memory);
    const deadlineLeftMs = activeDeadlineLeftMs(pod, Date.now());
    if (deadlineLeftMs !== undefined && deadlineLeftMs <= 0) {
      this.#deps.events.record(pod, "Normal", DEADLINE_EXCEEDED.reason, DEADLINE_EXCEEDED.message);
      return this.#finish(pod, state, memory, DEADLINE_EXCEEDED);
    }
    const tokens = this.#deps.tokens;
    const volumes = await this.#deps.volumes.setUp(pod, { pod, lookup: this.#deps.lookup, allocatable: this.#deps.allocatable, token: (audience, seconds) => tokens.token(pod, audience, seconds) });
    if (!volumes.ok) {
      this.#deps.events.record(pod, "Warning", "FailedMount", `MountVolume.SetUp failed for volume "${volumes.volume}" : ${volumes.message}`);
      await this.#writeStatus(pod, state, memory, { ready: false, ips: [] });
      return { retryMs: RETRY_MS };
    }
    const sandbox = await this.#ensureSandbox(pod, state);
    if (!sandbox.ok) {
      await this.#writeStatus(pod, state, memory, { ready: false, ips: [] });
      return { retryMs: RETRY_MS };
    }
    // A new sandbox holds no containers yet (an older one's were removed with it): no need to ask the runtime again.
    if (sandbox.created) state = { sandboxes: sandbox.status ? [sandbox.status] : [], containers: new Map() };
    const podDir = this.#deps.volumes.podDir(uid);
    const hostsFile = spec.hostNetwork ? undefined : await writeHostsFile(podDir, pod, sandbox.ips[0] ?? "", this.#deps.dns.clusterDomain);
    const context: StartContext = {
      runtime,
      events: this.#deps.events,
      lookup: this.#deps.lookup,
      allocatable: this.#deps.allocatable,
      memoryCapacity: this.#deps.memoryCapacity,
      images: this.#deps.images,
      volumePaths: volumes.paths,
      sandboxId: sandbox.id,
      sandboxConfig: sandbox.config,
      podIP: sandbox.ips[0] ?? "",
      baseEnv: this.#deps.baseEnv(pod),
      podDir,
      ...(hostsFile ? { hostsFile } : {}),
    };
    const retries: number[] = deadlineLeftMs !== undefined ? [deadlineLeftMs] : [];
    const changed = await this.#startContainers(pod, state, memory, context, retries);
    if (changed) state = await podRuntimeState(runtime, uid);
    this.#deps.probes.sync(pod, probedContainers(spec, state, context.podIP));
    const phase = await this.#writeStatus(pod, state, memory, { ready: true, ips: sandbox.ips });
    if (isTerminalPhase(phase)) {
      // Finished for good: nothing restarts, so what still runs stops now.
      this.#deps.probes.removePod(uid);
      this.#stopInBackground(pod, state, { wake: true });
      return {};
    }
    return retries.length > 0 ? { retryMs: Math.min(...retries) } : {};
  }

  /** Restarts a container (a sidecar too) whose liveness or startup probe failed. */
  async restartUnhealthy(pod: KubeObject, containerName: string, kind: "liveness" | "startup"): Promise<void> {
    const state = await podRuntimeState(this.#deps.runtime, pod.metadata.uid ?? "");
    const history = state.containers.get(containerName);
    if (!history || history.latest.state !== "CONTAINER_RUNNING") return;
    const spec = (pod.spec ?? {}) as PodSpec;
    const sidecar = (spec.initContainers ?? []).find((c) => c.name === containerName && isSidecar(c));
    const container = sidecar ?? (spec.containers ?? []).find((c) => c.name === containerName);
    const probe = kind === "liveness" ? container?.livenessProbe : container?.startupProbe;
    const grace = probe?.terminationGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    // Upstream words the two differently (computeInitContainerActions and computePodActions).
    const message = sidecar ? `Init container ${containerName} failed ${kind} probe` : `Container ${containerName} failed ${kind} probe, will be restarted`;
    await killContainer(this.#deps.runtime, { pod, container, id: history.latest.id, podIP: (pod.status as { podIP?: string } | undefined)?.podIP ?? "" }, { graceSeconds: grace, events: this.#deps.events, message });
  }

  /** A deleted pod: stop it gracefully, then remove it from the API. Its removal from the informer wakes it. */
  #terminate(pod: KubeObject, state: PodRuntimeState): SyncOutcome {
    const uid = pod.metadata.uid ?? "";
    this.#deps.probes.removePod(uid);
    const podIP = (pod.status as { podIP?: string } | undefined)?.podIP ?? "";
    this.#stops.start(
      uid,
      deletionGraceSeconds(pod),
      async () => {
        await killPod(this.#deps.runtime, { pod, state, podIP }, { graceSeconds: deletionGraceSeconds(pod), events: this.#deps.events });
        try {
          await this.#deps.client.resource("", "Pod").delete(pod.metadata.namespace ?? "", pod.metadata.name ?? "", { gracePeriodSeconds: 0, preconditions: { uid } });
        } catch (error: unknown) {
          // Gone already, or replaced by a pod of the same name (another uid): nothing of ours to delete.
          if (!isApiError(error, 404) && !isApiError(error, 409)) throw error;
        }
      },
      (outcome) => this.#stopEnded(pod, outcome, { wake: false }),
    );
    return {};
  }

  /**
   * A pod that runs no more: finished (a terminal phase, or its main containers done for good) or
   * failed by the kubelet (`evicted`, its active deadline passed). Posts the status, then stops what
   * still runs; the stop's end brings a last pass, which posts the containers' final states.
   */
  async #finish(pod: KubeObject, state: PodRuntimeState, memory: PodMemory, evicted?: PodObservation["evicted"]): Promise<SyncOutcome> {
    this.#deps.probes.removePod(pod.metadata.uid ?? "");
    const sandboxReady = state.sandboxes[0]?.state === "SANDBOX_READY";
    await this.#writeStatus(pod, state, memory, { ready: sandboxReady, ips: [] }, evicted);
    if (anythingRuns(state)) this.#stopInBackground(pod, state, { wake: true });
    return {};
  }

  #stopInBackground(pod: KubeObject, state: PodRuntimeState, options: { wake: boolean }): void {
    const podIP = (pod.status as { podIP?: string } | undefined)?.podIP ?? "";
    this.#stops.start(
      pod.metadata.uid ?? "",
      deletionGraceSeconds(pod),
      () => killPod(this.#deps.runtime, { pod, state, podIP }, { graceSeconds: deletionGraceSeconds(pod), events: this.#deps.events }),
      (outcome) => this.#stopEnded(pod, outcome, options),
    );
  }

  /**
   * Kills what still runs of a pod whose stop is under way, within its new, shorter grace period.
   * Outside the pod worker, as the stop itself: the kill can take that whole period. The stop under
   * way ends once its containers are gone, and its end wakes the pod.
   */
  #hurryInBackground(pod: KubeObject, graceSeconds: number): void {
    this.#deps.log.info("grace period shortened, stopping sooner", { pod: podDescription(pod), graceSeconds });
    podRuntimeState(this.#deps.runtime, pod.metadata.uid ?? "")
      .then((state) => hurryPod(this.#deps.runtime, state, graceSeconds))
      .catch((error: unknown) => this.#deps.log.warn("stopping a pod sooner failed", { pod: podDescription(pod), error: messageOf(error) }));
  }

  #stopEnded(pod: KubeObject, outcome: StopOutcome, options: { wake: boolean }): void {
    const uid = pod.metadata.uid ?? "";
    if (outcome.ok) {
      if (options.wake) this.#deps.wake(uid);
      return;
    }
    this.#deps.log.warn("stopping a pod failed, will retry", { pod: podDescription(pod), error: messageOf(outcome.error) });
    this.#deps.wake(uid, RETRY_MS);
  }

  async #ensureSandbox(pod: KubeObject, state: PodRuntimeState): Promise<{ ok: true; id: string; created: boolean; ips: string[]; config: ReturnType<typeof sandboxConfig>; status?: PodSandboxStatus } | { ok: false }> {
    const { runtime, events } = this.#deps;
    const spec = (pod.spec ?? {}) as PodSpec;
    const settings = (attempt: number) => ({ logDirectory: podLogDirectory(this.#deps.logsDir, pod), dns: this.#deps.dns, attempt });
    const newest: PodSandbox | undefined = state.sandboxes[0];
    if (newest?.state === "SANDBOX_READY") {
      const status = await runtime.podSandboxStatus(newest.id);
      const ips = spec.hostNetwork ? [this.#deps.hostIP] : [status?.network?.ip ?? "", ...(status?.network?.additionalIps ?? []).map((i) => i.ip)].filter((ip) => ip !== "");
      return { ok: true, id: newest.id, created: false, ips, config: sandboxConfig(pod, settings(newest.metadata.attempt)) };
    }
    const attempt = newest ? newest.metadata.attempt + 1 : 0;
    if (newest) {
      // The sandbox died (containerd or the host restarted): everything in it starts again.
      events.record(pod, "Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
      await killPod(runtime, { pod, state, podIP: "" }, { graceSeconds: deletionGraceSeconds(pod), events: undefined });
      // The newest container of each name keeps its log, so the next one's attempt (the restart count) carries on from it.
      for (const history of state.containers.values()) {
        for (const [i, { id }] of history.all.entries()) await (i === 0 ? runtime.removeContainer(id) : removeContainerAndLogs(runtime, id));
      }
      for (const sandbox of state.sandboxes) await runtime.removePodSandbox(sandbox.id);
    }
    const config = sandboxConfig(pod, settings(attempt));
    let id: string;
    try {
      id = await runtime.runPodSandbox(config);
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      events.record(pod, "Warning", "FailedCreatePodSandBox", `Failed to create pod sandbox: ${message}`);
      this.#deps.log.warn("pod sandbox not created", { pod: podDescription(pod), error: message });
      // A sandbox that failed half-way (no network) is left NOTREADY; it must not linger.
      for (const sandbox of await runtime.listPodSandboxes({ labelSelector: { "io.kubernetes.pod.uid": pod.metadata.uid ?? "" } })) {
        await runtime.stopPodSandbox(sandbox.id);
        await runtime.removePodSandbox(sandbox.id);
      }
      return { ok: false };
    }
    const status = await runtime.podSandboxStatus(id);
    const ips = spec.hostNetwork ? [this.#deps.hostIP] : [status?.network?.ip ?? ""].filter((ip) => ip !== "");
    return { ok: true, id, created: true, ips, config, ...(status ? { status } : {}) };
  }

  /** Starts what should run now; returns whether anything was started or stopped. */
  async #startContainers(pod: KubeObject, state: PodRuntimeState, memory: PodMemory, context: StartContext, retries: number[]): Promise<boolean> {
    const spec = (pod.spec ?? {}) as PodSpec;
    const policy = spec.restartPolicy ?? "Always";
    const init = await this.#startInitContainers(pod, state, memory, context, retries);
    if (!init.initialized) return init.changed;
    let changed = init.changed;
    for (const container of spec.containers ?? []) {
      const history = state.containers.get(container.name ?? "");
      const latest = history?.latest;
      if (latest?.state === "CONTAINER_RUNNING") {
        changed = (await this.#restartIfChanged(pod, container, latest, context, `Container ${container.name ?? ""} definition changed, will be restarted`)) || changed;
        continue;
      }
      if (latest?.state === "CONTAINER_CREATED") {
        // Created by a kubelet that stopped before starting it.
        await context.runtime.startContainer(latest.id);
        changed = true;
        continue;
      }
      if (latest?.state === "CONTAINER_EXITED" && !shouldRestart(policy, latest.exitCode)) continue;
      changed = (await this.#startOne(pod, container, history, { init: false }, memory, context, retries)) || changed;
    }
    return changed;
  }

  /**
   * Upstream's computeInitContainerActions: init containers in order, each once the one before has
   * completed or, for a sidecar, started (its startup probe passed; its postStart hook has run when
   * the start returns). Sidecars that exit are restarted whatever the pod's restart policy. Once a
   * main container has run the pod stays initialized: only sidecars are kept running.
   */
  async #startInitContainers(pod: KubeObject, state: PodRuntimeState, memory: PodMemory, context: StartContext, retries: number[]): Promise<{ changed: boolean; initialized: boolean }> {
    const spec = (pod.spec ?? {}) as PodSpec;
    const policy = spec.restartPolicy ?? "Always";
    const initializedBefore = (spec.containers ?? []).some((c) => isRunning(state.containers.get(c.name ?? "")));
    let changed = false;
    for (const container of spec.initContainers ?? []) {
      const history = state.containers.get(container.name ?? "");
      const latest = history?.latest;
      if (isSidecar(container)) {
        const sidecar = await this.#keepSidecarRunning(pod, container, history, memory, context, retries);
        changed = sidecar.changed || changed;
        if (initializedBefore || sidecar.started) continue;
        return { changed, initialized: false };
      }
      if (initializedBefore) continue;
      if (latest?.state === "CONTAINER_EXITED" && latest.exitCode === 0) continue;
      if (latest?.state === "CONTAINER_RUNNING" || latest?.state === "CONTAINER_CREATED") return { changed, initialized: false };
      if (latest?.state === "CONTAINER_EXITED" && policy === "Never") return { changed, initialized: false }; // the pod has failed
      changed = (await this.#startOne(pod, container, history, { init: true }, memory, context, retries)) || changed;
      return { changed, initialized: false };
    }
    return { changed, initialized: true };
  }

  /** (Re)starts a sidecar that does not run; tells whether it has started (so the next init container may begin). */
  async #keepSidecarRunning(
    pod: KubeObject,
    container: Container,
    history: ContainerHistory | undefined,
    memory: PodMemory,
    context: StartContext,
    retries: number[],
  ): Promise<{ changed: boolean; started: boolean }> {
    const latest = history?.latest;
    if (latest?.state === "CONTAINER_RUNNING") {
      if (await this.#restartIfChanged(pod, container, latest, context, `Init container ${container.name ?? ""} definition changed`)) return { changed: true, started: false };
      return { changed: false, started: this.#deps.probes.started(pod.metadata.uid ?? "", container, latest.id) };
    }
    if (latest?.state === "CONTAINER_CREATED") {
      // Created by a kubelet that stopped before starting it.
      await context.runtime.startContainer(latest.id);
      return { changed: true, started: false };
    }
    // A sidecar restarts whatever the pod's restart policy, with the same crash-loop back-off.
    const started = await this.#startOne(pod, container, history, { init: true }, memory, context, retries);
    // Without a startup probe a sidecar has started once its start (and postStart hook) returned.
    return { changed: started, started: started && !container.startupProbe };
  }

  /** Stops a running container whose spec changed since it started (its successor starts on a later pass). */
  async #restartIfChanged(pod: KubeObject, container: Container, latest: ContainerHistory["latest"], context: StartContext, message: string): Promise<boolean> {
    if (latest.annotations[CONTAINER_HASH_ANNOTATION] === containerHash(container)) return false;
    const spec = (pod.spec ?? {}) as PodSpec;
    await killContainer(context.runtime, { pod, container, id: latest.id, podIP: context.podIP }, { graceSeconds: spec.terminationGracePeriodSeconds ?? 30, events: this.#deps.events, message });
    return true;
  }

  async #startOne(
    pod: KubeObject,
    container: Container,
    history: ContainerHistory | undefined,
    options: { init: boolean },
    memory: PodMemory,
    context: StartContext,
    retries: number[],
  ): Promise<boolean> {
    const name = container.name ?? "";
    const uid = pod.metadata.uid ?? "";
    const latest = history?.latest;
    const key = `${uid}/${name}`;
    if (latest) {
      const finishedAt = Math.floor(latest.finishedAt / 1e6);
      const wait = this.#deps.backoff.remaining(key, finishedAt, Date.now());
      if (wait > 0) {
        const seconds = Math.round(this.#deps.backoff.delay(key) / 1000);
        memory.waiting.set(name, { reason: "CrashLoopBackOff", message: `back-off ${formatGoDuration(seconds * 1000)} restarting failed container=${name} pod=${podDescription(pod)}` });
        this.#deps.events.record(pod, "Warning", "BackOff", `Back-off restarting failed container ${name} in pod ${podDescription(pod)}`);
        retries.push(wait);
        return false;
      }
      this.#deps.backoff.next(key, Date.now());
    }
    const attempt = latest ? latest.metadata.attempt + 1 : await attemptAfterLogs(join(podLogDirectory(this.#deps.logsDir, pod), name));
    const started = await startContainer(pod, container, { attempt, init: options.init }, context);
    if (!started.ok) {
      memory.waiting.set(name, started.waiting);
      retries.push(started.retryMs);
      return false;
    }
    memory.waiting.delete(name);
    // Upstream keeps one dead container per name (for `logs --previous`); older ones go, with their logs.
    for (const old of history?.all.slice(1) ?? []) await removeContainerAndLogs(context.runtime, old.id);
    return true;
  }

  /** Posts the status when it changed; returns the phase. */
  async #writeStatus(pod: KubeObject, state: PodRuntimeState, memory: PodMemory, sandbox: { ready: boolean; ips: readonly string[] }, evicted?: PodObservation["evicted"]): Promise<string> {
    const spec = (pod.spec ?? {}) as PodSpec;
    const uid = pod.metadata.uid ?? "";
    const containers = new Map<string, ContainerObservation>();
    for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      const name = container.name ?? "";
      const history = state.containers.get(name);
      const running = history?.latest.state === "CONTAINER_RUNNING";
      const waiting = running ? undefined : memory.waiting.get(name);
      const message = history?.latest.state === "CONTAINER_EXITED" ? await readTerminationMessage(history.latest) : "";
      containers.set(name, {
        ...(message ? { message } : {}),
        ...(history ? { latest: history.latest } : {}),
        ...(history?.previous ? { previous: history.previous } : {}),
        ...(waiting ? { waiting } : {}),
        ready: running && this.#deps.probes.ready(uid, container, history?.latest.id ?? ""),
        started: running && this.#deps.probes.started(uid, container, history?.latest.id ?? ""),
      });
    }
    const status = computePodStatus(pod, { sandboxReady: sandbox.ready, podIPs: sandbox.ips, hostIP: this.#deps.hostIP, containers, now: new Date(), ...(evicted ? { evicted } : {}) });
    if (canonicalJson(status) === canonicalJson(pod.status ?? {})) return status.phase;
    const { resourceVersion: _unconditional, ...metadata } = pod.metadata;
    await this.#deps.client.resource("", "Pod").updateStatus({ ...pod, metadata, status }, { result: false });
    return status.phase;
  }
}

/** The running containers whose probes run: sidecars and main containers. */
function probedContainers(spec: PodSpec, state: PodRuntimeState, podIP: string): ProbedContainer[] {
  return [...(spec.initContainers ?? []).filter(isSidecar), ...(spec.containers ?? [])].flatMap((container) => {
    const latest = state.containers.get(container.name ?? "")?.latest;
    return latest?.state === "CONTAINER_RUNNING" ? [{ container, id: latest.id, podIP }] : [];
  });
}

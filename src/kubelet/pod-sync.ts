/**
 * One pass of a pod worker, level-triggered like upstream's SyncPod: make
 * the runtime hold what the pod asks for, then post the status. In order:
 * volumes, the sandbox (re-created if it died), init containers one at a
 * time, then every container, restarting exited ones by the restart
 * policy with crash-loop back-off. A deleted pod is stopped gracefully and
 * then removed from the API with grace 0; a finished one has its sandbox
 * stopped. Returns when the pod wants another pass (a back-off ending).
 */
import { join } from "node:path";
import type { KubeObject } from "../apis/types.js";
import type { Container, PodSpec } from "../apis/common/pod-types.js";
import type { Client, EventRecorder } from "../client/index.js";
import { stableStringify } from "../controllers/statefulset/history.js";
import type { Logger } from "../log.js";
import { isApiError } from "../machinery/status.js";
import type { CrashBackoff } from "./backoff.js";
import { CONTAINER_HASH_ANNOTATION, containerHash } from "./container-config.js";
import { startContainer, type StartContext } from "./container-start.js";
import type { NodeAllocatable } from "./downward.js";
import { podDescription } from "./labels.js";
import type { DataLookup } from "./object-data.js";
import { deletionGraceSeconds, killContainer, killPod } from "./pod-kill.js";
import { computePodStatus, type ContainerObservation, type Waiting } from "./pod-status.js";
import type { ProbeManager } from "./probes/manager.js";
import { podRuntimeState, type ContainerHistory, type PodRuntimeState } from "./runtime-state.js";
import type { KeyValue, KubeletRuntime, PodSandbox } from "./runtime.js";
import { sandboxConfig, type DnsSettings } from "./sandbox-config.js";
import type { VolumeManager } from "./volumes/manager.js";
import type { TokenCache } from "./volumes/token-cache.js";
import { readTerminationMessage } from "./termination-message.js";
import { writeHostsFile } from "./etc-hosts.js";

export interface PodSyncDeps {
  readonly runtime: KubeletRuntime;
  readonly client: Client;
  readonly events: EventRecorder;
  readonly volumes: VolumeManager;
  readonly probes: ProbeManager;
  readonly backoff: CrashBackoff;
  readonly imageBackoff: CrashBackoff;
  readonly lookup: DataLookup;
  readonly tokens: TokenCache;
  readonly allocatable: NodeAllocatable;
  readonly memoryCapacity: number;
  readonly hostIP: string;
  readonly logsDir: string;
  readonly dns: DnsSettings;
  readonly baseEnv: (pod: KubeObject) => KeyValue[];
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

function isTerminal(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

export class PodSync {
  readonly #deps: PodSyncDeps;

  constructor(deps: PodSyncDeps) {
    this.#deps = deps;
  }

  async sync(pod: KubeObject, memory: PodMemory): Promise<SyncOutcome> {
    const { runtime } = this.#deps;
    const uid = pod.metadata.uid ?? "";
    const spec = (pod.spec ?? {}) as PodSpec;
    let state = await podRuntimeState(runtime, uid);
    if (pod.metadata.deletionTimestamp) return this.#terminate(pod, state);
    if (isTerminal(pod)) {
      this.#deps.probes.removePod(uid);
      await killPod(runtime, { pod, state, podIP: "" }, { graceSeconds: deletionGraceSeconds(pod), events: this.#deps.events });
      return {};
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
    if (sandbox.created) state = await podRuntimeState(runtime, uid);
    const podDir = this.#deps.volumes.podDir(uid);
    const hostsFile = spec.hostNetwork ? undefined : await writeHostsFile(podDir, pod, sandbox.ips[0] ?? "", this.#deps.dns.clusterDomain);
    const context: StartContext = {
      runtime,
      events: this.#deps.events,
      lookup: this.#deps.lookup,
      allocatable: this.#deps.allocatable,
      memoryCapacity: this.#deps.memoryCapacity,
      imageBackoff: this.#deps.imageBackoff,
      volumePaths: volumes.paths,
      sandboxId: sandbox.id,
      sandboxConfig: sandbox.config,
      podIP: sandbox.ips[0] ?? "",
      baseEnv: this.#deps.baseEnv(pod),
      podDir,
      ...(hostsFile ? { hostsFile } : {}),
    };
    const retries: number[] = [];
    const changed = await this.#startContainers(pod, state, memory, context, retries);
    if (changed) state = await podRuntimeState(runtime, uid);
    this.#deps.probes.sync(
      pod,
      [...(spec.containers ?? [])]
        .map((container) => ({ container, history: state.containers.get(container.name ?? "") }))
        .filter(({ history }) => history?.latest.state === "CONTAINER_RUNNING")
        .map(({ container, history }) => ({ container, id: history?.latest.id ?? "", podIP: context.podIP })),
    );
    const phase = await this.#writeStatus(pod, state, memory, { ready: true, ips: sandbox.ips });
    if (phase === "Succeeded" || phase === "Failed") {
      // Finished for good: nothing restarts, so the sandbox stops now.
      this.#deps.probes.removePod(uid);
      await killPod(runtime, { pod, state, podIP: "" }, { graceSeconds: deletionGraceSeconds(pod), events: this.#deps.events });
      return {};
    }
    return retries.length > 0 ? { retryMs: Math.min(...retries) } : {};
  }

  /** Restarts a container whose liveness or startup probe failed. */
  async restartUnhealthy(pod: KubeObject, containerName: string, kind: "liveness" | "startup"): Promise<void> {
    const state = await podRuntimeState(this.#deps.runtime, pod.metadata.uid ?? "");
    const history = state.containers.get(containerName);
    if (!history || history.latest.state !== "CONTAINER_RUNNING") return;
    const spec = (pod.spec ?? {}) as PodSpec;
    const container = (spec.containers ?? []).find((c) => c.name === containerName);
    const probe = kind === "liveness" ? container?.livenessProbe : container?.startupProbe;
    const grace = probe?.terminationGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    await killContainer(
      this.#deps.runtime,
      { pod, container, id: history.latest.id, podIP: (pod.status as { podIP?: string } | undefined)?.podIP ?? "" },
      { graceSeconds: grace, events: this.#deps.events, message: `Container ${containerName} failed ${kind} probe, will be restarted` },
    );
  }

  async #terminate(pod: KubeObject, state: PodRuntimeState): Promise<SyncOutcome> {
    const uid = pod.metadata.uid ?? "";
    this.#deps.probes.removePod(uid);
    const podIP = (pod.status as { podIP?: string } | undefined)?.podIP ?? "";
    await killPod(this.#deps.runtime, { pod, state, podIP }, { graceSeconds: deletionGraceSeconds(pod), events: this.#deps.events });
    try {
      await this.#deps.client.resource("", "Pod").delete(pod.metadata.namespace ?? "", pod.metadata.name ?? "", { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (error: unknown) {
      // Gone already, or replaced by a pod of the same name (another uid): nothing of ours to delete.
      if (!isApiError(error, 404) && !isApiError(error, 409)) throw error;
    }
    return {};
  }

  async #ensureSandbox(pod: KubeObject, state: PodRuntimeState): Promise<{ ok: true; id: string; created: boolean; ips: string[]; config: ReturnType<typeof sandboxConfig> } | { ok: false }> {
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
      for (const history of state.containers.values()) for (const { id } of history.all) await runtime.removeContainer(id);
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
    return { ok: true, id, created: true, ips, config };
  }

  /** Starts what should run now; returns whether anything was started or stopped. */
  async #startContainers(pod: KubeObject, state: PodRuntimeState, memory: PodMemory, context: StartContext, retries: number[]): Promise<boolean> {
    const spec = (pod.spec ?? {}) as PodSpec;
    const policy = spec.restartPolicy ?? "Always";
    let changed = false;
    for (const container of spec.initContainers ?? []) {
      const history = state.containers.get(container.name ?? "");
      const latest = history?.latest;
      if (latest?.state === "CONTAINER_EXITED" && latest.exitCode === 0) continue;
      if (latest?.state === "CONTAINER_RUNNING" || latest?.state === "CONTAINER_CREATED") return changed;
      if (latest?.state === "CONTAINER_EXITED" && policy === "Never") return changed; // the pod has failed
      changed = (await this.#startOne(pod, container, history, { init: true, policy }, memory, context, retries)) || changed;
      return changed;
    }
    for (const container of spec.containers ?? []) {
      const history = state.containers.get(container.name ?? "");
      const latest = history?.latest;
      if (latest?.state === "CONTAINER_RUNNING") {
        if (latest.annotations[CONTAINER_HASH_ANNOTATION] !== containerHash(container)) {
          await killContainer(context.runtime, { pod, container, id: latest.id, podIP: context.podIP }, {
            graceSeconds: spec.terminationGracePeriodSeconds ?? 30,
            events: this.#deps.events,
            message: `Container ${container.name ?? ""} definition changed, will be restarted`,
          });
          changed = true;
        }
        continue;
      }
      if (latest?.state === "CONTAINER_CREATED") {
        // Created by a kubelet that stopped before starting it.
        await context.runtime.startContainer(latest.id);
        changed = true;
        continue;
      }
      if (latest?.state === "CONTAINER_EXITED" && !shouldRestart(policy, latest.exitCode)) continue;
      changed = (await this.#startOne(pod, container, history, { init: false, policy }, memory, context, retries)) || changed;
    }
    return changed;
  }

  async #startOne(
    pod: KubeObject,
    container: Container,
    history: ContainerHistory | undefined,
    options: { init: boolean; policy: string },
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
        memory.waiting.set(name, { reason: "CrashLoopBackOff", message: `back-off ${formatBackoff(seconds)} restarting failed container=${name} pod=${podDescription(pod)}` });
        this.#deps.events.record(pod, "Warning", "BackOff", `Back-off restarting failed container ${name} in pod ${podDescription(pod)}`);
        retries.push(wait);
        return false;
      }
      this.#deps.backoff.next(key, Date.now());
    }
    const attempt = latest ? latest.metadata.attempt + 1 : 0;
    const started = await startContainer(pod, container, { attempt, init: options.init }, context);
    if (!started.ok) {
      memory.waiting.set(name, started.waiting);
      retries.push(started.retryMs);
      return false;
    }
    memory.waiting.delete(name);
    // Upstream keeps one dead container per name (for `logs --previous`); older ones go.
    for (const old of history?.all.slice(1) ?? []) await context.runtime.removeContainer(old.id);
    return true;
  }

  /** Posts the status when it changed; returns the phase. */
  async #writeStatus(pod: KubeObject, state: PodRuntimeState, memory: PodMemory, sandbox: { ready: boolean; ips: readonly string[] }): Promise<string> {
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
    const status = computePodStatus(pod, { sandboxReady: sandbox.ready, podIPs: sandbox.ips, hostIP: this.#deps.hostIP, containers, now: new Date() });
    if (stableStringify(status) === stableStringify(pod.status ?? {})) return status.phase;
    const { resourceVersion: _unconditional, ...metadata } = pod.metadata;
    await this.#deps.client.resource("", "Pod").updateStatus({ ...pod, metadata, status });
    return status.phase;
  }
}

/** Go's duration format for whole seconds, as the back-off message prints it: 10s, 1m20s, 5m0s. */
export function formatBackoff(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

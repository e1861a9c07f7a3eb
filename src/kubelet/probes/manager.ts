/**
 * The probe workers of the node: one per probed container and kind, tied
 * to the container's runtime id (a restarted container gets fresh workers,
 * as upstream). A startup probe holds the other two back until it passes;
 * a liveness or startup failure is handed to the pod worker, which
 * restarts the container. Every failed attempt is an Unhealthy event.
 */
import type { KubeObject } from "../../apis/types.js";
import type { Container, Probe } from "../../apis/common/pod-types.js";
import type { EventRecorder } from "../../client/index.js";
import type { KubeletRuntime } from "../runtime.js";
import { runHandler } from "./handlers.js";
import { probeTimings, ProbeState, type ProbeKind } from "./state.js";

export interface ProbedContainer {
  readonly container: Container;
  readonly id: string;
  readonly podIP: string;
}

export interface ProbeCallbacks {
  /** A readiness or startup result changed: the pod's status must be recomputed. */
  readonly onChange: (uid: string) => void;
  /** Liveness or startup failed: the container must be restarted. */
  readonly onFailure: (uid: string, containerName: string, kind: "liveness" | "startup") => void;
}

const KIND_NAMES: Record<ProbeKind, string> = { liveness: "Liveness", readiness: "Readiness", startup: "Startup" };

class ProbeWorker {
  readonly state: ProbeState;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    readonly kind: ProbeKind,
    readonly probe: Probe,
    readonly target: ProbedContainer,
    readonly run: (worker: ProbeWorker) => Promise<void>,
  ) {
    this.state = new ProbeState(kind, probeTimings(probe));
  }

  start(): void {
    this.#schedule(probeTimings(this.probe).initialDelayMs);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.run(this)
        .catch(() => undefined)
        .finally(() => this.#schedule(probeTimings(this.probe).periodMs));
    }, delayMs);
    this.#timer.unref();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  get stopped(): boolean {
    return this.#stopped;
  }
}

export class ProbeManager {
  readonly #runtime: KubeletRuntime;
  readonly #events: EventRecorder;
  readonly #callbacks: ProbeCallbacks;
  /** uid → "name/kind" → worker. */
  readonly #workers = new Map<string, Map<string, ProbeWorker>>();
  readonly #pods = new Map<string, KubeObject>();

  constructor(runtime: KubeletRuntime, events: EventRecorder, callbacks: ProbeCallbacks) {
    this.#runtime = runtime;
    this.#events = events;
    this.#callbacks = callbacks;
  }

  /** Brings the workers in line with the pod's running containers. */
  sync(pod: KubeObject, running: readonly ProbedContainer[]): void {
    const uid = pod.metadata.uid ?? "";
    this.#pods.set(uid, pod);
    let workers = this.#workers.get(uid);
    if (!workers) this.#workers.set(uid, (workers = new Map()));
    const wanted = new Set<string>();
    for (const target of running) {
      const name = target.container.name ?? "";
      const probes: [ProbeKind, Probe | undefined][] = [
        ["startup", target.container.startupProbe],
        ["liveness", target.container.livenessProbe],
        ["readiness", target.container.readinessProbe],
      ];
      for (const [kind, probe] of probes) {
        if (!probe) continue;
        const key = `${name}/${kind}`;
        wanted.add(key);
        const existing = workers.get(key);
        if (existing && existing.target.id === target.id) continue;
        existing?.stop();
        const worker = new ProbeWorker(kind, probe, target, (w) => this.#attempt(uid, w));
        workers.set(key, worker);
        worker.start();
      }
    }
    for (const [key, worker] of workers) {
      if (wanted.has(key)) continue;
      worker.stop();
      workers.delete(key);
    }
  }

  /** Whether the container (by runtime id) is ready: its readiness probe passed, or it has none. */
  ready(uid: string, container: Container, id: string): boolean {
    if (!this.started(uid, container, id)) return false;
    if (!container.readinessProbe) return true;
    const worker = this.#workers.get(uid)?.get(`${container.name ?? ""}/readiness`);
    return worker !== undefined && worker.target.id === id && worker.state.result;
  }

  /** Whether the container's startup probe passed (or it has none). */
  started(uid: string, container: Container, id: string): boolean {
    if (!container.startupProbe) return true;
    const worker = this.#workers.get(uid)?.get(`${container.name ?? ""}/startup`);
    return worker !== undefined && worker.target.id === id && worker.state.result;
  }

  removePod(uid: string): void {
    for (const worker of this.#workers.get(uid)?.values() ?? []) worker.stop();
    this.#workers.delete(uid);
    this.#pods.delete(uid);
  }

  stopAll(): void {
    for (const uid of [...this.#workers.keys()]) this.removePod(uid);
  }

  async #attempt(uid: string, worker: ProbeWorker): Promise<void> {
    const { kind, target } = worker;
    const name = target.container.name ?? "";
    // Liveness and readiness wait for the startup probe, as upstream.
    if (kind !== "startup" && !this.started(uid, target.container, target.id)) return;
    if (kind === "startup" && worker.state.result) return;
    const timings = probeTimings(worker.probe);
    const outcome = await runHandler(worker.probe, { runtime: this.#runtime, containerId: target.id, container: target.container, podIP: target.podIP, timeoutSeconds: timings.timeoutSeconds });
    if (worker.stopped) return;
    const pod = this.#pods.get(uid);
    if (!outcome.ok && pod) this.#events.record(pod, "Warning", "Unhealthy", `${KIND_NAMES[kind]} probe failed: ${outcome.message.trim()}`);
    const changed = worker.state.record(outcome.ok);
    if (!changed) return;
    if (!worker.state.result && kind !== "readiness") {
      // The container is restarted; its successor gets a fresh worker.
      worker.stop();
      this.#callbacks.onFailure(uid, name, kind);
    }
    this.#callbacks.onChange(uid);
  }
}

/**
 * Stopping a pod's containers as upstream's killPod does: every running
 * container at once, each running its preStop hook first and then getting
 * SIGTERM, with SIGKILL once the grace period (shared by the hook and the
 * stop) runs out; then the sandbox stops. Sidecars (init containers with
 * restartPolicy Always) wait for their turn: after the main containers and
 * after every later sidecar, so they stop in reverse order, within the same
 * grace period. Removing what is left, once the pod is gone from the API,
 * is `removePod`.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { KubeObject } from "../apis/types.js";
import type { Container, PodSpec } from "../apis/common/pod-types.js";
import type { EventRecorder } from "../client/index.js";
import type { PodRuntimeState } from "./runtime-state.js";
import { removeContainerAndLogs } from "./log-cleanup.js";
import { isSidecar } from "./pod-status.js";
import { runHandler } from "./probes/handlers.js";
import type { KubeletRuntime } from "./runtime.js";

/** The grace period of a deletion: the one the delete set, else the pod's own, else 30 s. */
export function deletionGraceSeconds(pod: KubeObject): number {
  const spec = (pod.spec ?? {}) as PodSpec;
  return (pod.metadata as { deletionGracePeriodSeconds?: number }).deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
}

/** Resolves when `turn` settles or `ms` have passed, whichever comes first. */
async function waitAtMost(turn: Promise<unknown>, ms: number): Promise<void> {
  const timer = new AbortController();
  try {
    await Promise.race([turn, sleep(ms, undefined, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}

/**
 * Stops one container: preStop hook, then (for a sidecar) its turn, then the stop call with what
 * is left of the grace period.
 */
export async function killContainer(
  runtime: KubeletRuntime,
  target: { pod: KubeObject | undefined; container: Container | undefined; id: string; podIP: string },
  options: { graceSeconds: number; events: EventRecorder | undefined; message: string; turn?: Promise<unknown> },
): Promise<void> {
  const { pod, container, id } = target;
  const started = Date.now();
  const left = (): number => Math.max(0, options.graceSeconds - Math.floor((Date.now() - started) / 1000));
  if (pod && options.events) options.events.record(pod, "Normal", "Killing", options.message);
  const preStop = container?.lifecycle?.preStop;
  if (preStop && container && options.graceSeconds > 0) {
    const outcome = await runHandler(preStop, { runtime, containerId: id, container, podIP: target.podIP, timeoutSeconds: options.graceSeconds });
    if (!outcome.ok && pod && options.events) options.events.record(pod, "Warning", "FailedPreStopHook", `PreStopHook failed: ${outcome.message.trim()}`);
  }
  if (options.turn && left() > 0) await waitAtMost(options.turn, options.graceSeconds * 1000 - (Date.now() - started));
  // At least 2 s once the grace period has run out (upstream's minimumGracePeriodInSeconds), and 1 s even for
  // a grace period of 0 (the pod worker's floor): a container always gets SIGTERM before SIGKILL.
  await runtime.stopContainer(id, Math.max(left(), options.graceSeconds > 0 ? 2 : 1));
}

/**
 * What each running container waits for before it is stopped (upstream's terminationOrdering):
 * a sidecar waits for every running main container and every running sidecar after it.
 */
export function stopOrder(spec: PodSpec, running: readonly string[]): Map<string, string[]> {
  const isRunning = new Set(running);
  const mains = (spec.containers ?? []).map((c) => c.name ?? "").filter((name) => isRunning.has(name));
  const sidecars = (spec.initContainers ?? []).filter(isSidecar).map((c) => c.name ?? "");
  const order = new Map<string, string[]>();
  for (const [i, name] of sidecars.entries()) {
    if (isRunning.has(name)) order.set(name, [...mains, ...sidecars.slice(i + 1).filter((later) => isRunning.has(later))]);
  }
  return order;
}

/** Stops every running container of the pod and its sandboxes. */
export async function killPod(
  runtime: KubeletRuntime,
  target: { pod: KubeObject | undefined; state: PodRuntimeState; podIP: string },
  options: { graceSeconds: number; events: EventRecorder | undefined },
): Promise<void> {
  const spec = (target.pod?.spec ?? {}) as PodSpec;
  const specs = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const running = [...target.state.containers].filter(([, history]) => history.latest.state === "CONTAINER_RUNNING" || history.latest.state === "CONTAINER_CREATED");
  const order = stopOrder(spec, running.map(([name]) => name));
  const stopped = new Map<string, Promise<void>>();
  const stopOne = async (name: string, id: string): Promise<void> => {
    // Let the loop below register every stop first: a turn looks up the stops it waits for.
    await Promise.resolve();
    const turn = order.get(name);
    await killContainer(runtime, { pod: target.pod, container: specs.find((c) => c.name === name), id, podIP: target.podIP }, {
      graceSeconds: options.graceSeconds,
      events: options.events,
      message: `Stopping container ${name}`,
      // A stop that failed still ends its turn; its error comes out of the Promise.all below.
      ...(turn ? { turn: Promise.all(turn.map((before) => stopped.get(before)?.catch(() => undefined))) } : {}),
    });
  };
  for (const [name, history] of running) stopped.set(name, stopOne(name, history.latest.id));
  await Promise.all(stopped.values());
  for (const sandbox of target.state.sandboxes) if (sandbox.state === "SANDBOX_READY") await runtime.stopPodSandbox(sandbox.id);
}

/**
 * A pod gone from the API while its containers still run was force-deleted (or deleted while
 * mini was down): upstream stops those with its minimum grace period of 2 s.
 */
const ORPHAN_GRACE_SECONDS = 2;

/** Removes every container and sandbox the runtime holds for a pod no longer in the API. */
export async function removePod(runtime: KubeletRuntime, state: PodRuntimeState): Promise<void> {
  await killPod(runtime, { pod: undefined, state, podIP: "" }, { graceSeconds: ORPHAN_GRACE_SECONDS, events: undefined });
  for (const history of state.containers.values()) for (const { id } of history.all) await removeContainerAndLogs(runtime, id);
  for (const sandbox of state.sandboxes) await runtime.removePodSandbox(sandbox.id);
}

export type StopOutcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

/**
 * Stops under way, at most one per pod, outside the pod workers: a stop can last the pod's whole
 * grace period, and one held in a worker would hold back every other pod behind it (upstream gives
 * each pod its own goroutine). The pod's next pass waits for the stop's end.
 */
export class PodStops {
  /** Pods with a stop under way, and when its grace period ends. */
  readonly #running = new Map<string, { endsBy: number }>();

  /** Whether a stop of the pod is under way. */
  busy(uid: string): boolean {
    return this.#running.has(uid);
  }

  /**
   * Runs `stop`, whose grace period is `graceSeconds`, unless one is under way for the pod; `done`
   * hears how it ended.
   */
  start(uid: string, graceSeconds: number, stop: () => Promise<void>, done: (outcome: StopOutcome) => void): void {
    if (this.#running.has(uid)) return;
    this.#running.set(uid, { endsBy: Date.now() + graceSeconds * 1000 });
    void stop()
      .then((): StopOutcome => ({ ok: true }), (error: unknown): StopOutcome => ({ ok: false, error }))
      .then((outcome) => {
        this.#running.delete(uid);
        done(outcome);
      });
  }

  /**
   * Whether the stop under way must end sooner: a new grace period of `graceSeconds` (a second
   * delete asking for less) ends before the one it runs with. Upstream's pod worker then kills
   * the pod again with the shorter period; the caller does that when this answers true.
   */
  shorten(uid: string, graceSeconds: number): boolean {
    const running = this.#running.get(uid);
    const endsBy = Date.now() + graceSeconds * 1000;
    if (!running || endsBy >= running.endsBy) return false;
    running.endsBy = endsBy;
    return true;
  }
}

/**
 * Stops the pod's running containers within `graceSeconds`, for a stop already under way whose
 * grace period was cut short: its preStop hooks and SIGTERM have run, what is left is to kill
 * sooner (a second stop call with the shorter timeout).
 */
export async function hurryPod(runtime: KubeletRuntime, state: PodRuntimeState, graceSeconds: number): Promise<void> {
  const running = [...state.containers.values()].filter((history) => history.latest.state === "CONTAINER_RUNNING");
  // As killContainer: a container always gets at least the minimum grace once asked to stop.
  await Promise.all(running.map((history) => runtime.stopContainer(history.latest.id, Math.max(graceSeconds, 2))));
}

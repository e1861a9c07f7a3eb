/**
 * Stopping a pod's containers as upstream's killPod does: every running
 * container at once, each running its preStop hook first and then getting
 * SIGTERM, with SIGKILL once the grace period (shared by the hook and the
 * stop) runs out; then the sandbox stops. Removing what is left, once the
 * pod is gone from the API, is `removePod`.
 */
import type { KubeObject } from "../apis/types.js";
import type { Container, PodSpec } from "../apis/common/pod-types.js";
import type { EventRecorder } from "../client/index.js";
import type { PodRuntimeState } from "./runtime-state.js";
import { runHandler } from "./probes/handlers.js";
import type { KubeletRuntime } from "./runtime.js";

/** The grace period of a deletion: the one the delete set, else the pod's own, else 30 s. */
export function deletionGraceSeconds(pod: KubeObject): number {
  const spec = (pod.spec ?? {}) as PodSpec;
  return (pod.metadata as { deletionGracePeriodSeconds?: number }).deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
}

/** Stops one container: preStop hook, then the stop call with what is left of the grace period. */
export async function killContainer(
  runtime: KubeletRuntime,
  target: { pod: KubeObject | undefined; container: Container | undefined; id: string; podIP: string },
  options: { graceSeconds: number; events: EventRecorder | undefined; message: string },
): Promise<void> {
  const { pod, container, id } = target;
  const started = Date.now();
  if (pod && options.events) options.events.record(pod, "Normal", "Killing", options.message);
  const preStop = container?.lifecycle?.preStop;
  if (preStop && container && options.graceSeconds > 0) {
    const outcome = await runHandler(preStop, { runtime, containerId: id, container, podIP: target.podIP, timeoutSeconds: options.graceSeconds });
    if (!outcome.ok && pod && options.events) options.events.record(pod, "Warning", "FailedPreStopHook", `PreStopHook failed: ${outcome.message.trim()}`);
  }
  const left = Math.max(0, options.graceSeconds - Math.floor((Date.now() - started) / 1000));
  // CRI grants at least 2 s when the grace period has run out, as upstream's minimumGracePeriodInSeconds.
  await runtime.stopContainer(id, options.graceSeconds > 0 ? Math.max(left, 2) : 0);
}

/** Stops every running container of the pod and its sandboxes. */
export async function killPod(
  runtime: KubeletRuntime,
  target: { pod: KubeObject | undefined; state: PodRuntimeState; podIP: string },
  options: { graceSeconds: number; events: EventRecorder | undefined },
): Promise<void> {
  const spec = (target.pod?.spec ?? {}) as PodSpec;
  const specs = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  await Promise.all(
    [...target.state.containers]
      .filter(([, history]) => history.latest.state === "CONTAINER_RUNNING" || history.latest.state === "CONTAINER_CREATED")
      .map(([name, history]) =>
        killContainer(runtime, { pod: target.pod, container: specs.find((c) => c.name === name), id: history.latest.id, podIP: target.podIP }, { graceSeconds: options.graceSeconds, events: options.events, message: `Stopping container ${name}` }),
      ),
  );
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
  for (const history of state.containers.values()) for (const { id } of history.all) await runtime.removeContainer(id);
  for (const sandbox of state.sandboxes) await runtime.removePodSandbox(sandbox.id);
}

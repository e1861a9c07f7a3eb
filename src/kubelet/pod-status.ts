/**
 * A pod's status computed from what the runtime reports and what the
 * kubelet knows beside it (why a container waits, probe results), with
 * upstream's rules: the phase from the containers' states and the restart
 * policy (a terminal phase never goes back; sidecars, init containers with
 * restartPolicy Always, count only while they run), the conditions
 * PodReadyToStartContainers, Initialized, ContainersReady and Ready (their
 * lastTransitionTime kept while their status stays), and a status per
 * container with state, lastState, restartCount, ready and started.
 */
import type { KubeObject } from "../apis/types.js";
import { mayLeaveTerminated } from "../apis/common/pod-status-validation.js";
import type { Container, PodSpec } from "../apis/common/pod-types.js";
import type { ContainerStatus as RuntimeContainerStatus } from "./runtime.js";
import { timestamp } from "../machinery/time.js";

export interface Waiting {
  readonly reason: string;
  readonly message?: string;
}

/** What is known about one container of the pod, by name. */
export interface ContainerObservation {
  /** The newest runtime container for this name. */
  readonly latest?: RuntimeContainerStatus;
  /** The one before it (it fills lastState). */
  readonly previous?: RuntimeContainerStatus;
  /** Set when the kubelet holds the container back (back-off, image or config errors). */
  readonly waiting?: Waiting;
  readonly ready: boolean;
  readonly started: boolean;
  /** The termination message read from the container's file, if any. */
  readonly message?: string;
}

export interface PodObservation {
  /** Set when the kubelet fails the pod itself (its active deadline passed): the phase is Failed with this reason. */
  readonly evicted?: { readonly reason: string; readonly message: string };
  readonly sandboxReady: boolean;
  readonly podIPs: readonly string[];
  readonly hostIP: string;
  readonly containers: ReadonlyMap<string, ContainerObservation>;
  readonly now: Date;
}

interface State {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: { exitCode: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string; containerID: string };
}

export interface V1ContainerStatus {
  name: string;
  state: State;
  lastState: State;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started: boolean;
}

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastProbeTime: null;
  lastTransitionTime: string;
}

export interface V1PodStatus {
  phase: string;
  reason?: string;
  message?: string;
  conditions: Condition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  initContainerStatuses?: V1ContainerStatus[];
  containerStatuses: V1ContainerStatus[];
  qosClass?: string;
  [field: string]: unknown;
}


function fromNanos(nanos: number): string | undefined {
  return nanos > 0 ? timestamp(new Date(Math.floor(nanos / 1e6))) : undefined;
}

/** An init container with restartPolicy Always: upstream's native sidecar, kept running beside the containers. */
export function isSidecar(container: Container): boolean {
  return container.restartPolicy === "Always";
}

export function containerID(id: string): string {
  return `containerd://${id}`;
}

function terminatedState(status: RuntimeContainerStatus, message?: string): State {
  const startedAt = fromNanos(status.startedAt);
  const finishedAt = fromNanos(status.finishedAt);
  const text = message || status.message;
  return {
    terminated: {
      exitCode: status.exitCode,
      ...(status.reason ? { reason: status.reason } : {}),
      ...(text ? { message: text } : {}),
      ...(startedAt ? { startedAt } : {}),
      ...(finishedAt ? { finishedAt } : {}),
      containerID: containerID(status.id),
    },
  };
}

function runtimeState(status: RuntimeContainerStatus, message: string | undefined): State {
  switch (status.state) {
    case "CONTAINER_RUNNING":
      return { running: { startedAt: fromNanos(status.startedAt) ?? "" } };
    case "CONTAINER_EXITED":
      return terminatedState(status, message);
    case "CONTAINER_CREATED":
      return { waiting: { reason: "ContainerCreating" } };
    case "CONTAINER_UNKNOWN":
      return { waiting: { reason: "ContainerStatusUnknown", message: "The container could not be located when the pod was terminated" } };
  }
}

function containerStatus(container: Container, observed: ContainerObservation | undefined, defaultWaiting: string, init = false): V1ContainerStatus {
  const name = container.name ?? "";
  const latest = observed?.latest;
  let state: State;
  let lastState: State = {};
  if (observed?.waiting) {
    state = { waiting: { reason: observed.waiting.reason, ...(observed.waiting.message ? { message: observed.waiting.message } : {}) } };
    if (latest?.state === "CONTAINER_EXITED") lastState = terminatedState(latest, observed.message);
    else if (observed.previous) lastState = terminatedState(observed.previous);
  } else if (latest) {
    state = runtimeState(latest, observed.message);
    if (observed.previous) lastState = terminatedState(observed.previous);
  } else {
    state = { waiting: { reason: defaultWaiting } };
  }
  const running = state.running !== undefined;
  // An init container counts as ready once it has completed (upstream since 1.27); a sidecar only while it runs.
  const completedInit = init && !isSidecar(container) && state.terminated?.exitCode === 0;
  return {
    name,
    state,
    lastState,
    ready: completedInit || (running && (observed?.ready ?? false)),
    restartCount: latest?.metadata.attempt ?? 0,
    image: container.image ?? "",
    imageID: latest?.imageRef ?? "",
    ...(latest ? { containerID: containerID(latest.id) } : {}),
    started: running && (observed?.started ?? false),
  };
}

function succeeded(status: V1ContainerStatus): boolean {
  return status.state.terminated?.exitCode === 0;
}

/** Whether a container ran at some point: it runs, or has run (upstream's HasAnyRegularContainerStarted). */
function hasStarted(status: V1ContainerStatus): boolean {
  return status.state.running !== undefined || status.state.terminated !== undefined;
}

/** The statuses of a pod's containers, beside its spec: init containers and regular ones, in spec order. */
interface StatusesBySpec {
  readonly init: readonly { readonly container: Container; readonly status: V1ContainerStatus }[];
  readonly regular: readonly V1ContainerStatus[];
}

/**
 * Upstream's getPhase: init containers keep the pod Pending until each has
 * completed (a sidecar: until it has started); then the regular containers'
 * states and the restart policy decide. A sidecar that runs counts as
 * running; one that has stopped does not count, so a Job's pod finishes by
 * its main containers alone.
 */
function podPhase(spec: PodSpec, statuses: StatusesBySpec): string {
  const policy = spec.restartPolicy ?? "Always";
  let pending = 0;
  let failedInit = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let ok = 0;
  for (const { container, status } of statuses.init) {
    const { running: isRunning, terminated, waiting: isWaiting } = status.state;
    const lastTerminated = status.lastState.terminated;
    if (isSidecar(container)) {
      if (isRunning) {
        running++;
        if (!status.started) pending++;
      } else if (isWaiting && !lastTerminated) {
        pending++;
        waiting++;
      }
    } else if (terminated) {
      if (terminated.exitCode !== 0) failedInit++;
    } else if (isWaiting && lastTerminated) {
      if (lastTerminated.exitCode !== 0) failedInit++;
    } else pending++;
  }
  for (const status of statuses.regular) {
    if (status.state.running) running++;
    else if (status.state.terminated) {
      stopped++;
      if (succeeded(status)) ok++;
    } else if (status.lastState.terminated) stopped++;
    else waiting++;
  }
  if (failedInit > 0 && policy === "Never") return "Failed";
  // Once a regular container has run, a restarting sidecar does not put the pod back to Pending.
  if ((pending > 0 && !statuses.regular.some(hasStarted)) || waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped > 0) {
    if (policy === "Always") return "Running";
    if (stopped === ok) return "Succeeded";
    return policy === "OnFailure" ? "Running" : "Failed";
  }
  return "Pending";
}

interface ConditionValue {
  readonly ok: boolean;
  readonly reason?: string | undefined;
  readonly message?: string | undefined;
}

function condition(type: string, value: ConditionValue, previous: readonly Condition[], now: string): Condition {
  const status = value.ok ? "True" : "False";
  const before = previous.find((c) => c.type === type);
  return {
    type,
    status,
    ...(value.reason ? { reason: value.reason } : {}),
    ...(value.message ? { message: value.message } : {}),
    lastProbeTime: null,
    lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
  };
}

/** Upstream's GeneratePodInitializedCondition: every init container completed (a sidecar: started), or a regular container has run. */
function initializedCondition(phase: string, statuses: StatusesBySpec): ConditionValue {
  if (phase === "Succeeded") return { ok: true, reason: "PodCompleted" };
  if (statuses.regular.some(hasStarted)) return { ok: true };
  const incomplete = statuses.init.filter(({ container, status }) => !(isSidecar(container) ? status.started : status.ready)).map(({ status }) => status.name);
  return incomplete.length === 0 ? { ok: true } : { ok: false, reason: "ContainersNotInitialized", message: `containers with incomplete status: [${incomplete.join(" ")}]` };
}

/** Upstream's GenerateContainersReadyCondition: sidecars and regular containers all ready; never for a finished pod. */
function containersReadyCondition(phase: string, statuses: StatusesBySpec): ConditionValue {
  if (phase === "Succeeded") return { ok: false, reason: "PodCompleted" };
  if (phase === "Failed") return { ok: false, reason: "PodFailed" };
  const sidecars = statuses.init.filter(({ container }) => isSidecar(container)).map(({ status }) => status);
  const unready = [...sidecars, ...statuses.regular].filter((s) => !s.ready).map((s) => s.name);
  return unready.length === 0 ? { ok: true } : { ok: false, reason: "ContainersNotReady", message: `containers with unready status: [${unready.join(" ")}]` };
}

/** Upstream's GeneratePodReadyCondition: ContainersReady, and every readiness gate's condition True. */
function readyCondition(spec: PodSpec, containersReady: ConditionValue, previous: readonly Condition[]): ConditionValue {
  if (!containersReady.ok) return containersReady;
  const unready: string[] = [];
  for (const gate of spec.readinessGates ?? []) {
    const found = previous.find((c) => c.type === gate.conditionType);
    if (!found) unready.push(`corresponding condition of pod readiness gate "${gate.conditionType ?? ""}" does not exist.`);
    else if (found.status !== "True") unready.push(`the status of pod readiness gate "${gate.conditionType ?? ""}" is not "True", but ${found.status ?? ""}`);
  }
  return unready.length === 0 ? { ok: true } : { ok: false, reason: "ReadinessGatesNotReady", message: unready.join(", ") };
}

/**
 * The reported status of a container that terminated for good stays as it was: after its sandbox
 * died, the runtime no longer knows it, and the API refuses a status that takes it out of the
 * terminated state unless its policy restarts it (upstream's kubelet keeps it the same way).
 */
function finalOnce(status: V1ContainerStatus, oldStatuses: readonly V1ContainerStatus[] | undefined, restartPolicy: string, sidecar: boolean): V1ContainerStatus {
  if (status.state.terminated) return status;
  const old = oldStatuses?.find((s) => s.name === status.name);
  const terminated = old?.state.terminated;
  return old && terminated && !mayLeaveTerminated(restartPolicy, terminated.exitCode ?? 0, sidecar) ? old : status;
}

export function computePodStatus(pod: KubeObject, observed: PodObservation): V1PodStatus {
  const spec = (pod.spec ?? {}) as PodSpec;
  const old = (pod.status ?? {}) as Partial<V1PodStatus>;
  const now = timestamp(observed.now);
  const policy = spec.restartPolicy ?? "Always";
  const init = (spec.initContainers ?? []).map((container) => ({
    container,
    status: finalOnce(containerStatus(container, observed.containers.get(container.name ?? ""), "PodInitializing", true), old.initContainerStatuses, policy, isSidecar(container)),
  }));
  const initDone = init.every(({ container, status }) => (isSidecar(container) ? status.started : status.ready));
  const regular = (spec.containers ?? []).map((c) =>
    finalOnce(containerStatus(c, observed.containers.get(c.name ?? ""), initDone ? "ContainerCreating" : "PodInitializing"), old.containerStatuses, policy, false),
  );
  const statuses: StatusesBySpec = { init, regular };
  const oldPhase = old.phase ?? "Pending";
  const terminal = oldPhase === "Succeeded" || oldPhase === "Failed";
  const phase = terminal ? oldPhase : observed.evicted ? "Failed" : podPhase(spec, statuses);
  const previous = old.conditions ?? [];
  const containersReady = containersReadyCondition(phase, statuses);
  const ours = new Set(["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"]);
  const conditions: Condition[] = [
    condition("PodReadyToStartContainers", { ok: observed.sandboxReady }, previous, now),
    condition("Initialized", initializedCondition(phase, statuses), previous, now),
    condition("ContainersReady", containersReady, previous, now),
    condition("Ready", readyCondition(spec, containersReady, previous), previous, now),
    ...previous.filter((c) => !ours.has(c.type)),
  ];
  const status: V1PodStatus = {
    ...old,
    phase,
    conditions,
    containerStatuses: regular,
    ...(init.length > 0 ? { initContainerStatuses: init.map(({ status }) => status) } : {}),
    startTime: old.startTime ?? now,
  };
  if (observed.evicted && !terminal) {
    status.reason = observed.evicted.reason;
    status.message = observed.evicted.message;
  }
  if (observed.hostIP) {
    status.hostIP = observed.hostIP;
    status.hostIPs = [{ ip: observed.hostIP }];
  }
  if (observed.podIPs.length > 0) {
    status.podIP = observed.podIPs[0] as string;
    status.podIPs = observed.podIPs.map((ip) => ({ ip }));
  }
  return status;
}

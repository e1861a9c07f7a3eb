/**
 * A pod's status computed from what the runtime reports and what the
 * kubelet knows beside it (why a container waits, probe results), with
 * upstream's rules: the phase from the containers' states and the restart
 * policy (a terminal phase never goes back), the conditions
 * PodReadyToStartContainers, Initialized, ContainersReady and Ready (their
 * lastTransitionTime kept while their status stays), and a status per
 * container with state, lastState, restartCount, ready and started.
 */
import type { KubeObject } from "../apis/types.js";
import type { Container, PodSpec } from "../apis/common/pod-types.js";
import type { ContainerStatus as RuntimeContainerStatus } from "./runtime.js";

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

/** RFC 3339 to the second, as metav1.Time is written. */
export function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function fromNanos(nanos: number): string | undefined {
  return nanos > 0 ? formatTime(new Date(Math.floor(nanos / 1e6))) : undefined;
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
  // An init container counts as ready once it has completed (upstream since 1.27).
  const completedInit = init && state.terminated?.exitCode === 0;
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

/** Upstream's getPhase: from the containers' states and the restart policy. */
export function podPhase(spec: PodSpec, init: readonly V1ContainerStatus[], regular: readonly V1ContainerStatus[]): string {
  const policy = spec.restartPolicy ?? "Always";
  const initFailed = init.some((s) => s.state.terminated !== undefined && !succeeded(s) || (s.state.waiting !== undefined && s.lastState.terminated !== undefined && s.lastState.terminated.exitCode !== 0));
  if (initFailed && policy === "Never") return "Failed";
  if (!init.every(succeeded)) return "Pending";
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let ok = 0;
  for (const status of regular) {
    if (status.state.running) running++;
    else if (status.state.terminated) {
      stopped++;
      if (succeeded(status)) ok++;
    } else if (status.lastState.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped > 0) {
    if (policy === "Always") return "Running";
    if (stopped === ok) return "Succeeded";
    return policy === "OnFailure" ? "Running" : "Failed";
  }
  return "Pending";
}

function condition(type: string, ok: boolean, previous: readonly Condition[], now: string, reason?: string, message?: string): Condition {
  const status = ok ? "True" : "False";
  const before = previous.find((c) => c.type === type);
  return {
    type,
    status,
    ...(!ok && reason ? { reason } : {}),
    ...(!ok && message ? { message } : {}),
    lastProbeTime: null,
    lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
  };
}

export function computePodStatus(pod: KubeObject, observed: PodObservation): V1PodStatus {
  const spec = (pod.spec ?? {}) as PodSpec;
  const old = (pod.status ?? {}) as Partial<V1PodStatus>;
  const now = formatTime(observed.now);
  const initContainers = spec.initContainers ?? [];
  const init = initContainers.map((c) => containerStatus(c, observed.containers.get(c.name ?? ""), "PodInitializing", true));
  const initialized = init.every(succeeded);
  const regular = (spec.containers ?? []).map((c) => containerStatus(c, observed.containers.get(c.name ?? ""), initialized ? "ContainerCreating" : "PodInitializing"));
  const oldPhase = old.phase ?? "Pending";
  const phase = oldPhase === "Succeeded" || oldPhase === "Failed" ? oldPhase : podPhase(spec, init, regular);
  const previous = old.conditions ?? [];
  const unready = regular.filter((s) => !s.ready).map((s) => s.name);
  const incomplete = init.filter((s) => !succeeded(s)).map((s) => s.name);
  const gates = (spec.readinessGates ?? []).every((g) => previous.some((c) => c.type === g.conditionType && c.status === "True"));
  const completed = phase === "Succeeded";
  const containersReady = unready.length === 0 && !completed;
  const notReadyReason = completed ? "PodCompleted" : "ContainersNotReady";
  const notReadyMessage = completed ? undefined : `containers with unready status: [${unready.join(" ")}]`;
  const ours = new Set(["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"]);
  const conditions: Condition[] = [
    condition("PodReadyToStartContainers", observed.sandboxReady, previous, now),
    condition("Initialized", initialized, previous, now, completed ? "PodCompleted" : "ContainersNotInitialized", completed ? undefined : `containers with incomplete status: [${incomplete.join(" ")}]`),
    condition("ContainersReady", containersReady, previous, now, notReadyReason, notReadyMessage),
    condition("Ready", containersReady && gates, previous, now, gates ? notReadyReason : "ReadinessGatesNotReady", gates ? notReadyMessage : "corresponding condition of pod readiness gate is not ready"),
    ...previous.filter((c) => !ours.has(c.type)),
  ];
  const status: V1PodStatus = {
    ...old,
    phase,
    conditions,
    containerStatuses: regular,
    ...(init.length > 0 ? { initContainerStatuses: init } : {}),
    startTime: old.startTime ?? now,
  };
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

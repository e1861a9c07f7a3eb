/**
 * The pod table as `kubectl get pods` shows it (upstream's printPod for
 * 1.32): READY counts, the STATUS reason derived from init progress and
 * container states, RESTARTS with the time of the last restart, and the
 * wide IP, NODE, NOMINATED NODE and READINESS GATES columns.
 */
import { ageColumn, formatAge, nameColumn } from "../columns.js";
import type { KubeObject, TableColumn } from "../types.js";
import type { PodSpec } from "./pod-types.js";

interface ContainerState {
  waiting?: { reason?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode?: number; signal?: number; reason?: string; finishedAt?: string };
}

interface ContainerStatus {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface PodStatus {
  phase?: string;
  reason?: string;
  nominatedNodeName?: string;
  podIPs?: { ip?: string }[];
  conditions?: { type?: string; status?: string; reason?: string }[];
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
}

interface PodView {
  spec: PodSpec;
  status: PodStatus;
  deleting: boolean;
}

function view(object: KubeObject): PodView {
  return {
    spec: (object.spec ?? {}) as PodSpec,
    status: (object.status ?? {}) as PodStatus,
    deleting: object.metadata.deletionTimestamp !== undefined,
  };
}

function hasCondition(status: PodStatus, type: string): boolean {
  return (status.conditions ?? []).some((condition) => condition.type === type && condition.status === "True");
}

/** What the pod row shows in READY, STATUS and RESTARTS. */
interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  /** Milliseconds since the epoch of the latest restart that counts; 0 when none. */
  lastRestart: number;
}

/** Tracks restarts and the time of the last one. */
class RestartTally {
  count = 0;
  last = 0;

  add(status: ContainerStatus): void {
    this.count += status.restartCount ?? 0;
    const finished = Date.parse(status.lastState?.terminated?.finishedAt ?? "");
    if (!Number.isNaN(finished) && finished > this.last) this.last = finished;
  }
}

function terminatedReason(terminated: NonNullable<ContainerState["terminated"]>, prefix: string): string {
  if (terminated.reason) return prefix + terminated.reason;
  return terminated.signal ? `${prefix}Signal:${terminated.signal}` : `${prefix}ExitCode:${terminated.exitCode ?? 0}`;
}

function summarize({ spec, status, deleting }: PodView): PodSummary {
  const initContainers = spec.initContainers ?? [];
  const sidecars = new Set(initContainers.filter((c) => c.restartPolicy === "Always").map((c) => c.name ?? ""));
  let reason = status.reason || status.phase || "";
  if ((status.conditions ?? []).some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated")) reason = "SchedulingGated";
  let ready = 0;
  const all = new RestartTally();
  const sidecarRestarts = new RestartTally();

  let initializing = false;
  for (const [i, container] of (status.initContainerStatuses ?? []).entries()) {
    all.add(container);
    const sidecar = sidecars.has(container.name ?? "");
    if (sidecar) sidecarRestarts.add(container);
    const { terminated, waiting } = container.state ?? {};
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && container.started) {
      if (container.ready) ready++;
      continue;
    }
    initializing = true;
    if (terminated) reason = terminatedReason(terminated, "Init:");
    else if (waiting?.reason && waiting.reason !== "PodInitializing") reason = `Init:${waiting.reason}`;
    else reason = `Init:${i}/${initContainers.length}`;
    break;
  }

  let counted = all;
  if (!initializing || hasCondition(status, "Initialized")) {
    // Once initialized, only sidecar restarts still count among init containers.
    counted = sidecarRestarts;
    let running = false;
    for (const container of [...(status.containerStatuses ?? [])].reverse()) {
      counted.add(container);
      const { waiting, terminated, running: isRunning } = container.state ?? {};
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated) reason = terminatedReason(terminated, "");
      else if (container.ready && isRunning) {
        running = true;
        ready++;
      }
    }
    if (reason === "Completed" && running) reason = hasCondition(status, "Ready") ? "Running" : "NotReady";
  }

  if (deleting && status.reason === "NodeLost") reason = "Unknown";
  else if (deleting && status.phase !== "Failed" && status.phase !== "Succeeded") reason = "Terminating";
  const total = (spec.containers ?? []).length + sidecars.size;
  return { ready, total, reason, restarts: counted.count, lastRestart: counted.last };
}

function restartsCell(summary: PodSummary, now: Date): string {
  if (summary.restarts === 0 || summary.lastRestart === 0) return String(summary.restarts);
  return `${summary.restarts} (${formatAge(new Date(summary.lastRestart).toISOString(), now)} ago)`;
}

function readinessGatesCell({ spec, status }: PodView): string {
  const gates = spec.readinessGates ?? [];
  if (gates.length === 0) return "<none>";
  const passed = gates.filter((gate) => {
    const condition = (status.conditions ?? []).find((c) => c.type === gate.conditionType);
    return condition?.status === "True";
  }).length;
  return `${passed}/${gates.length}`;
}

function orNone(value: string | undefined): string {
  return value ? value : "<none>";
}

export const podColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Ready",
    type: "string",
    description: "Ready containers out of all containers (sidecars included).",
    priority: 0,
    cell: (object) => {
      const summary = summarize(view(object));
      return `${summary.ready}/${summary.total}`;
    },
  },
  {
    name: "Status",
    type: "string",
    description: "The pod's state, summarised from its phase and its containers.",
    priority: 0,
    cell: (object) => summarize(view(object)).reason,
  },
  {
    name: "Restarts",
    type: "string",
    description: "Container restarts, and how long ago the last one was.",
    priority: 0,
    cell: (object, now) => restartsCell(summarize(view(object)), now),
  },
  ageColumn,
  {
    name: "IP",
    type: "string",
    description: "The pod's IP address.",
    priority: 1,
    cell: (object) => orNone(view(object).status.podIPs?.[0]?.ip),
  },
  {
    name: "Node",
    type: "string",
    description: "Node the pod is bound to.",
    priority: 1,
    cell: (object) => orNone(view(object).spec.nodeName),
  },
  {
    name: "Nominated Node",
    type: "string",
    description: "Node the pod may run on once preemption finishes.",
    priority: 1,
    cell: (object) => orNone(view(object).status.nominatedNodeName),
  },
  {
    name: "Readiness Gates",
    type: "string",
    description: "Readiness gates whose conditions are True, out of all gates.",
    priority: 1,
    cell: (object) => readinessGatesCell(view(object)),
  },
];

/**
 * The taints the node lifecycle controller puts on nodes, and how a pod's
 * tolerations are matched against taints (upstream's ToleratesTaint). The
 * DaemonSet controller reads the same keys for its default tolerations.
 */
import type { KubeObject } from "../types.js";
import type { PodSpec, Toleration } from "./pod-types.js";

export interface Taint {
  key?: string;
  value?: string;
  effect?: string;
  timeAdded?: string;
}

export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";
export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
export const TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
export const TAINT_MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
export const TAINT_DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
export const TAINT_PID_PRESSURE = "node.kubernetes.io/pid-pressure";
export const TAINT_NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";

/** Seconds a pod tolerates a not-ready or unreachable node unless it says otherwise (upstream's admission default). */
export const DEFAULT_TOLERATION_SECONDS = 300;

export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? "") {
    case "":
    case "Equal":
      return (toleration.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

/** The first taint (of the given effects, or any) that no toleration tolerates. */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  { tolerations, effects }: { tolerations: readonly Toleration[] | undefined; effects?: readonly string[] },
): Taint | undefined {
  return (taints ?? []).find(
    (taint) => (!effects || effects.includes(taint.effect ?? "")) && !(tolerations ?? []).some((t) => toleratesTaint(t, taint)),
  );
}

/** Tolerations that tolerate at least one of the taints (upstream's GetMatchingTolerations, used ones only). */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).filter((t) => taints.some((taint) => toleratesTaint(t, taint)));
}

/** Does a toleration cover `key` with effect NoExecute, in the loose sense the admission plugin checks? */
function coversNoExecute(toleration: Toleration, key: string): boolean {
  return (!toleration.key || toleration.key === key) && (!toleration.effect || toleration.effect === "NoExecute");
}

/**
 * Upstream's DefaultTolerationSeconds admission plugin: a pod that does not
 * already tolerate the not-ready or unreachable NoExecute taints gets
 * tolerations of DEFAULT_TOLERATION_SECONDS for them, so that on a lost node
 * it is evicted after five minutes rather than at once. Call it on create.
 */
export function defaultTolerations(pod: KubeObject): void {
  const spec = (pod.spec ??= {}) as PodSpec;
  const tolerations = (spec.tolerations ??= []);
  for (const key of [TAINT_NOT_READY, TAINT_UNREACHABLE]) {
    if (tolerations.some((t) => coversNoExecute(t, key))) continue;
    tolerations.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
}

interface NodeCondition {
  type?: string;
  status?: string;
}

/** Condition → taint key for the condition statuses that taint a node NoSchedule (upstream's taint-nodes-by-condition). */
const CONDITION_TAINTS: readonly { type: string; status: string; key: string }[] = [
  { type: "Ready", status: "False", key: TAINT_NOT_READY },
  { type: "Ready", status: "Unknown", key: TAINT_UNREACHABLE },
  { type: "MemoryPressure", status: "True", key: TAINT_MEMORY_PRESSURE },
  { type: "DiskPressure", status: "True", key: TAINT_DISK_PRESSURE },
  { type: "PIDPressure", status: "True", key: TAINT_PID_PRESSURE },
  { type: "NetworkUnavailable", status: "True", key: TAINT_NETWORK_UNAVAILABLE },
];

const MANAGED_NO_SCHEDULE = new Set([...CONDITION_TAINTS.map((t) => t.key), TAINT_UNSCHEDULABLE]);
const MANAGED_NO_EXECUTE = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE]);

function isManaged(taint: Taint): boolean {
  return (taint.effect === "NoSchedule" && MANAGED_NO_SCHEDULE.has(taint.key ?? "")) || (taint.effect === "NoExecute" && MANAGED_NO_EXECUTE.has(taint.key ?? ""));
}

/** The taints this controller wants for the node's conditions and cordon, without timeAdded. */
function wantedTaints(conditions: readonly NodeCondition[], unschedulable: boolean): Taint[] {
  const wanted: Taint[] = [];
  for (const { type, status, key } of CONDITION_TAINTS) {
    if (conditions.some((c) => c.type === type && c.status === status)) wanted.push({ key, effect: "NoSchedule" });
  }
  if (unschedulable) wanted.push({ key: TAINT_UNSCHEDULABLE, effect: "NoSchedule" });
  // NoExecute taints drive eviction: a node that is not ready, or not heard from, loses its pods.
  const ready = conditions.find((c) => c.type === "Ready")?.status;
  if (ready === "False") wanted.push({ key: TAINT_NOT_READY, effect: "NoExecute" });
  if (ready === "Unknown") wanted.push({ key: TAINT_UNREACHABLE, effect: "NoExecute" });
  return wanted;
}

/**
 * The node's taints with the controller's own brought in line with its
 * conditions and cordon: others' taints are kept as they are, taints that
 * stay keep their timeAdded, new ones get `now`. Undefined if nothing changes.
 */
export function reconcileTaints(node: KubeObject, now: string): Taint[] | undefined {
  const spec = (node.spec ?? {}) as { taints?: Taint[]; unschedulable?: boolean };
  const conditions = ((node.status ?? {}) as { conditions?: NodeCondition[] }).conditions ?? [];
  const current = spec.taints ?? [];
  const wanted = wantedTaints(conditions, spec.unschedulable === true);
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const kept = current.filter((taint) => !isManaged(taint) || wanted.some((w) => same(w, taint)));
  const added = wanted.filter((w) => !current.some((taint) => same(w, taint))).map((taint) => ({ ...taint, timeAdded: now }));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}

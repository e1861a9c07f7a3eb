/**
 * Which pods go first when a ReplicaSet scales down (upstream's
 * ActivePodsWithRanks order): the least useful pod first, so scaling down
 * never costs availability it need not.
 */
import type { KubeObject } from "../../apis/types.js";
import { isPodActive, isPodReady, podCondition, podStatus } from "../../apis/common/pod-state.js";

const DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
const PHASE_ORDER: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

interface Ranked {
  readonly pod: KubeObject;
  /** Active related pods on the same node: a doubled-up pod goes first. */
  readonly colocated: number;
}

/**
 * The `count` pods of `pods` to delete. `related` are the pods of every
 * ReplicaSet sharing this one's controller (the old and new ReplicaSets of a
 * Deployment), used to prefer pods on crowded nodes.
 */
export function podsToDelete(pods: readonly KubeObject[], related: readonly KubeObject[], count: number, nowMs: number): KubeObject[] {
  if (count >= pods.length) return [...pods];
  const perNode = new Map<string, number>();
  for (const pod of related) {
    if (!isPodActive(pod)) continue;
    const node = nodeName(pod);
    perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const ranked: Ranked[] = pods.map((pod) => ({ pod, colocated: perNode.get(nodeName(pod)) ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, nowMs));
  return ranked.slice(0, count).map((r) => r.pod);
}

/** Negative when `a` should be deleted before `b`. */
export function compareForDeletion(a: Ranked, b: Ranked, nowMs: number): number {
  const [pa, pb] = [a.pod, b.pod];
  // 1. Unscheduled before scheduled.
  const [na, nb] = [nodeName(pa), nodeName(pb)];
  if (na !== nb && (na === "" || nb === "")) return na === "" ? -1 : 1;
  // 2. Pending before Unknown before Running.
  const [oa, ob] = [phaseOrder(pa), phaseOrder(pb)];
  if (oa !== ob) return oa - ob;
  // 3. Not ready before ready.
  const [ra, rb] = [isPodReady(pa), isPodReady(pb)];
  if (ra !== rb) return ra ? 1 : -1;
  // 4. Lower pod-deletion-cost first.
  const [ca, cb] = [deletionCost(pa), deletionCost(pb)];
  if (ca !== cb) return ca - cb;
  // 5. More colocated related pods first.
  if (a.colocated !== b.colocated) return b.colocated - a.colocated;
  // 6. Ready more recently first, compared in logarithmic buckets of age.
  if (ra && rb) {
    const order = compareTimes(readyTime(pa), readyTime(pb), nowMs, pa, pb);
    if (order !== 0) return order;
  }
  // 7. More container restarts first.
  const [ka, kb] = [maxRestarts(pa), maxRestarts(pb)];
  if (ka !== kb) return kb - ka;
  // 8. Newer first.
  return compareTimes(Date.parse(pa.metadata.creationTimestamp ?? ""), Date.parse(pb.metadata.creationTimestamp ?? ""), nowMs, pa, pb);
}

/**
 * Newer (or unknown) times first. Ages in the same power-of-two bucket tie
 * and are ordered by uid, which spreads deletions fairly among pods of
 * similar age (upstream's LogarithmicScaleDown).
 */
function compareTimes(ta: number, tb: number, nowMs: number, pa: KubeObject, pb: KubeObject): number {
  if (ta === tb || (Number.isNaN(ta) && Number.isNaN(tb))) return 0;
  if (Number.isNaN(ta) || Number.isNaN(tb)) return Number.isNaN(ta) ? -1 : 1;
  const diff = ageBucket(ta, nowMs) - ageBucket(tb, nowMs);
  if (diff !== 0) return diff;
  const [ua, ub] = [pa.metadata.uid ?? "", pb.metadata.uid ?? ""];
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function ageBucket(time: number, nowMs: number): number {
  const ageNs = (nowMs - time) * 1e6;
  return ageNs > 0 ? Math.floor(Math.log2(ageNs)) : -1;
}

function nodeName(pod: KubeObject): string {
  return (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? "";
}

function phaseOrder(pod: KubeObject): number {
  return PHASE_ORDER[podStatus(pod).phase ?? ""] ?? 0;
}

function deletionCost(pod: KubeObject): number {
  const text = pod.metadata.annotations?.[DELETION_COST];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return 0;
  const value = Number(text);
  return value >= -(2 ** 31) && value < 2 ** 31 ? value : 0;
}

function readyTime(pod: KubeObject): number {
  return Date.parse(podCondition(pod, "Ready")?.lastTransitionTime ?? "");
}

function maxRestarts(pod: KubeObject): number {
  return Math.max(0, ...(podStatus(pod).containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

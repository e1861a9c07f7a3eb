/**
 * DaemonSet status as upstream counts it, node by node: desired where a pod
 * should run, current where one does, misscheduled where one runs but
 * should not; ready, available and updated judged on each node's oldest
 * pod. `kubectl rollout status ds/x` waits for updated and available to
 * reach desired at the observed generation.
 */
import type { KubeObject } from "../../apis/types.js";
import { isPodAvailable, isPodReady } from "../../apis/common/pod-state.js";
import { nodeShouldRunDaemonPod } from "./node-fit.js";
import { compareDaemonPods, podHash, type DaemonSet, type DaemonSetStatus } from "./pods.js";

export interface StatusCounts {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  numberAvailable: number;
  numberUnavailable: number;
  updatedNumberScheduled: number;
}

export function countDaemonStatus(
  ds: DaemonSet,
  options: { nodes: readonly KubeObject[]; podsByNode: ReadonlyMap<string, readonly KubeObject[]>; hash: string; now: number },
): StatusCounts {
  const counts = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, numberAvailable: 0, updatedNumberScheduled: 0 };
  const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
  for (const node of options.nodes) {
    const pods = [...(options.podsByNode.get(node.metadata.name ?? "") ?? [])].sort(compareDaemonPods);
    const { shouldRun } = nodeShouldRunDaemonPod(node, ds.spec?.template?.spec);
    const [pod] = pods;
    if (!shouldRun) {
      if (pod) counts.numberMisscheduled++;
      continue;
    }
    counts.desiredNumberScheduled++;
    if (!pod) continue;
    counts.currentNumberScheduled++;
    if (isPodReady(pod)) {
      counts.numberReady++;
      if (isPodAvailable(pod, { minReadySeconds, now: options.now })) counts.numberAvailable++;
    }
    if (podHash(pod) === options.hash) counts.updatedNumberScheduled++;
  }
  return { ...counts, numberUnavailable: counts.desiredNumberScheduled - counts.numberAvailable };
}

const FIELDS = [
  "desiredNumberScheduled",
  "currentNumberScheduled",
  "numberMisscheduled",
  "numberReady",
  "numberAvailable",
  "numberUnavailable",
  "updatedNumberScheduled",
  "observedGeneration",
  "collisionCount",
] as const;

export function daemonStatusChanged(old: DaemonSetStatus | undefined, next: DaemonSetStatus): boolean {
  return FIELDS.some((field) => old?.[field] !== next[field]);
}

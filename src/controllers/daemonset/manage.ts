/**
 * What each node needs (upstream's podsShouldBeOnNode): a pod where one
 * should run and none does; failed and finished pods replaced; extra pods
 * pruned (without surge, all but the oldest; with surge, at most one old
 * and one new while the new one is not yet available); every pod removed
 * from nodes where none may run, and unbound ones from nodes that are gone.
 */
import type { KubeObject } from "../../apis/types.js";
import type { IntOrString } from "../../apis/common/pod-types.js";
import { isPodAvailable, isPodReady, isPodTerminating, podStatus } from "../../apis/common/pod-state.js";
import { nodeShouldRunDaemonPod } from "./node-fit.js";
import { compareDaemonPods, podHash, type DaemonSet } from "./pods.js";

/** An int or a percentage of `total`, rounded up (upstream's GetScaledValueFromIntOrPercent with roundUp). */
export function scaledValue(value: IntOrString | undefined, total: number): number {
  if (value === undefined) return 0;
  if (typeof value === "number") return value;
  const percent = Number.parseInt(value.replace(/%$/, ""), 10);
  return Number.isNaN(percent) ? 0 : Math.ceil((percent * total) / 100);
}

export function isRollingUpdate(ds: DaemonSet): boolean {
  return (ds.spec?.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate";
}

/** Surge is on when maxSurge is non-zero (a percentage counts against one node, so any percentage is). */
export function allowsSurge(ds: DaemonSet): boolean {
  return isRollingUpdate(ds) && scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxSurge, 1) !== 0;
}

export interface NodesPlan {
  /** Nodes to create a daemon pod on. */
  readonly createOn: string[];
  readonly delete: KubeObject[];
  /** Failed pods among `delete`, for the FailedDaemonPod event. */
  readonly failed: KubeObject[];
}

export interface ManageInput {
  readonly ds: DaemonSet;
  readonly nodes: readonly KubeObject[];
  readonly podsByNode: ReadonlyMap<string, readonly KubeObject[]>;
  readonly hash: string;
  readonly now: number;
  /** Whether a failed pod on this node may be replaced now, or must wait out its back-off. */
  readonly mayReplaceFailed: (nodeName: string) => boolean;
}

export function planNodes(input: ManageInput): NodesPlan {
  const { ds, hash, now } = input;
  const plan = { createOn: [] as string[], delete: [] as KubeObject[], failed: [] as KubeObject[] };
  const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
  const nodeNames = new Set<string>();
  for (const node of input.nodes) {
    const nodeName = node.metadata.name ?? "";
    nodeNames.add(nodeName);
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds.spec?.template?.spec);
    const pods = input.podsByNode.get(nodeName) ?? [];
    if (shouldRun && pods.length === 0) {
      plan.createOn.push(nodeName);
      continue;
    }
    if (!shouldContinueRunning) {
      plan.delete.push(...pods.filter((pod) => !isPodTerminating(pod)));
      continue;
    }
    const running: KubeObject[] = [];
    for (const pod of pods) {
      if (isPodTerminating(pod)) continue;
      const phase = podStatus(pod).phase;
      if (phase === "Failed") {
        if (!input.mayReplaceFailed(nodeName)) continue;
        plan.delete.push(pod);
        plan.failed.push(pod);
      } else if (phase === "Succeeded") {
        plan.delete.push(pod);
      } else {
        running.push(pod);
      }
    }
    running.sort(compareDaemonPods);
    if (!allowsSurge(ds)) {
      // One pod per node: the oldest stays. With none left, the next pass creates one (once the old one is gone).
      plan.delete.push(...running.slice(1));
      continue;
    }
    if (running.length === 0) {
      if (shouldRun) plan.createOn.push(nodeName);
      continue;
    }
    // Surging: keep the oldest new pod and the oldest old pod; the old one goes once the new one is available.
    let newest: KubeObject | undefined;
    let oldest: KubeObject | undefined;
    for (const pod of running) {
      if (podHash(pod) === hash && !newest) newest = pod;
      else if (podHash(pod) !== hash && !oldest) oldest = pod;
      else plan.delete.push(pod);
    }
    if (newest && oldest && (!isPodReady(oldest) || isPodAvailable(newest, { minReadySeconds, now }))) plan.delete.push(oldest);
  }
  // Unbound pods pinned to nodes that no longer exist (bound ones are the pod garbage collector's).
  for (const [nodeName, pods] of input.podsByNode) {
    if (nodeNames.has(nodeName)) continue;
    plan.delete.push(...pods.filter((pod) => !isPodTerminating(pod) && !(pod.spec as { nodeName?: string } | undefined)?.nodeName));
  }
  return plan;
}

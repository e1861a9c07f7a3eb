/**
 * When a pod on a node with NoExecute taints must go (upstream's taint
 * eviction): at once if any of those taints is not tolerated; otherwise
 * after the shortest tolerationSeconds among the tolerations that match,
 * counted from when the pod came under the taints; never if none of them
 * sets tolerationSeconds.
 */
import type { KubeObject } from "../apis/types.js";
import type { PodSpec } from "../apis/common/pod-types.js";
import { findUntoleratedTaint, matchingTolerations, type Taint } from "../apis/common/node-taints.js";

export type EvictionDecision = { readonly type: "keep" } | { readonly type: "evict" } | { readonly type: "wait"; readonly at: number };

export function noExecuteTaints(node: KubeObject): Taint[] {
  return ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t.effect === "NoExecute");
}

/** `since`: when the pod came under the taints, in ms. */
export function evictionDecision(pod: KubeObject, { taints, since, now }: { taints: readonly Taint[]; since: number; now: number }): EvictionDecision {
  if (taints.length === 0) return { type: "keep" };
  const tolerations = (pod.spec as PodSpec | undefined)?.tolerations ?? [];
  if (findUntoleratedTaint(taints, { tolerations })) return { type: "evict" };
  const seconds = matchingTolerations(taints, tolerations)
    .map((t) => t.tolerationSeconds)
    .filter((s): s is number => s !== undefined);
  if (seconds.length === 0) return { type: "keep" };
  const at = since + Math.max(Math.min(...seconds), 0) * 1000;
  return at <= now ? { type: "evict" } : { type: "wait", at };
}

/** When a pod came under the taints, if this process did not see it happen: the later of the oldest taint and the pod's creation. */
export function taintedSince(pod: KubeObject, taints: readonly Taint[]): number {
  const added = taints.map((t) => Date.parse(t.timeAdded ?? "")).filter(Number.isFinite);
  const created = Date.parse(pod.metadata.creationTimestamp ?? "");
  return Math.max(added.length ? Math.min(...added) : 0, Number.isFinite(created) ? created : 0);
}

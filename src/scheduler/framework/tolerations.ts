/** Taints and tolerations for the scheduler; the matching rule itself is shared with the node lifecycle controller. */
import type { Toleration } from "../../apis/common/pod-types.js";
import { toleratesTaint } from "../../apis/common/node-taints.js";
import type { Taint } from "./types.js";

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** Taints that keep pods off: NoSchedule and NoExecute (PreferNoSchedule only lowers the score). */
export function isDoNotScheduleTaint(taint: Taint): boolean {
  return taint.effect === "NoSchedule" || taint.effect === "NoExecute";
}

/** The first taint among those `applies` selects that no toleration tolerates. */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  options: { readonly tolerations: readonly Toleration[] | undefined; readonly applies: (taint: Taint) => boolean },
): Taint | undefined {
  return (taints ?? []).find((taint) => options.applies(taint) && !tolerationsTolerateTaint(options.tolerations, taint));
}

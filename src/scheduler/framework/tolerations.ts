/** Taints and tolerations, with upstream's matching rules (v1helper.TolerationsTolerateTaint). */
import type { Toleration } from "../../apis/common/pod-types.js";
import type { Taint } from "./types.js";

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

/**
 * The orders upstream sorts ReplicaSets in. Creation timestamps have
 * second precision, so ties are broken by name to stay deterministic.
 */
import type { KubeObject } from "../../apis/types.js";
import { revisionOf } from "./annotations.js";
import { rsReplicas } from "./types.js";

type Compare = (a: KubeObject, b: KubeObject) => number;

/** Oldest first. */
export const byCreation: Compare = (a, b) => {
  const [ta, tb] = [a.metadata.creationTimestamp ?? "", b.metadata.creationTimestamp ?? ""];
  if (ta !== tb) return Date.parse(ta) - Date.parse(tb);
  const [na, nb] = [a.metadata.name ?? "", b.metadata.name ?? ""];
  return na < nb ? -1 : na > nb ? 1 : 0;
};

/** Largest first; among equals the newest first (who gets a scale-up first). */
export const bySizeNewer: Compare = (a, b) => rsReplicas(b) - rsReplicas(a) || byCreation(b, a);

/** Largest first; among equals the oldest first (who gets a scale-down first). */
export const bySizeOlder: Compare = (a, b) => rsReplicas(b) - rsReplicas(a) || byCreation(a, b);

/** Lowest revision first (who is cleaned up first). */
export const byRevision: Compare = (a, b) => (revisionOf(a) ?? 0) - (revisionOf(b) ?? 0) || byCreation(a, b);

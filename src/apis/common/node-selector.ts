/**
 * Node selection by labels and fields: spec.nodeSelector and node
 * affinity terms (upstream's component-helpers nodeaffinity). Terms are
 * ORed, the requirements inside a term ANDed; a term with no requirements
 * selects nothing. matchFields knows only metadata.name. Shared by the
 * scheduler and the DaemonSet controller, so both place pods alike.
 */
import type { KubeObject } from "../types.js";
import type { NodeSelectorRequirement, NodeSelectorTerm, PodSpec } from "./pod-types.js";

function requirementMatches(requirement: NodeSelectorRequirement, values: Readonly<Record<string, string>>): boolean {
  const key = requirement.key ?? "";
  const value = Object.hasOwn(values, key) ? values[key] : undefined;
  const wanted = requirement.values ?? [];
  switch (requirement.operator) {
    case "In":
      return value !== undefined && wanted.includes(value);
    case "NotIn":
      return value === undefined || !wanted.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      const [bound] = wanted;
      if (value === undefined || bound === undefined || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(bound)) return false;
      return requirement.operator === "Gt" ? BigInt(value) > BigInt(bound) : BigInt(value) < BigInt(bound);
    }
    default:
      return false;
  }
}

export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: KubeObject): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length + fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  const nodeFields = { "metadata.name": node.metadata.name ?? "" };
  return expressions.every((r) => requirementMatches(r, labels)) && fields.every((r) => requirementMatches(r, nodeFields));
}

/** Whether the node satisfies a pod spec's nodeSelector and its required node affinity. */
export function fitsNodeSelectorAndAffinity(spec: PodSpec, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) if (labels[key] !== value) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((term) => nodeSelectorTermMatches(term, node));
}

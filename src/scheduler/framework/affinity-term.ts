/**
 * Pod (anti-)affinity terms parsed once per pod: which namespaces a term
 * looks in, which pods its selector picks, and over which topology key.
 * Namespace selectors are matched against the one label every namespace
 * carries, `kubernetes.io/metadata.name`; other namespace labels are not
 * known to the scheduler (it watches pods and nodes only).
 */
import type { PodAffinityTerm } from "../../apis/common/pod-types.js";
import { matchesLabels, selectorFromLabelSelector, type LabelSelector, type LabelSelectorObject } from "../../machinery/labels.js";

const NOTHING: LabelSelector = { type: "nothing" };
const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

export interface AffinityTerm {
  readonly topologyKey: string;
  readonly selector: LabelSelector;
  readonly namespaces: ReadonlySet<string>;
  readonly namespaceSelector: LabelSelector;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** The parts of a pod a term is matched against. */
export interface TermTarget {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

function selector(object: LabelSelectorObject | undefined): LabelSelector {
  const parsed = selectorFromLabelSelector(object);
  // Validation refuses bad selectors at create; one that slips through selects nothing.
  return parsed.ok ? parsed.value : NOTHING;
}

/** A term of a pod in `namespace`: no namespaces and no namespace selector means the pod's own namespace. */
export function parseAffinityTerm(term: PodAffinityTerm, namespace: string): AffinityTerm {
  const listed = term.namespaces ?? [];
  const useOwn = listed.length === 0 && term.namespaceSelector === undefined;
  return {
    topologyKey: term.topologyKey ?? "",
    selector: selector(term.labelSelector as LabelSelectorObject | undefined),
    namespaces: new Set(useOwn ? [namespace] : listed),
    namespaceSelector: term.namespaceSelector === undefined ? NOTHING : selector(term.namespaceSelector as LabelSelectorObject),
  };
}

export function termMatches(term: AffinityTerm, target: TermTarget): boolean {
  const inNamespace =
    term.namespaces.has(target.namespace) || matchesLabels(term.namespaceSelector, { [NAMESPACE_NAME_LABEL]: target.namespace });
  return inNamespace && matchesLabels(term.selector, target.labels);
}

/** Whether the target satisfies every term (affinity terms must all match the same pod). */
export function allTermsMatch(terms: readonly AffinityTerm[], target: TermTarget): boolean {
  return terms.length > 0 && terms.every((term) => termMatches(term, target));
}

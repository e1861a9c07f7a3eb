/**
 * Scheduling constraints of a pod spec: tolerations, node and pod
 * (anti-)affinity, and topology spread constraints, with upstream's rules.
 */
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.js";
import { labelValueProblems } from "../../machinery/validation.js";
import { validateLabelSelector, type LabelSelector } from "./label-selector.js";
import type { Affinity, NodeSelectorRequirement, NodeSelectorTerm, PodAffinityRules, PodAffinityTerm, Toleration, TopologySpreadConstraint } from "./pod-types.js";
import { each, validateDNS1123Label, validateDNS1123Subdomain, validateQualifiedName } from "./validation-helpers.js";

const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

export function validateTolerations(tolerations: readonly Toleration[] | undefined, field: string): FieldError[] {
  const errors: FieldError[] = [];
  (tolerations ?? []).forEach((toleration, i) => {
    const at = `${field}[${i}]`;
    const { key = "", operator = "", value = "", effect = "" } = toleration;
    if (key) errors.push(...validateQualifiedName(key, `${at}.key`));
    if (!key && operator !== "Exists") {
      errors.push(invalid(`${at}.operator`, operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (toleration.tolerationSeconds !== undefined && effect !== "NoExecute") {
      errors.push(invalid(`${at}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === "Equal" || operator === "") {
      const problems = labelValueProblems(value);
      if (problems.length > 0) errors.push(invalid(`${at}.operator`, value, problems.join(";")));
    } else if (operator === "Exists") {
      if (value) errors.push(invalid(`${at}.operator`, value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errors.push(notSupported(`${at}.operator`, operator, ["Equal", "Exists"]));
    }
    if (effect && !TAINT_EFFECTS.includes(effect)) errors.push(notSupported(`${at}.effect`, effect, TAINT_EFFECTS));
  });
  return errors;
}

function validateNodeSelectorRequirement(requirement: NodeSelectorRequirement, field: string): FieldError[] {
  const errors: FieldError[] = [];
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) errors.push(required(`${field}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) errors.push(forbidden(`${field}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1) errors.push(required(`${field}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errors.push(invalid(`${field}.operator`, requirement.operator ?? "", "not a valid selector operator"));
  }
  errors.push(...validateQualifiedName(requirement.key ?? "", `${field}.key`));
  values.forEach((value, i) => errors.push(...each(labelValueProblems(value), `${field}.values[${i}]`, value)));
  return errors;
}

/** Node fields can only be selected by metadata.name, with exactly one value. */
function validateNodeFieldRequirement(requirement: NodeSelectorRequirement, field: string): FieldError[] {
  const errors: FieldError[] = [];
  if (requirement.operator === "In" || requirement.operator === "NotIn") {
    if (requirement.values?.length !== 1) {
      errors.push(required(`${field}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    }
  } else {
    errors.push(invalid(`${field}.operator`, requirement.operator ?? "", "not a valid selector operator"));
  }
  if (requirement.key !== "metadata.name") errors.push(invalid(`${field}.key`, requirement.key ?? "", "not a valid field selector key"));
  else (requirement.values ?? []).forEach((value, i) => errors.push(...validateDNS1123Subdomain(value, `${field}.values[${i}]`)));
  return errors;
}

function validateNodeSelectorTerm(term: NodeSelectorTerm | undefined, field: string): FieldError[] {
  return [
    ...(term?.matchExpressions ?? []).flatMap((requirement, i) => validateNodeSelectorRequirement(requirement, `${field}.matchExpressions[${i}]`)),
    ...(term?.matchFields ?? []).flatMap((requirement, i) => validateNodeFieldRequirement(requirement, `${field}.matchFields[${i}]`)),
  ];
}

function validateWeight(weight: number | undefined, field: string): FieldError[] {
  return weight === undefined || weight <= 0 || weight > 100 ? [invalid(field, weight ?? 0, "must be in the range 1-100")] : [];
}

function validateMatchLabelKeys(term: PodAffinityTerm, field: string): FieldError[] {
  const errors: FieldError[] = [];
  const match = term.matchLabelKeys ?? [];
  const mismatch = term.mismatchLabelKeys ?? [];
  if ((match.length > 0 || mismatch.length > 0) && !term.labelSelector) {
    if (match.length > 0) errors.push(forbidden(`${field}.matchLabelKeys`, "must not be specified when labelSelector is not set"));
    if (mismatch.length > 0) errors.push(forbidden(`${field}.mismatchLabelKeys`, "must not be specified when labelSelector is not set"));
  }
  match.forEach((key, i) => {
    errors.push(...validateQualifiedName(key, `${field}.matchLabelKeys[${i}]`));
    if (mismatch.includes(key)) errors.push(invalid(`${field}.matchLabelKeys[${i}]`, key, "exists in both matchLabelKeys and mismatchLabelKeys"));
  });
  mismatch.forEach((key, i) => errors.push(...validateQualifiedName(key, `${field}.mismatchLabelKeys[${i}]`)));
  return errors;
}

function validatePodAffinityTerm(term: PodAffinityTerm | undefined, field: string): FieldError[] {
  if (!term) return [];
  const errors = [
    ...validateLabelSelector(term.labelSelector, `${field}.labelSelector`),
    ...validateLabelSelector(term.namespaceSelector, `${field}.namespaceSelector`),
  ];
  for (const namespace of term.namespaces ?? []) errors.push(...validateDNS1123Label(namespace, `${field}.namespace`));
  errors.push(...validateMatchLabelKeys(term, field));
  if (!term.topologyKey) errors.push(required(`${field}.topologyKey`, "can not be empty"));
  errors.push(...validateQualifiedName(term.topologyKey ?? "", `${field}.topologyKey`));
  return errors;
}

function validatePodAffinityRules(rules: PodAffinityRules | undefined, field: string): FieldError[] {
  if (!rules) return [];
  const requiredPath = `${field}.requiredDuringSchedulingIgnoredDuringExecution`;
  const preferredPath = `${field}.preferredDuringSchedulingIgnoredDuringExecution`;
  return [
    ...(rules.requiredDuringSchedulingIgnoredDuringExecution ?? []).flatMap((term, i) => validatePodAffinityTerm(term, `${requiredPath}[${i}]`)),
    ...(rules.preferredDuringSchedulingIgnoredDuringExecution ?? []).flatMap((weighted, i) => [
      ...validateWeight(weighted.weight, `${preferredPath}[${i}].weight`),
      ...validatePodAffinityTerm(weighted.podAffinityTerm, `${preferredPath}[${i}].podAffinityTerm`),
    ]),
  ];
}

export function validateAffinity(affinity: Affinity | undefined, field: string): FieldError[] {
  if (!affinity) return [];
  const errors: FieldError[] = [];
  const nodeAffinity = affinity.nodeAffinity;
  const nodeRequired = nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (nodeRequired) {
    const termsPath = `${field}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    const terms = nodeRequired.nodeSelectorTerms ?? [];
    if (terms.length === 0) errors.push(required(termsPath, "must have at least one node selector term"));
    terms.forEach((term, i) => errors.push(...validateNodeSelectorTerm(term, `${termsPath}[${i}]`)));
  }
  (nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((preference, i) => {
    const at = `${field}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    errors.push(...validateWeight(preference.weight, `${at}.weight`), ...validateNodeSelectorTerm(preference.preference, `${at}.preference`));
  });
  errors.push(...validatePodAffinityRules(affinity.podAffinity, `${field}.podAffinity`));
  errors.push(...validatePodAffinityRules(affinity.podAntiAffinity, `${field}.podAntiAffinity`));
  return errors;
}

function selectorKeys(selector: LabelSelector): Set<string> {
  return new Set([...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((expression) => expression.key ?? "")]);
}

function validateSpreadMatchLabelKeys(constraint: TopologySpreadConstraint, field: string): FieldError[] {
  const keys = constraint.matchLabelKeys ?? [];
  if (keys.length === 0) return [];
  const errors = constraint.labelSelector ? [] : [forbidden(field, "must not be specified when labelSelector is not set")];
  const existing = constraint.labelSelector ? selectorKeys(constraint.labelSelector) : new Set<string>();
  keys.forEach((key, i) => {
    errors.push(...validateQualifiedName(key, `${field}[${i}]`));
    if (existing.has(key)) errors.push(invalid(`${field}[${i}]`, key, "exists in both matchLabelKeys and labelSelector"));
  });
  return errors;
}

export function validateTopologySpreadConstraints(constraints: readonly TopologySpreadConstraint[] | undefined, field: string): FieldError[] {
  const errors: FieldError[] = [];
  const list = constraints ?? [];
  list.forEach((constraint, i) => {
    const at = `${field}[${i}]`;
    const action = constraint.whenUnsatisfiable ?? "";
    if ((constraint.maxSkew ?? 0) <= 0) errors.push(invalid(`${at}.maxSkew`, constraint.maxSkew ?? 0, "must be greater than zero"));
    if (!constraint.topologyKey) errors.push(required(`${at}.topologyKey`, "can not be empty"));
    if (action !== "DoNotSchedule" && action !== "ScheduleAnyway") {
      errors.push(notSupported(`${at}.whenUnsatisfiable`, action, ["DoNotSchedule", "ScheduleAnyway"]));
    }
    if (list.slice(i + 1).some((other) => other.topologyKey === constraint.topologyKey && other.whenUnsatisfiable === action)) {
      errors.push(duplicate(`${at}.{topologyKey, whenUnsatisfiable}`, `{${constraint.topologyKey ?? ""}, ${action}}`));
    }
    const minDomains = constraint.minDomains;
    if (minDomains !== undefined) {
      if (minDomains <= 0) errors.push(invalid(`${at}.minDomains`, minDomains, "must be greater than zero"));
      if (action !== "DoNotSchedule") {
        errors.push(invalid(`${at}.minDomains`, minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
      }
    }
    for (const policy of ["nodeAffinityPolicy", "nodeTaintsPolicy"] as const) {
      const value = constraint[policy];
      if (value !== undefined && value !== "Honor" && value !== "Ignore") errors.push(notSupported(`${at}.${policy}`, value, ["Honor", "Ignore"]));
    }
    errors.push(...validateSpreadMatchLabelKeys(constraint, `${at}.matchLabelKeys`));
    errors.push(...validateLabelSelector(constraint.labelSelector, `${at}.labelSelector`));
  });
  return errors;
}

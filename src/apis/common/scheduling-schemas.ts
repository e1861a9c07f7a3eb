/**
 * Scheduling constraints: node and pod affinity, tolerations and topology spread.
 */
import { labelSelectorSchema } from "./meta.js";
import { string, enumString, int32, int64, object, describe, list } from "./schema-builders.js";

const nodeSelectorRequirementSchema = object({
  key: string("Label or field key."),
  operator: enumString(["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"], "In, NotIn, Exists, DoesNotExist, Gt or Lt."),
  values: list({ type: "string" }, "Values for In and NotIn; one integer for Gt and Lt.", { type: "atomic" }),
}, ["key", "operator"]);

const nodeSelectorTermSchema = object({
  matchExpressions: list(nodeSelectorRequirementSchema, "Requirements on node labels, ANDed.", { type: "atomic" }),
  matchFields: list(nodeSelectorRequirementSchema, "Requirements on node fields, ANDed.", { type: "atomic" }),
}, [], { "x-kubernetes-map-type": "atomic" });

const nodeSelectorSchema = object({
  nodeSelectorTerms: list(nodeSelectorTermSchema, "Terms, ORed together.", { type: "atomic" }),
}, ["nodeSelectorTerms"], { "x-kubernetes-map-type": "atomic" });

const preferredSchedulingTermSchema = object({
  weight: int32("Weight 1-100 added to a node's score when the preference matches."),
  preference: describe(nodeSelectorTermSchema, "The node selector term."),
}, ["weight", "preference"]);

const nodeAffinitySchema = object({
  requiredDuringSchedulingIgnoredDuringExecution: describe(nodeSelectorSchema, "Node requirements that must hold at scheduling time."),
  preferredDuringSchedulingIgnoredDuringExecution: list(preferredSchedulingTermSchema, "Weighted node preferences.", { type: "atomic" }),
});

const podAffinityTermSchema = object({
  labelSelector: describe(labelSelectorSchema, "Pods the term refers to."),
  namespaces: list({ type: "string" }, "Namespaces to look for those pods in; default the pod's own.", { type: "atomic" }),
  topologyKey: string("Node label whose equal values form one topology domain."),
  namespaceSelector: describe(labelSelectorSchema, "Namespaces to look in, by label; {} means all."),
  matchLabelKeys: list({ type: "string" }, "Label keys whose values from this pod are added to labelSelector.", { type: "atomic" }),
  mismatchLabelKeys: list({ type: "string" }, "Label keys whose values from this pod are excluded through labelSelector.", { type: "atomic" }),
}, ["topologyKey"]);

const weightedPodAffinityTermSchema = object({
  weight: int32("Weight 1-100 added to a node's score when the term matches."),
  podAffinityTerm: describe(podAffinityTermSchema, "The pod affinity term."),
}, ["weight", "podAffinityTerm"]);

const podAffinitySchema = object({
  requiredDuringSchedulingIgnoredDuringExecution: list(podAffinityTermSchema, "Terms that must all hold at scheduling time.", { type: "atomic" }),
  preferredDuringSchedulingIgnoredDuringExecution: list(weightedPodAffinityTermSchema, "Weighted terms.", { type: "atomic" }),
});

const podAntiAffinitySchema = object({
  requiredDuringSchedulingIgnoredDuringExecution: list(podAffinityTermSchema, "Terms that must all hold at scheduling time.", { type: "atomic" }),
  preferredDuringSchedulingIgnoredDuringExecution: list(weightedPodAffinityTermSchema, "Weighted terms.", { type: "atomic" }),
});

export const affinitySchema = object({
  nodeAffinity: describe(nodeAffinitySchema, "Rules on node labels."),
  podAffinity: describe(podAffinitySchema, "Rules to co-locate with other pods."),
  podAntiAffinity: describe(podAntiAffinitySchema, "Rules to keep away from other pods."),
});

export const tolerationSchema = object({
  key: string("Taint key to tolerate; empty with Exists tolerates every taint."),
  operator: enumString(["Equal", "Exists"], "Equal (default) or Exists."),
  value: string("Taint value to match, with Equal."),
  effect: enumString(["NoExecute", "NoSchedule", "PreferNoSchedule"], "Taint effect to match: NoSchedule, PreferNoSchedule or NoExecute; empty matches all."),
  tolerationSeconds: int64("How long a NoExecute taint is tolerated before eviction."),
});

export const topologySpreadConstraintSchema = object({
  maxSkew: int32("Largest allowed difference in matching pods between domains."),
  topologyKey: string("Node label whose equal values form one domain."),
  whenUnsatisfiable: enumString(["DoNotSchedule", "ScheduleAnyway"], "DoNotSchedule or ScheduleAnyway."),
  labelSelector: describe(labelSelectorSchema, "Pods counted in each domain."),
  minDomains: int32("Minimum number of eligible domains, with DoNotSchedule."),
  nodeAffinityPolicy: enumString(["Honor", "Ignore"], "Honor (default) or Ignore the pod's node affinity when counting."),
  nodeTaintsPolicy: enumString(["Honor", "Ignore"], "Honor or Ignore (default) node taints when counting."),
  matchLabelKeys: list({ type: "string" }, "Label keys whose values from this pod narrow labelSelector.", { type: "atomic" }),
}, ["maxSkew", "topologyKey", "whenUnsatisfiable"]);

/**
 * policy/v1 PodDisruptionBudget.
 * Field numbers and types: k8s.io/api policy/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const policyMessages = {
  // What `kubectl drain` posts to pods/<name>/eviction; policy/v1beta1's message is the same.
  "policy.v1.Eviction": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "deleteOptions", type: "meta.v1.DeleteOptions" },
  },
  "policy.v1.PodDisruptionBudget": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "policy.v1.PodDisruptionBudgetSpec" },
    3: { name: "status", type: "policy.v1.PodDisruptionBudgetStatus" },
  },
  "policy.v1.PodDisruptionBudgetSpec": {
    1: { name: "minAvailable", type: "intOrString" },
    2: { name: "selector", type: "meta.v1.LabelSelector" },
    3: { name: "maxUnavailable", type: "intOrString" },
    4: { name: "unhealthyPodEvictionPolicy", type: "string" },
  },
  "policy.v1.PodDisruptionBudgetStatus": {
    1: { name: "observedGeneration", type: "int64", omitEmpty: true },
    2: { name: "disruptedPods", type: "time", list: "map" },
    3: { name: "disruptionsAllowed", type: "int32" },
    4: { name: "currentHealthy", type: "int32" },
    5: { name: "desiredHealthy", type: "int32" },
    6: { name: "expectedPods", type: "int32" },
    7: { name: "conditions", type: "meta.v1.Condition", list: "repeated" },
  },
} satisfies MessageTable;

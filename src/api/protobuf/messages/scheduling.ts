/**
 * scheduling.k8s.io/v1 PriorityClass.
 * Field numbers and types: k8s.io/api scheduling/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const schedulingMessages = {
  "scheduling.v1.PriorityClass": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "value", type: "int32" },
    3: { name: "globalDefault", type: "bool", omitEmpty: true },
    4: { name: "description", type: "string", omitEmpty: true },
    5: { name: "preemptionPolicy", type: "string" },
  },
} satisfies MessageTable;

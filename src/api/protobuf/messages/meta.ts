/**
 * meta/v1 messages every object uses: ObjectMeta and its parts, label selectors, conditions.
 * Field numbers and types: k8s.io/apimachinery pkg/apis/meta/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const metaMessages = {
  "meta.v1.Condition": {
    1: { name: "type", type: "string" },
    2: { name: "status", type: "string" },
    3: { name: "observedGeneration", type: "int64", omitEmpty: true },
    4: { name: "lastTransitionTime", type: "time" },
    5: { name: "reason", type: "string" },
    6: { name: "message", type: "string" },
  },
  // An Eviction's deleteOptions; every field but dryRun is a Go pointer, so zeros are kept (grace 0 means now).
  "meta.v1.DeleteOptions": {
    1: { name: "gracePeriodSeconds", type: "int64" },
    2: { name: "preconditions", type: "meta.v1.Preconditions" },
    3: { name: "orphanDependents", type: "bool" },
    4: { name: "propagationPolicy", type: "string" },
    5: { name: "dryRun", type: "string", list: "repeated" },
    6: { name: "ignoreStoreReadErrorWithClusterBreakingPotential", type: "bool" },
  },
  "meta.v1.Preconditions": {
    1: { name: "uid", type: "string" },
    2: { name: "resourceVersion", type: "string" },
  },
  "meta.v1.LabelSelector": {
    1: { name: "matchLabels", type: "string", list: "map" },
    2: { name: "matchExpressions", type: "meta.v1.LabelSelectorRequirement", list: "repeated" },
  },
  "meta.v1.LabelSelectorRequirement": {
    1: { name: "key", type: "string" },
    2: { name: "operator", type: "string" },
    3: { name: "values", type: "string", list: "repeated" },
  },
  "meta.v1.ManagedFieldsEntry": {
    1: { name: "manager", type: "string", omitEmpty: true },
    2: { name: "operation", type: "string", omitEmpty: true },
    3: { name: "apiVersion", type: "string", omitEmpty: true },
    4: { name: "time", type: "time" },
    6: { name: "fieldsType", type: "string", omitEmpty: true },
    7: { name: "fieldsV1", type: "json" },
    8: { name: "subresource", type: "string", omitEmpty: true },
  },
  "meta.v1.ObjectMeta": {
    1: { name: "name", type: "string", omitEmpty: true },
    2: { name: "generateName", type: "string", omitEmpty: true },
    3: { name: "namespace", type: "string", omitEmpty: true },
    4: { name: "selfLink", type: "string", omitEmpty: true },
    5: { name: "uid", type: "string", omitEmpty: true },
    6: { name: "resourceVersion", type: "string", omitEmpty: true },
    7: { name: "generation", type: "int64", omitEmpty: true },
    8: { name: "creationTimestamp", type: "time" },
    9: { name: "deletionTimestamp", type: "time" },
    10: { name: "deletionGracePeriodSeconds", type: "int64" },
    11: { name: "labels", type: "string", list: "map" },
    12: { name: "annotations", type: "string", list: "map" },
    13: { name: "ownerReferences", type: "meta.v1.OwnerReference", list: "repeated" },
    14: { name: "finalizers", type: "string", list: "repeated" },
    17: { name: "managedFields", type: "meta.v1.ManagedFieldsEntry", list: "repeated" },
  },
  "meta.v1.OwnerReference": {
    1: { name: "kind", type: "string" },
    3: { name: "name", type: "string" },
    4: { name: "uid", type: "string" },
    5: { name: "apiVersion", type: "string" },
    6: { name: "controller", type: "bool" },
    7: { name: "blockOwnerDeletion", type: "bool" },
  },
} satisfies MessageTable;

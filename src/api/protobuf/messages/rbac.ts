/**
 * rbac.authorization.k8s.io/v1 Role, ClusterRole and their bindings.
 * Field numbers and types: k8s.io/api rbac/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const rbacMessages = {
  "rbac.v1.AggregationRule": {
    1: { name: "clusterRoleSelectors", type: "meta.v1.LabelSelector", list: "repeated" },
  },
  "rbac.v1.ClusterRole": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "rules", type: "rbac.v1.PolicyRule", list: "repeated" },
    3: { name: "aggregationRule", type: "rbac.v1.AggregationRule" },
  },
  "rbac.v1.ClusterRoleBinding": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "subjects", type: "rbac.v1.Subject", list: "repeated" },
    3: { name: "roleRef", type: "rbac.v1.RoleRef" },
  },
  "rbac.v1.PolicyRule": {
    1: { name: "verbs", type: "string", list: "repeated" },
    2: { name: "apiGroups", type: "string", list: "repeated" },
    3: { name: "resources", type: "string", list: "repeated" },
    4: { name: "resourceNames", type: "string", list: "repeated" },
    5: { name: "nonResourceURLs", type: "string", list: "repeated" },
  },
  "rbac.v1.Role": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "rules", type: "rbac.v1.PolicyRule", list: "repeated" },
  },
  "rbac.v1.RoleBinding": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "subjects", type: "rbac.v1.Subject", list: "repeated" },
    3: { name: "roleRef", type: "rbac.v1.RoleRef" },
  },
  "rbac.v1.RoleRef": {
    1: { name: "apiGroup", type: "string" },
    2: { name: "kind", type: "string" },
    3: { name: "name", type: "string" },
  },
  "rbac.v1.Subject": {
    1: { name: "kind", type: "string" },
    2: { name: "apiGroup", type: "string", omitEmpty: true },
    3: { name: "name", type: "string" },
    4: { name: "namespace", type: "string", omitEmpty: true },
  },
} satisfies MessageTable;

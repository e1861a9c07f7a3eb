/**
 * core/v1 kinds outside the pod template: Namespace, ConfigMap, Secret, ServiceAccount, Service, ResourceQuota.
 * Field numbers and types: k8s.io/api core/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const coreMessages = {
  "core.v1.ClientIPConfig": {
    1: { name: "timeoutSeconds", type: "int32" },
  },
  "core.v1.ConfigMap": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "data", type: "string", list: "map" },
    3: { name: "binaryData", type: "bytes", list: "map" },
    4: { name: "immutable", type: "bool" },
  },
  "core.v1.LoadBalancerIngress": {
    1: { name: "ip", type: "string", omitEmpty: true },
    2: { name: "hostname", type: "string", omitEmpty: true },
    3: { name: "ipMode", type: "string" },
    4: { name: "ports", type: "core.v1.PortStatus", list: "repeated" },
  },
  "core.v1.LoadBalancerStatus": {
    1: { name: "ingress", type: "core.v1.LoadBalancerIngress", list: "repeated" },
  },
  "core.v1.LocalObjectReference": {
    1: { name: "name", type: "string", omitEmpty: true },
  },
  "core.v1.Namespace": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "core.v1.NamespaceSpec" },
    3: { name: "status", type: "core.v1.NamespaceStatus" },
  },
  "core.v1.NamespaceCondition": {
    1: { name: "type", type: "string" },
    2: { name: "status", type: "string" },
    4: { name: "lastTransitionTime", type: "time" },
    5: { name: "reason", type: "string", omitEmpty: true },
    6: { name: "message", type: "string", omitEmpty: true },
  },
  "core.v1.NamespaceSpec": {
    1: { name: "finalizers", type: "string", list: "repeated" },
  },
  "core.v1.NamespaceStatus": {
    1: { name: "phase", type: "string", omitEmpty: true },
    2: { name: "conditions", type: "core.v1.NamespaceCondition", list: "repeated" },
  },
  "core.v1.ObjectReference": {
    1: { name: "kind", type: "string", omitEmpty: true },
    2: { name: "namespace", type: "string", omitEmpty: true },
    3: { name: "name", type: "string", omitEmpty: true },
    4: { name: "uid", type: "string", omitEmpty: true },
    5: { name: "apiVersion", type: "string", omitEmpty: true },
    6: { name: "resourceVersion", type: "string", omitEmpty: true },
    7: { name: "fieldPath", type: "string", omitEmpty: true },
  },
  "core.v1.PortStatus": {
    1: { name: "port", type: "int32" },
    2: { name: "protocol", type: "string" },
    3: { name: "error", type: "string" },
  },
  "core.v1.ResourceQuota": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "core.v1.ResourceQuotaSpec" },
    3: { name: "status", type: "core.v1.ResourceQuotaStatus" },
  },
  "core.v1.ResourceQuotaSpec": {
    1: { name: "hard", type: "quantity", list: "map" },
    2: { name: "scopes", type: "string", list: "repeated" },
    3: { name: "scopeSelector", type: "core.v1.ScopeSelector" },
  },
  "core.v1.ResourceQuotaStatus": {
    1: { name: "hard", type: "quantity", list: "map" },
    2: { name: "used", type: "quantity", list: "map" },
  },
  "core.v1.ScopeSelector": {
    1: { name: "matchExpressions", type: "core.v1.ScopedResourceSelectorRequirement", list: "repeated" },
  },
  "core.v1.ScopedResourceSelectorRequirement": {
    1: { name: "scopeName", type: "string" },
    2: { name: "operator", type: "string" },
    3: { name: "values", type: "string", list: "repeated" },
  },
  "core.v1.Secret": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "data", type: "bytes", list: "map" },
    3: { name: "type", type: "string", omitEmpty: true },
    4: { name: "stringData", type: "string", list: "map" },
    5: { name: "immutable", type: "bool" },
  },
  "core.v1.Service": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "core.v1.ServiceSpec" },
    3: { name: "status", type: "core.v1.ServiceStatus" },
  },
  "core.v1.ServiceAccount": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "secrets", type: "core.v1.ObjectReference", list: "repeated" },
    3: { name: "imagePullSecrets", type: "core.v1.LocalObjectReference", list: "repeated" },
    4: { name: "automountServiceAccountToken", type: "bool" },
  },
  "core.v1.ServicePort": {
    1: { name: "name", type: "string", omitEmpty: true },
    2: { name: "protocol", type: "string", omitEmpty: true },
    3: { name: "port", type: "int32" },
    4: { name: "targetPort", type: "intOrString" },
    5: { name: "nodePort", type: "int32", omitEmpty: true },
    6: { name: "appProtocol", type: "string" },
  },
  "core.v1.ServiceSpec": {
    1: { name: "ports", type: "core.v1.ServicePort", list: "repeated" },
    2: { name: "selector", type: "string", list: "map" },
    3: { name: "clusterIP", type: "string", omitEmpty: true },
    4: { name: "type", type: "string", omitEmpty: true },
    5: { name: "externalIPs", type: "string", list: "repeated" },
    7: { name: "sessionAffinity", type: "string", omitEmpty: true },
    8: { name: "loadBalancerIP", type: "string", omitEmpty: true },
    9: { name: "loadBalancerSourceRanges", type: "string", list: "repeated" },
    10: { name: "externalName", type: "string", omitEmpty: true },
    11: { name: "externalTrafficPolicy", type: "string", omitEmpty: true },
    12: { name: "healthCheckNodePort", type: "int32", omitEmpty: true },
    13: { name: "publishNotReadyAddresses", type: "bool", omitEmpty: true },
    14: { name: "sessionAffinityConfig", type: "core.v1.SessionAffinityConfig" },
    17: { name: "ipFamilyPolicy", type: "string" },
    18: { name: "clusterIPs", type: "string", list: "repeated" },
    19: { name: "ipFamilies", type: "string", list: "repeated" },
    20: { name: "allocateLoadBalancerNodePorts", type: "bool" },
    21: { name: "loadBalancerClass", type: "string" },
    22: { name: "internalTrafficPolicy", type: "string" },
    23: { name: "trafficDistribution", type: "string" },
  },
  "core.v1.ServiceStatus": {
    1: { name: "loadBalancer", type: "core.v1.LoadBalancerStatus" },
    2: { name: "conditions", type: "meta.v1.Condition", list: "repeated" },
  },
  "core.v1.SessionAffinityConfig": {
    1: { name: "clientIP", type: "core.v1.ClientIPConfig" },
  },
} satisfies MessageTable;

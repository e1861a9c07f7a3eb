/**
 * networking.k8s.io/v1 Ingress.
 * Field numbers and types: k8s.io/api networking/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const networkingMessages = {
  "networking.v1.HTTPIngressPath": {
    1: { name: "path", type: "string", omitEmpty: true },
    2: { name: "backend", type: "networking.v1.IngressBackend" },
    3: { name: "pathType", type: "string" },
  },
  "networking.v1.HTTPIngressRuleValue": {
    1: { name: "paths", type: "networking.v1.HTTPIngressPath", list: "repeated" },
  },
  "networking.v1.Ingress": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "networking.v1.IngressSpec" },
    3: { name: "status", type: "networking.v1.IngressStatus" },
  },
  "networking.v1.IngressBackend": {
    3: { name: "resource", type: "core.v1.TypedLocalObjectReference" },
    4: { name: "service", type: "networking.v1.IngressServiceBackend" },
  },
  "networking.v1.IngressLoadBalancerIngress": {
    1: { name: "ip", type: "string", omitEmpty: true },
    2: { name: "hostname", type: "string", omitEmpty: true },
    4: { name: "ports", type: "networking.v1.IngressPortStatus", list: "repeated" },
  },
  "networking.v1.IngressLoadBalancerStatus": {
    1: { name: "ingress", type: "networking.v1.IngressLoadBalancerIngress", list: "repeated" },
  },
  "networking.v1.IngressPortStatus": {
    1: { name: "port", type: "int32" },
    2: { name: "protocol", type: "string" },
    3: { name: "error", type: "string" },
  },
  "networking.v1.IngressRule": {
    1: { name: "host", type: "string", omitEmpty: true },
    2: { name: "ingressRuleValue", type: "networking.v1.IngressRuleValue", inline: true },
  },
  "networking.v1.IngressRuleValue": {
    1: { name: "http", type: "networking.v1.HTTPIngressRuleValue" },
  },
  "networking.v1.IngressServiceBackend": {
    1: { name: "name", type: "string" },
    2: { name: "port", type: "networking.v1.ServiceBackendPort" },
  },
  "networking.v1.IngressSpec": {
    1: { name: "defaultBackend", type: "networking.v1.IngressBackend" },
    2: { name: "tls", type: "networking.v1.IngressTLS", list: "repeated" },
    3: { name: "rules", type: "networking.v1.IngressRule", list: "repeated" },
    4: { name: "ingressClassName", type: "string" },
  },
  "networking.v1.IngressStatus": {
    1: { name: "loadBalancer", type: "networking.v1.IngressLoadBalancerStatus" },
  },
  "networking.v1.IngressTLS": {
    1: { name: "hosts", type: "string", list: "repeated" },
    2: { name: "secretName", type: "string", omitEmpty: true },
  },
  "networking.v1.ServiceBackendPort": {
    1: { name: "name", type: "string", omitEmpty: true },
    2: { name: "number", type: "int32", omitEmpty: true },
  },
} satisfies MessageTable;

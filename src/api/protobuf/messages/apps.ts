/**
 * apps/v1 Deployment.
 * Field numbers and types: k8s.io/api apps/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const appsMessages = {
  "apps.v1.Deployment": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "apps.v1.DeploymentSpec" },
    3: { name: "status", type: "apps.v1.DeploymentStatus" },
  },
  "apps.v1.DeploymentCondition": {
    1: { name: "type", type: "string" },
    2: { name: "status", type: "string" },
    4: { name: "reason", type: "string", omitEmpty: true },
    5: { name: "message", type: "string", omitEmpty: true },
    6: { name: "lastUpdateTime", type: "time" },
    7: { name: "lastTransitionTime", type: "time" },
  },
  "apps.v1.DeploymentSpec": {
    1: { name: "replicas", type: "int32" },
    2: { name: "selector", type: "meta.v1.LabelSelector" },
    3: { name: "template", type: "core.v1.PodTemplateSpec" },
    4: { name: "strategy", type: "apps.v1.DeploymentStrategy" },
    5: { name: "minReadySeconds", type: "int32", omitEmpty: true },
    6: { name: "revisionHistoryLimit", type: "int32" },
    7: { name: "paused", type: "bool", omitEmpty: true },
    9: { name: "progressDeadlineSeconds", type: "int32" },
  },
  "apps.v1.DeploymentStatus": {
    1: { name: "observedGeneration", type: "int64", omitEmpty: true },
    2: { name: "replicas", type: "int32", omitEmpty: true },
    3: { name: "updatedReplicas", type: "int32", omitEmpty: true },
    4: { name: "availableReplicas", type: "int32", omitEmpty: true },
    5: { name: "unavailableReplicas", type: "int32", omitEmpty: true },
    6: { name: "conditions", type: "apps.v1.DeploymentCondition", list: "repeated" },
    7: { name: "readyReplicas", type: "int32", omitEmpty: true },
    8: { name: "collisionCount", type: "int32" },
    9: { name: "terminatingReplicas", type: "int32" },
  },
  "apps.v1.DeploymentStrategy": {
    1: { name: "type", type: "string", omitEmpty: true },
    2: { name: "rollingUpdate", type: "apps.v1.RollingUpdateDeployment" },
  },
  "apps.v1.RollingUpdateDeployment": {
    1: { name: "maxUnavailable", type: "intOrString" },
    2: { name: "maxSurge", type: "intOrString" },
  },
} satisfies MessageTable;

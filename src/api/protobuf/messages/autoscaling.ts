/**
 * autoscaling/v2 and v1 HorizontalPodAutoscaler, the bodies of `kubectl autoscale`: 1.33 tries v2
 * and falls back to v1, older releases send v1. Only what requests carry is listed: a status in a
 * request is ignored anyway, so its messages are left out.
 * Field numbers and types: k8s.io/api autoscaling/v1 and v2 generated.proto; JSON names and
 * `omitEmpty`: their types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const autoscalingMessages = {
  "autoscaling.v1.CrossVersionObjectReference": {
    1: { name: "kind", type: "string" },
    2: { name: "name", type: "string" },
    3: { name: "apiVersion", type: "string", omitEmpty: true },
  },
  "autoscaling.v1.HorizontalPodAutoscaler": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "autoscaling.v1.HorizontalPodAutoscalerSpec" },
    3: { name: "status", type: "autoscaling.v1.HorizontalPodAutoscalerStatus" },
  },
  "autoscaling.v1.HorizontalPodAutoscalerSpec": {
    1: { name: "scaleTargetRef", type: "autoscaling.v1.CrossVersionObjectReference" },
    2: { name: "minReplicas", type: "int32" },
    3: { name: "maxReplicas", type: "int32" },
    4: { name: "targetCPUUtilizationPercentage", type: "int32" },
  },
  "autoscaling.v1.HorizontalPodAutoscalerStatus": {
    1: { name: "observedGeneration", type: "int64" },
    2: { name: "lastScaleTime", type: "time" },
    3: { name: "currentReplicas", type: "int32" },
    4: { name: "desiredReplicas", type: "int32" },
    5: { name: "currentCPUUtilizationPercentage", type: "int32" },
  },
  "autoscaling.v2.ContainerResourceMetricSource": {
    1: { name: "name", type: "string" },
    2: { name: "target", type: "autoscaling.v2.MetricTarget" },
    3: { name: "container", type: "string" },
  },
  "autoscaling.v2.CrossVersionObjectReference": {
    1: { name: "kind", type: "string" },
    2: { name: "name", type: "string" },
    3: { name: "apiVersion", type: "string", omitEmpty: true },
  },
  "autoscaling.v2.ExternalMetricSource": {
    1: { name: "metric", type: "autoscaling.v2.MetricIdentifier" },
    2: { name: "target", type: "autoscaling.v2.MetricTarget" },
  },
  "autoscaling.v2.HPAScalingPolicy": {
    1: { name: "type", type: "string" },
    2: { name: "value", type: "int32" },
    3: { name: "periodSeconds", type: "int32" },
  },
  "autoscaling.v2.HPAScalingRules": {
    1: { name: "selectPolicy", type: "string" },
    2: { name: "policies", type: "autoscaling.v2.HPAScalingPolicy", list: "repeated" },
    3: { name: "stabilizationWindowSeconds", type: "int32" },
    4: { name: "tolerance", type: "quantity" },
  },
  "autoscaling.v2.HorizontalPodAutoscaler": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "autoscaling.v2.HorizontalPodAutoscalerSpec" },
  },
  "autoscaling.v2.HorizontalPodAutoscalerBehavior": {
    1: { name: "scaleUp", type: "autoscaling.v2.HPAScalingRules" },
    2: { name: "scaleDown", type: "autoscaling.v2.HPAScalingRules" },
  },
  "autoscaling.v2.HorizontalPodAutoscalerSpec": {
    1: { name: "scaleTargetRef", type: "autoscaling.v2.CrossVersionObjectReference" },
    2: { name: "minReplicas", type: "int32" },
    3: { name: "maxReplicas", type: "int32" },
    4: { name: "metrics", type: "autoscaling.v2.MetricSpec", list: "repeated" },
    5: { name: "behavior", type: "autoscaling.v2.HorizontalPodAutoscalerBehavior" },
  },
  "autoscaling.v2.MetricIdentifier": {
    1: { name: "name", type: "string" },
    2: { name: "selector", type: "meta.v1.LabelSelector" },
  },
  "autoscaling.v2.MetricSpec": {
    1: { name: "type", type: "string" },
    2: { name: "object", type: "autoscaling.v2.ObjectMetricSource" },
    3: { name: "pods", type: "autoscaling.v2.PodsMetricSource" },
    4: { name: "resource", type: "autoscaling.v2.ResourceMetricSource" },
    5: { name: "external", type: "autoscaling.v2.ExternalMetricSource" },
    7: { name: "containerResource", type: "autoscaling.v2.ContainerResourceMetricSource" },
  },
  "autoscaling.v2.MetricTarget": {
    1: { name: "type", type: "string" },
    2: { name: "value", type: "quantity" },
    3: { name: "averageValue", type: "quantity" },
    4: { name: "averageUtilization", type: "int32" },
  },
  "autoscaling.v2.ObjectMetricSource": {
    1: { name: "describedObject", type: "autoscaling.v2.CrossVersionObjectReference" },
    2: { name: "target", type: "autoscaling.v2.MetricTarget" },
    3: { name: "metric", type: "autoscaling.v2.MetricIdentifier" },
  },
  "autoscaling.v2.PodsMetricSource": {
    1: { name: "metric", type: "autoscaling.v2.MetricIdentifier" },
    2: { name: "target", type: "autoscaling.v2.MetricTarget" },
  },
  "autoscaling.v2.ResourceMetricSource": {
    1: { name: "name", type: "string" },
    2: { name: "target", type: "autoscaling.v2.MetricTarget" },
  },
} satisfies MessageTable;

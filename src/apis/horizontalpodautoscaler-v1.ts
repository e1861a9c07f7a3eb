/**
 * HorizontalPodAutoscaler autoscaling/v1, served from the autoscaling/v2
 * objects: a v1 autoscaler can only target average CPU utilization
 * (targetCPUUtilizationPercentage), which is v2's Resource cpu Utilization
 * metric. `kubectl autoscale` before 1.34 writes this version.
 */
import { objectSchema } from "./common/meta.js";
import { specOf, statusOf } from "./common/object-fields.js";
import { dateTime, describe, int32, int64, object } from "./common/schema-builders.js";
import {
  crossVersionObjectReferenceSchema,
  cpuUtilizationMetric,
  horizontalPodAutoscalerKind,
  type HorizontalPodAutoscalerSpec,
  type HorizontalPodAutoscalerStatus,
  type MetricSpec,
} from "./horizontalpodautoscaler.js";
import type { KindDefinition, KubeObject } from "./types.js";
import { apiVersionOf, convertedColumns, type VersionView } from "./version-view.js";

interface V1Spec {
  scaleTargetRef?: HorizontalPodAutoscalerSpec["scaleTargetRef"];
  minReplicas?: number;
  maxReplicas?: number;
  targetCPUUtilizationPercentage?: number;
}

interface V1Status {
  observedGeneration?: number;
  lastScaleTime?: string;
  currentReplicas?: number;
  desiredReplicas?: number;
  currentCPUUtilizationPercentage?: number;
}

const schema = objectSchema("Configuration of an autoscaler that keeps average CPU utilization at a target.", {
  spec: describe(
    object(
      {
        maxReplicas: int32("Upper limit of replicas; cannot be less than minReplicas."),
        minReplicas: int32("Lower limit of replicas; defaults to 1."),
        scaleTargetRef: describe(crossVersionObjectReferenceSchema, "The object whose scale subresource is driven."),
        targetCPUUtilizationPercentage: int32("Target average CPU utilization over the pods, as a percentage of the requests."),
      },
      ["scaleTargetRef", "maxReplicas"],
    ),
    "The desired behaviour of the autoscaler.",
  ),
  status: describe(
    object(
      {
        currentCPUUtilizationPercentage: int32("Current average CPU utilization, as a percentage of the requests."),
        currentReplicas: int32("Replicas seen at the last scale."),
        desiredReplicas: int32("Replicas the autoscaler last asked for."),
        lastScaleTime: dateTime("When the autoscaler last changed the replica count."),
        observedGeneration: int64("The generation this status was computed from."),
      },
      ["currentReplicas", "desiredReplicas"],
    ),
    "The current state of the autoscaler.",
  ),
});

function isCpuUtilization(metric: MetricSpec): boolean {
  return metric.type === "Resource" && metric.resource?.name === "cpu" && metric.resource.target?.type === "Utilization";
}

function definedFields<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** v1 → v2. Metrics v1 cannot express are kept from the stored object. */
export function hpaV1ToV2(object: KubeObject, stored: KubeObject | undefined): KubeObject {
  const spec = specOf<V1Spec>(object);
  const status = statusOf<V1Status>(object);
  const kept = stored ? (specOf<HorizontalPodAutoscalerSpec>(stored).metrics ?? []).filter((metric) => !isCpuUtilization(metric)) : [];
  const target = spec.targetCPUUtilizationPercentage;
  const metrics = [...(target === undefined ? [] : [cpuUtilizationMetric(target)]), ...kept];
  const storedSpec = stored ? specOf<HorizontalPodAutoscalerSpec>(stored) : {};
  const storedStatus = stored ? statusOf<HorizontalPodAutoscalerStatus>(stored) : {};
  const current = status.currentCPUUtilizationPercentage;
  const { spec: _spec, status: _status, ...rest } = object;
  return {
    ...rest,
    apiVersion: apiVersionOf(horizontalPodAutoscalerKind),
    kind: horizontalPodAutoscalerKind.kind,
    spec: definedFields({ ...definedFields({ scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas }), metrics: metrics.length ? metrics : undefined, behavior: storedSpec.behavior }),
    ...(object.status === undefined
      ? {}
      : {
          status: definedFields({
            ...storedStatus,
            observedGeneration: status.observedGeneration,
            lastScaleTime: status.lastScaleTime,
            currentReplicas: status.currentReplicas,
            desiredReplicas: status.desiredReplicas ?? 0,
            currentMetrics: current === undefined ? storedStatus.currentMetrics : [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: current } } }],
          }),
        }),
  };
}

/** v2 → v1: the CPU utilization target and its observed value. */
export function hpaV2ToV1(object: KubeObject): KubeObject {
  const spec = specOf<HorizontalPodAutoscalerSpec>(object);
  const status = statusOf<HorizontalPodAutoscalerStatus>(object);
  const cpu = (spec.metrics ?? []).find(isCpuUtilization);
  const currentCpu = (status.currentMetrics ?? []).find((metric) => metric.type === "Resource" && metric.resource?.name === "cpu")?.resource?.current?.averageUtilization;
  const { spec: _spec, status: _status, ...rest } = object;
  return {
    ...rest,
    apiVersion: "autoscaling/v1",
    kind: horizontalPodAutoscalerKind.kind,
    spec: definedFields({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      targetCPUUtilizationPercentage: cpu?.resource?.target?.averageUtilization,
    }),
    status: definedFields({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentCPUUtilizationPercentage: currentCpu,
    }),
  };
}

const kindV1 = {
  ...horizontalPodAutoscalerKind,
  version: "v1",
  schema,
  // The stored kind's strategy runs on the converted object.
  strategy: {},
  columns: convertedColumns(horizontalPodAutoscalerKind, hpaV1ToV2),
} satisfies KindDefinition;

export const horizontalPodAutoscalerV1View: VersionView = {
  kind: kindV1,
  storage: horizontalPodAutoscalerKind,
  toStorage: hpaV1ToV2,
  fromStorage: hpaV2ToV1,
};

import { test } from "node:test";
import assert from "node:assert/strict";
import { horizontalPodAutoscalerKind } from "./horizontalpodautoscaler.js";
import { horizontalPodAutoscalerV1View, hpaV1ToV2, hpaV2ToV1 } from "./horizontalpodautoscaler-v1.js";
import { create, object, row } from "./common/_core-test-kit.js";

const target = { apiVersion: "apps/v1", kind: "Deployment", name: "web" };
const hpa = (spec: Record<string, unknown>, status?: Record<string, unknown>) =>
  object(horizontalPodAutoscalerKind, { spec: { scaleTargetRef: target, ...spec }, ...(status ? { status } : {}) }, "web");
const memoryMetric = { type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "200Mi" } } };

test("HorizontalPodAutoscaler defaults minReplicas to 1 and the metric to 80% CPU", () => {
  const created = create(horizontalPodAutoscalerKind, hpa({ maxReplicas: 5 })).object;
  assert.deepEqual(created.spec, {
    scaleTargetRef: target,
    maxReplicas: 5,
    minReplicas: 1,
    metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
  });
  assert.deepEqual(created.status, { currentReplicas: 0, desiredReplicas: 0 });
});

test("HorizontalPodAutoscaler fills a given behavior with upstream's scaling rules", () => {
  const created = create(horizontalPodAutoscalerKind, hpa({ maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } })).object;
  assert.deepEqual((created.spec as { behavior: unknown }).behavior, {
    scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: "Max",
      policies: [
        { type: "Pods", value: 4, periodSeconds: 15 },
        { type: "Percent", value: 100, periodSeconds: 15 },
      ],
    },
  });
});

test("HorizontalPodAutoscaler validation checks replicas, target and metrics", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", { minReplicas: 2, maxReplicas: 5 }, []],
    ["max below min", { minReplicas: 3, maxReplicas: 2 }, ["spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`"]],
    ["no max", { maxReplicas: 0 }, ["spec.maxReplicas: Invalid value: 0: must be greater than 0"]],
    ["min zero", { minReplicas: 0, maxReplicas: 2 }, ["spec.minReplicas: Invalid value: 0: must be greater than or equal to 1"]],
    ["bad target name", { maxReplicas: 2, scaleTargetRef: { kind: "Deployment", name: "a/b" } }, ["spec.scaleTargetRef.name: Invalid value: \"a/b\": may not contain '/'"]],
    ["unknown metric type", { maxReplicas: 2, metrics: [{ type: "Magic" }] }, ['spec.metrics[0].type: Unsupported value: "Magic": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"']],
    [
      "utilization without a value",
      { maxReplicas: 2, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization" } } }] },
      ["spec.metrics[0].resource.target.averageUtilization: Required value: must set averageUtilization when type is Utilization"],
    ],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(create(horizontalPodAutoscalerKind, hpa(spec)).errors, want, name);
});

test("HorizontalPodAutoscaler row prints the reference, targets without metrics, and replica limits", () => {
  const created = create(horizontalPodAutoscalerKind, hpa({ minReplicas: 2, maxReplicas: 5 })).object;
  assert.deepEqual(row(horizontalPodAutoscalerKind, created), ["web", "Deployment/web", "cpu: <unknown>/80%", "2", 5, 0, "5m"]);
  const observed = hpa(
    { maxReplicas: 5, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }, memoryMetric, memoryMetric] },
    { currentReplicas: 3, currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 42 } } }] },
  );
  assert.deepEqual(row(horizontalPodAutoscalerKind, observed).slice(2, 6), ["cpu: 42%/50%, memory: <unknown>/200Mi + 1 more...", "<unset>", 5, 3]);
});

test("autoscaling/v1 converts its CPU target to and from the v2 metric", () => {
  const v1 = { ...hpa({ minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 }), apiVersion: "autoscaling/v1" };
  const v2 = hpaV1ToV2(v1, undefined);
  assert.equal(v2.apiVersion, "autoscaling/v2");
  assert.deepEqual((v2.spec as { metrics: unknown }).metrics, [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }]);
  const back = hpaV2ToV1({ ...v2, status: { currentReplicas: 2, desiredReplicas: 2, currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 33 } } }] } });
  assert.deepEqual(back.spec, { scaleTargetRef: target, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 });
  assert.deepEqual(back.status, { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 33 });
});

test("an autoscaling/v1 update keeps the metrics only v2 can express", () => {
  const stored = hpa({ maxReplicas: 5, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }, memoryMetric] });
  const v1 = hpaV2ToV1(stored);
  (v1.spec as { targetCPUUtilizationPercentage: number }).targetCPUUtilizationPercentage = 60;
  const metrics = (hpaV1ToV2(v1, stored).spec as { metrics: unknown[] }).metrics;
  assert.deepEqual(metrics, [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } }, memoryMetric]);
});

test("autoscaling/v1 prints the same columns as v2", () => {
  const v1 = hpaV2ToV1(create(horizontalPodAutoscalerKind, hpa({ minReplicas: 2, maxReplicas: 5 })).object);
  assert.deepEqual(row(horizontalPodAutoscalerV1View.kind, v1), ["web", "Deployment/web", "cpu: <unknown>/80%", "2", 5, 0, "5m"]);
});

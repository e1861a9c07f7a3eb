/**
 * HorizontalPodAutoscaler (autoscaling/v2, the storage version): keeps the
 * replicas of a scalable object between minReplicas and maxReplicas from
 * observed metrics. mini runs no metrics pipeline, so no controller acts on
 * it; what `kubectl get hpa` shows without metrics (`cpu: <unknown>/80%`) is
 * what upstream shows then. autoscaling/v1 is served from the same objects
 * (./horizontalpodautoscaler-v1.ts).
 */
import { invalid, notSupported, required, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { conditionsField } from "./common/core-schemas.js";
import { labelSelectorSchema, objectSchema } from "./common/meta.js";
import { ensureSpec, specOf, statusOf } from "./common/object-fields.js";
import { dateTime, describe, int32, int64, list, object, quantity, string } from "./common/schema-builders.js";
import type { KindDefinition, KubeObject, Schema } from "./types.js";
import { cloneJson } from "../machinery/clone.js";

export interface MetricTarget {
  type?: string;
  value?: string | number;
  averageValue?: string | number;
  averageUtilization?: number;
}

export interface MetricSpec {
  type?: string;
  resource?: { name?: string; target?: MetricTarget };
  containerResource?: { name?: string; container?: string; target?: MetricTarget };
  pods?: { metric?: { name?: string }; target?: MetricTarget };
  object?: { metric?: { name?: string }; target?: MetricTarget; describedObject?: { kind?: string; name?: string } };
  external?: { metric?: { name?: string }; target?: MetricTarget };
}

export interface MetricStatus {
  type?: string;
  resource?: { name?: string; current?: { averageUtilization?: number; averageValue?: string } };
  [source: string]: unknown;
}

interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: string;
  policies?: { type?: string; value?: number; periodSeconds?: number }[];
}

export interface HorizontalPodAutoscalerSpec {
  scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
  minReplicas?: number;
  maxReplicas?: number;
  metrics?: MetricSpec[];
  behavior?: { scaleUp?: ScalingRules; scaleDown?: ScalingRules };
}

export interface HorizontalPodAutoscalerStatus {
  observedGeneration?: number;
  lastScaleTime?: string;
  currentReplicas?: number;
  desiredReplicas?: number;
  currentMetrics?: MetricStatus[];
  conditions?: unknown[];
}

/** What an HPA without metrics targets, as upstream's defaulting says. */
export const DEFAULT_CPU_UTILIZATION = 80;
const METRIC_TYPES = ["ContainerResource", "External", "Object", "Pods", "Resource"];
const TARGET_TYPES = ["AverageValue", "Utilization", "Value"];
const SELECT_POLICIES = ["Disabled", "Max", "Min"];
const POLICY_TYPES = ["Percent", "Pods"];

export const crossVersionObjectReferenceSchema = object(
  {
    apiVersion: string("API version of the referent."),
    kind: string("Kind of the referent, e.g. Deployment."),
    name: string("Name of the referent."),
  },
  ["kind", "name"],
);

const metricIdentifier = object({ name: string("Name of the metric."), selector: describe(labelSelectorSchema, "Label selector narrowing the metric.") }, ["name"]);

const metricTarget = object(
  {
    averageUtilization: int32("Target average of the resource across pods, as a percentage of the requests."),
    averageValue: quantity("Target average of the metric across pods."),
    type: string("Utilization, Value or AverageValue."),
    value: quantity("Target value of the metric."),
  },
  ["type"],
);

const metricValueStatus = object({
  averageUtilization: int32("Current average utilization, as a percentage of the requests."),
  averageValue: quantity("Current average value across pods."),
  value: quantity("Current value."),
});

const metricSource = (fields: Record<string, Schema>, requiredFields: readonly string[]) => object(fields, requiredFields);

const metricSpec = object(
  {
    containerResource: describe(
      metricSource({ container: string("Container whose usage counts."), name: string("Resource name."), target: metricTarget }, ["name", "target", "container"]),
      "A resource of one container in each pod.",
    ),
    external: describe(metricSource({ metric: metricIdentifier, target: metricTarget }, ["metric", "target"]), "A metric not tied to any cluster object."),
    object: describe(
      metricSource({ describedObject: crossVersionObjectReferenceSchema, metric: metricIdentifier, target: metricTarget }, ["describedObject", "target", "metric"]),
      "A metric describing one object.",
    ),
    pods: describe(metricSource({ metric: metricIdentifier, target: metricTarget }, ["metric", "target"]), "A metric averaged over the pods."),
    resource: describe(metricSource({ name: string("Resource name, e.g. cpu."), target: metricTarget }, ["name", "target"]), "A resource of the pods, e.g. cpu."),
    type: string("The metric source: ContainerResource, External, Object, Pods or Resource."),
  },
  ["type"],
);

const metricStatus = object(
  {
    containerResource: object({ container: string("Container."), current: metricValueStatus, name: string("Resource name.") }),
    external: object({ current: metricValueStatus, metric: metricIdentifier }),
    object: object({ current: metricValueStatus, describedObject: crossVersionObjectReferenceSchema, metric: metricIdentifier }),
    pods: object({ current: metricValueStatus, metric: metricIdentifier }),
    resource: object({ current: metricValueStatus, name: string("Resource name.") }),
    type: string("The metric source type."),
  },
  ["type"],
);

const scalingRules = object({
  policies: list(
    object(
      {
        periodSeconds: int32("Window, in seconds, over which the policy holds."),
        type: string("Pods or Percent."),
        value: int32("Change allowed within the window."),
      },
      ["type", "value", "periodSeconds"],
    ),
    "Policies that may be used when scaling.",
    { type: "atomic" },
  ),
  selectPolicy: string("Which policy wins: Max, Min or Disabled."),
  stabilizationWindowSeconds: int32("Seconds of past recommendations considered when scaling."),
  tolerance: quantity("Ratio between current and desired metric values under which nothing changes (beta)."),
});

const spec = object(
  {
    behavior: describe(object({ scaleDown: scalingRules, scaleUp: scalingRules }), "How fast to scale up and down."),
    maxReplicas: int32("Upper limit of replicas; cannot be less than minReplicas."),
    metrics: list(metricSpec, "The metrics whose target values decide the replica count.", { type: "atomic" }),
    minReplicas: int32("Lower limit of replicas; defaults to 1."),
    scaleTargetRef: describe(crossVersionObjectReferenceSchema, "The object whose scale subresource is driven."),
  },
  ["scaleTargetRef", "maxReplicas"],
);

const status = object(
  {
    conditions: conditionsField("AbleToScale, ScalingActive and ScalingLimited."),
    currentMetrics: list(metricStatus, "The last observed values of the metrics.", { type: "atomic" }),
    currentReplicas: int32("Replicas seen at the last scale."),
    desiredReplicas: int32("Replicas the autoscaler last asked for."),
    lastScaleTime: dateTime("When the autoscaler last changed the replica count."),
    observedGeneration: int64("The generation this status was computed from."),
  },
  ["desiredReplicas"],
);

const schema = objectSchema("Configuration of an autoscaler that manages the replicas of a scalable object from metrics.", {
  spec: describe(spec, "The desired behaviour of the autoscaler."),
  status: describe(status, "The current state of the autoscaler."),
});

const DEFAULT_SCALE_UP: Required<ScalingRules> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
};
const DEFAULT_SCALE_DOWN: Required<ScalingRules> = {
  stabilizationWindowSeconds: 300,
  selectPolicy: "Max",
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};

/** Upstream fills only the rules a given behavior leaves out. */
function defaultRules(rules: ScalingRules | undefined, defaults: Required<ScalingRules>): ScalingRules {
  return {
    stabilizationWindowSeconds: rules?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: rules?.selectPolicy ?? defaults.selectPolicy,
    policies: rules?.policies?.length ? rules.policies : cloneJson(defaults.policies),
  };
}

export function cpuUtilizationMetric(percent: number): MetricSpec {
  return { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: percent } } };
}

function setDefaults(object: KubeObject): void {
  const hpa = ensureSpec<HorizontalPodAutoscalerSpec>(object);
  hpa.minReplicas ??= 1;
  if (!hpa.metrics?.length) hpa.metrics = [cpuUtilizationMetric(DEFAULT_CPU_UTILIZATION)];
  if (hpa.behavior) {
    hpa.behavior.scaleUp = defaultRules(hpa.behavior.scaleUp, DEFAULT_SCALE_UP);
    hpa.behavior.scaleDown = defaultRules(hpa.behavior.scaleDown, DEFAULT_SCALE_DOWN);
  }
}

function validateTarget(target: MetricTarget | undefined, path: string): FieldError[] {
  if (!target) return [required(path)];
  const errors: FieldError[] = [];
  if (!target.type) errors.push(required(`${path}.type`));
  else if (!TARGET_TYPES.includes(target.type)) errors.push(notSupported(`${path}.type`, target.type, TARGET_TYPES));
  if (target.averageUtilization !== undefined && target.averageUtilization < 1) errors.push(invalid(`${path}.averageUtilization`, target.averageUtilization, "must be greater than 0"));
  if (target.type === "Utilization" && target.averageUtilization === undefined) errors.push(required(`${path}.averageUtilization`, "must set averageUtilization when type is Utilization"));
  if (target.type === "Value" && target.value === undefined) errors.push(required(`${path}.value`, "must set value when type is Value"));
  if (target.type === "AverageValue" && target.averageValue === undefined) errors.push(required(`${path}.averageValue`, "must set averageValue when type is AverageValue"));
  return errors;
}

function validateMetric(metric: MetricSpec, path: string): FieldError[] {
  if (!metric.type) return [required(`${path}.type`, "must specify a metric source type")];
  if (!METRIC_TYPES.includes(metric.type)) return [notSupported(`${path}.type`, metric.type, METRIC_TYPES)];
  const sourceField = metric.type.charAt(0).toLowerCase() + metric.type.slice(1);
  const source = (metric as Record<string, { name?: string; metric?: { name?: string }; target?: MetricTarget } | undefined>)[sourceField];
  if (!source) return [required(`${path}.${sourceField}`, `must populate information for the given metric source`)];
  const sourcePath = `${path}.${sourceField}`;
  const named = metric.type === "Resource" || metric.type === "ContainerResource" ? source.name : source.metric?.name;
  const namePath = metric.type === "Resource" || metric.type === "ContainerResource" ? `${sourcePath}.name` : `${sourcePath}.metric.name`;
  return [...(named ? [] : [required(namePath, "must specify a metric name")]), ...validateTarget(source.target, `${sourcePath}.target`)];
}

function validateRules(rules: ScalingRules | undefined, path: string): FieldError[] {
  if (!rules) return [];
  const errors: FieldError[] = [];
  const window = rules.stabilizationWindowSeconds;
  if (window !== undefined && (window < 0 || window > 3600)) errors.push(invalid(`${path}.stabilizationWindowSeconds`, window, "must be less than or equal to 3600 and greater than or equal to 0"));
  if (rules.selectPolicy !== undefined && !SELECT_POLICIES.includes(rules.selectPolicy)) errors.push(notSupported(`${path}.selectPolicy`, rules.selectPolicy, SELECT_POLICIES));
  (rules.policies ?? []).forEach((policy, index) => {
    const at = `${path}.policies[${index}]`;
    if (!policy.type || !POLICY_TYPES.includes(policy.type)) errors.push(notSupported(`${at}.type`, policy.type ?? "", POLICY_TYPES));
    if ((policy.value ?? 0) <= 0) errors.push(invalid(`${at}.value`, policy.value ?? 0, "must be greater than zero"));
    const period = policy.periodSeconds ?? 0;
    if (period <= 0 || period > 1800) errors.push(invalid(`${at}.periodSeconds`, period, period <= 0 ? "must be greater than zero" : "must be less than or equal to 1800"));
  });
  return errors;
}

/** Upstream's IsValidPathSegmentName: the name ends up in a URL path. */
function validatePathSegmentName(name: string, field: string): FieldError[] {
  if (name === "." || name === "..") return [invalid(field, name, `may not be '${name}'`)];
  for (const character of ["/", "%"]) {
    if (name.includes(character)) return [invalid(field, name, `may not contain '${character}'`)];
  }
  return [];
}

function validateSpec(hpa: HorizontalPodAutoscalerSpec): FieldError[] {
  const errors: FieldError[] = [];
  const ref = hpa.scaleTargetRef ?? {};
  if (!ref.kind) errors.push(required("spec.scaleTargetRef.kind"));
  if (!ref.name) errors.push(required("spec.scaleTargetRef.name"));
  else errors.push(...validatePathSegmentName(ref.name, "spec.scaleTargetRef.name"));
  const min = hpa.minReplicas ?? 1;
  const max = hpa.maxReplicas ?? 0;
  if (min < 1) errors.push(invalid("spec.minReplicas", min, "must be greater than or equal to 1"));
  if (max < 1) errors.push(invalid("spec.maxReplicas", max, "must be greater than 0"));
  else if (max < min) errors.push(invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`"));
  (hpa.metrics ?? []).forEach((metric, index) => errors.push(...validateMetric(metric, `spec.metrics[${index}]`)));
  errors.push(...validateRules(hpa.behavior?.scaleUp, "spec.behavior.scaleUp"), ...validateRules(hpa.behavior?.scaleDown, "spec.behavior.scaleDown"));
  return errors;
}

function targetValue(target: MetricTarget | undefined): string {
  return String(target?.averageValue ?? target?.value ?? "");
}

/** One metric in the TARGETS cell, `current/target`, as upstream's printer writes it. */
function metricCell(metric: MetricSpec, status: MetricStatus | undefined): string {
  const current = (field: string) => (status?.[field] as { current?: { averageUtilization?: number; averageValue?: unknown; value?: unknown } } | undefined)?.current;
  switch (metric.type) {
    case "Resource":
    case "ContainerResource": {
      const field = metric.type === "Resource" ? "resource" : "containerResource";
      const source = metric.type === "Resource" ? metric.resource : metric.containerResource;
      const target = source?.target;
      if (target?.averageValue !== undefined) return `${source?.name ?? ""}: ${String(current(field)?.averageValue ?? "<unknown>")}/${targetValue(target)}`;
      const utilization = current(field)?.averageUtilization;
      const wanted = target?.averageUtilization === undefined ? "<auto>" : `${target.averageUtilization}%`;
      return `${source?.name ?? ""}: ${utilization === undefined ? "<unknown>" : `${utilization}%`}/${wanted}`;
    }
    case "Pods":
      return `${String(current("pods")?.averageValue ?? "<unknown>")}/${targetValue(metric.pods?.target)}`;
    case "Object":
    case "External": {
      const field = metric.type === "Object" ? "object" : "external";
      const target = metric.type === "Object" ? metric.object?.target : metric.external?.target;
      if (target?.averageValue !== undefined) return `${String(current(field)?.averageValue ?? "<unknown>")}/${targetValue(target)} (avg)`;
      return `${String(current(field)?.value ?? "<unknown>")}/${targetValue(target)}`;
    }
    default:
      return "<unknown type>";
  }
}

/** Upstream prints at most two metrics and counts the rest. */
const SHOWN_METRICS = 2;

export function targetsCell(object: KubeObject): string {
  const metrics = specOf<HorizontalPodAutoscalerSpec>(object).metrics ?? [];
  if (metrics.length === 0) return "<none>";
  const statuses = statusOf<HorizontalPodAutoscalerStatus>(object).currentMetrics ?? [];
  const shown = metrics.slice(0, SHOWN_METRICS).map((metric, index) => metricCell(metric, statuses[index]));
  const more = metrics.length - SHOWN_METRICS;
  return more > 0 ? `${shown.join(", ")} + ${more} more...` : shown.join(", ");
}

export const horizontalPodAutoscalerKind = {
  group: "autoscaling",
  version: "v2",
  kind: "HorizontalPodAutoscaler",
  listKind: "HorizontalPodAutoscalerList",
  plural: "horizontalpodautoscalers",
  singular: "horizontalpodautoscaler",
  shortNames: ["hpa"],
  categories: ["all"],
  namespaced: true,
  schema,
  tracksGeneration: true,
  subresources: { status: true },
  strategy: {
    defaults: setDefaults,
    // Upstream starts every autoscaler with an empty status (desiredReplicas 0).
    prepareForCreate: (object) => {
      object.status = { currentReplicas: 0, desiredReplicas: 0 };
    },
    validate: (object) => validateSpec(specOf<HorizontalPodAutoscalerSpec>(object)),
  },
  columns: [
    nameColumn,
    {
      name: "Reference",
      type: "string",
      description: "The object being scaled.",
      priority: 0,
      cell: (object) => {
        const ref = specOf<HorizontalPodAutoscalerSpec>(object).scaleTargetRef ?? {};
        return `${ref.kind ?? ""}/${ref.name ?? ""}`;
      },
    },
    { name: "Targets", type: "string", description: "Current and target value of each metric.", priority: 0, cell: targetsCell },
    {
      name: "MinPods",
      type: "string",
      description: "Lower limit of replicas.",
      priority: 0,
      cell: (object) => {
        const min = specOf<HorizontalPodAutoscalerSpec>(object).minReplicas;
        return min === undefined ? "<unset>" : String(min);
      },
    },
    { name: "MaxPods", type: "integer", description: "Upper limit of replicas.", priority: 0, cell: (object) => specOf<HorizontalPodAutoscalerSpec>(object).maxReplicas ?? 0 },
    { name: "Replicas", type: "integer", description: "Current number of replicas.", priority: 0, cell: (object) => statusOf<HorizontalPodAutoscalerStatus>(object).currentReplicas ?? 0 },
    ageColumn,
  ],
} satisfies KindDefinition;

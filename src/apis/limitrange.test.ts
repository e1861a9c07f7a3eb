import { test } from "node:test";
import assert from "node:assert/strict";
import { applyLimitRangeDefaults, limitRangeKind, type LimitRange } from "./limitrange.js";
import { create, object, row } from "./common/_core-test-kit.js";

const limitRange = (limits: unknown[]) => object(limitRangeKind, { spec: { limits } }, "bounds");

test("LimitRange container defaults fall back to max, then default, then min", () => {
  const { object: created } = create(limitRangeKind, limitRange([
    { type: "Container", max: { cpu: "2", memory: "1Gi" }, min: { "ephemeral-storage": "1Mi" }, default: { memory: "512Mi" } },
    { type: "Pod", max: { cpu: "4" } },
  ]));
  assert.deepEqual((created as LimitRange).spec?.limits, [
    {
      type: "Container",
      max: { cpu: "2", memory: "1Gi" },
      min: { "ephemeral-storage": "1Mi" },
      default: { memory: "512Mi", cpu: "2" },
      defaultRequest: { memory: "512Mi", cpu: "2", "ephemeral-storage": "1Mi" },
    },
    { type: "Pod", max: { cpu: "4" } },
  ]);
});

test("LimitRange validation", () => {
  const cases: [string, unknown[], string[]][] = [
    ["valid", [{ type: "Container", min: { cpu: "100m" }, defaultRequest: { cpu: "200m" }, default: { cpu: "500m" }, max: { cpu: "1" } }], []],
    ["unknown type", [{ type: "Volume", max: { cpu: "1" } }], ['spec.limits[0].type: Invalid value: "Volume": must be a standard limit type or fully qualified']],
    ["duplicate type", [{ type: "Pod" }, { type: "Pod" }], ['spec.limits[1].type: Duplicate value: "Pod"']],
    ["pod defaults", [{ type: "Pod", default: { cpu: "1" } }], ["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]],
    ["bad resource", [{ type: "Pod", max: { gpus: "1" } }], ['spec.limits[0].max[gpus]: Invalid value: "gpus": must be a standard resource for containers']],
    ["min over max", [{ type: "Pod", min: { cpu: "2" }, max: { cpu: "1" } }], ['spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1']],
    ["request over default", [{ type: "Container", default: { memory: "1Gi" }, defaultRequest: { memory: "2Gi" } }], [
      'spec.limits[0].defaultRequest[memory]: Invalid value: "2Gi": default request value 2Gi is greater than default limit value 1Gi',
    ]],
    ["default over max", [{ type: "Container", max: { cpu: "1" }, default: { cpu: "2" } }], [
      'spec.limits[0].defaultRequest[cpu]: Invalid value: "2": default request value 2 is greater than max value 1',
      'spec.limits[0].default[cpu]: Invalid value: "1": default value 2 is greater than max value 1',
    ]],
    ["ratio below 1", [{ type: "Container", maxLimitRequestRatio: { cpu: "500m" } }], ['spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is less than 1']],
    ["ratio above max/min", [{ type: "Pod", min: { cpu: "1" }, max: { cpu: "2" }, maxLimitRequestRatio: { cpu: "3" } }], [
      'spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "3": ratio 3 is greater than max/min = 2.000000',
    ]],
    ["extended resource overcommitted", [{ type: "Container", default: { "example.com/gpu": "2" }, defaultRequest: { "example.com/gpu": "1" } }], [
      'spec.limits[0].defaultRequest[example.com/gpu]: Invalid value: "1": default value 2 must equal to defaultRequest value 1 in example.com/gpu',
    ]],
    ["claim without storage bounds", [{ type: "PersistentVolumeClaim" }], [
      "spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided",
    ]],
  ];
  for (const [name, limits, want] of cases) assert.deepEqual(create(limitRangeKind, limitRange(limits)).errors, want, name);
});

test("LimitRange prints its creation time", () => {
  const range = limitRange([]);
  assert.deepEqual(row(limitRangeKind, range), ["bounds", range.metadata.creationTimestamp]);
  assert.deepEqual(limitRangeKind.columns.map((c) => `${c.name}/${c.type}`), ["Name/string", "Created At/date"]);
});

test("applyLimitRangeDefaults fills what containers leave out and annotates the pod", () => {
  const range = create(limitRangeKind, limitRange([{ type: "Container", default: { cpu: "500m", memory: "256Mi" }, defaultRequest: { cpu: "100m" } }])).object as LimitRange;
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web" },
    spec: {
      containers: [{ name: "app", resources: { limits: { memory: "1Gi" } } }, { name: "full", resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } }],
      initContainers: [{ name: "setup" }],
    },
  };
  applyLimitRangeDefaults(pod, [range]);
  assert.deepEqual(pod.spec.containers.map((c) => c.resources), [
    { limits: { memory: "1Gi", cpu: "500m" }, requests: { cpu: "100m", memory: "256Mi" } },
    { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } },
  ]);
  assert.deepEqual((pod.spec.initContainers[0] as { resources?: unknown }).resources, { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m", memory: "256Mi" } });
  assert.deepEqual(pod.metadata, {
    name: "web",
    annotations: {
      "kubernetes.io/limit-ranger":
        "LimitRanger plugin set: cpu, memory request for container app; cpu limit for container app; cpu, memory request for init container setup; cpu, memory limit for init container setup",
    },
  });
  const untouched = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c" }] } };
  assert.deepEqual(applyLimitRangeDefaults(untouched, []).metadata, { name: "p" });
});

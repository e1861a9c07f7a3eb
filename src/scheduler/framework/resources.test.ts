import { test } from "node:test";
import assert from "node:assert/strict";
import type { PodSpec } from "../../apis/common/pod-types.js";
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, podRequests, resourcesFromList } from "./resources.js";

const c = (requests: Record<string, string>, restartPolicy?: string) => ({ name: "c", resources: { requests }, ...(restartPolicy ? { restartPolicy } : {}) });

test("podRequests follows upstream's PodRequests", () => {
  const cases: [string, PodSpec, { milliCPU: number; memory: number }][] = [
    ["containers add up", { containers: [c({ cpu: "250m", memory: "64Mi" }), c({ cpu: "0.5" })] }, { milliCPU: 750, memory: 64 * 2 ** 20 }],
    ["init containers count at their peak", { initContainers: [c({ cpu: "2" }), c({ cpu: "1", memory: "3G" })], containers: [c({ cpu: "2", memory: "1G" }), c({ cpu: "1", memory: "1G" })] }, { milliCPU: 3000, memory: 3e9 }],
    ["sidecars add to the app and to later init containers", { initContainers: [c({ cpu: "1" }, "Always"), c({ cpu: "3" })], containers: [c({ cpu: "1" })] }, { milliCPU: 4000, memory: 0 }],
    ["overhead is added", { containers: [c({ cpu: "1" })], overhead: { cpu: "100m", memory: "10Mi" } }, { milliCPU: 1100, memory: 10 * 2 ** 20 }],
    ["pod-level requests replace the sum", { containers: [c({ cpu: "1" })], resources: { requests: { cpu: "2" } } }, { milliCPU: 2000, memory: 0 }],
    ["CPU rounds up to a millicore", { containers: [c({ cpu: "0.0001" })] }, { milliCPU: 1, memory: 0 }],
  ];
  for (const [name, spec, expected] of cases) {
    const { milliCPU, memory } = podRequests(spec);
    assert.deepEqual({ milliCPU, memory }, expected, name);
  }
});

test("podRequests with nonZero counts containers without requests at the defaults", () => {
  const spec: PodSpec = { containers: [c({}), c({ cpu: "0" }), c({ memory: "1Gi" })] };
  const { milliCPU, memory } = podRequests(spec, { nonZero: true });
  assert.deepEqual({ milliCPU, memory }, { milliCPU: 2 * DEFAULT_MILLI_CPU_REQUEST, memory: 2 * DEFAULT_MEMORY_REQUEST + 2 ** 30 });
});

test("resourcesFromList sorts names into their fields", () => {
  assert.deepEqual(resourcesFromList({ cpu: "1500m", memory: "1Ki", "ephemeral-storage": "1k", pods: "110", "example.com/gpu": "2", "hugepages-2Mi": "4Mi" }), {
    milliCPU: 1500,
    memory: 1024,
    ephemeralStorage: 1000,
    pods: 110,
    scalar: { "example.com/gpu": 2, "hugepages-2Mi": 4 * 2 ** 20 },
  });
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { PodSpec } from "../../../apis/common/pod-types.js";
import { PodInfo, SUCCESS, unschedulable, type Status } from "../../framework/index.js";
import { cycleFor, makeNode, makeNodeInfo, makePod } from "../_test-kit.js";
import { newNodeResourcesFit } from "./index.js";
import { DEFAULT_RESOURCES, PodAllocation } from "../_allocation.js";
import { leastAllocatedScore } from "./least-allocated.js";

const container = (name: string, requests: Record<string, string>, restartPolicy?: string) => ({
  name,
  image: "x",
  resources: { requests },
  ...(restartPolicy ? { restartPolicy } : {}),
});

test("NodeResourcesFit reports every resource the node is short of", () => {
  // The node: 4 CPUs, 8Gi, 2 pods, 2 GPUs; 1 CPU and 1Gi are taken by one pod.
  const existing = makePod({ requests: { cpu: "1", memory: "1Gi" } });
  const cases: [string, Partial<PodSpec>, Status][] = [
    ["fits", { containers: [container("a", { cpu: "3", memory: "7Gi" })] }, SUCCESS],
    ["too much cpu", { containers: [container("a", { cpu: "3500m" })] }, unschedulable("Insufficient cpu")],
    ["too much of both", { containers: [container("a", { cpu: "5", memory: "9Gi" })] }, unschedulable("Insufficient cpu", "Insufficient memory")],
    ["containers add up", { containers: [container("a", { cpu: "2" }), container("b", { cpu: "2" })] }, unschedulable("Insufficient cpu")],
    ["init containers count at their peak", { initContainers: [container("i", { cpu: "3" })], containers: [container("a", { cpu: "1" })] }, SUCCESS],
    ["an init container above the room", { initContainers: [container("i", { cpu: "4" })], containers: [container("a", { cpu: "1" })] }, unschedulable("Insufficient cpu")],
    [
      "sidecars run beside the app containers",
      { initContainers: [container("s", { cpu: "2" }, "Always")], containers: [container("a", { cpu: "2" })] },
      unschedulable("Insufficient cpu"),
    ],
    ["overhead is added", { containers: [container("a", { cpu: "2500m" })], overhead: { cpu: "600m" } }, unschedulable("Insufficient cpu")],
    ["extended resources", { containers: [container("a", { "example.com/gpu": "3" })] }, unschedulable("Insufficient example.com/gpu")],
    ["an extended resource the node lacks", { containers: [container("a", { "example.com/fpga": "1" })] }, unschedulable("Insufficient example.com/fpga")],
    ["ephemeral storage", { containers: [container("a", { "ephemeral-storage": "200Gi" })] }, unschedulable("Insufficient ephemeral-storage")],
  ];
  for (const [name, spec, expected] of cases) {
    const node = makeNodeInfo(makeNode("n", { cpu: "4", memory: "8Gi", pods: "2", extra: { "example.com/gpu": "2", "ephemeral-storage": "100Gi" } }), [existing]);
    assert.deepEqual(newNodeResourcesFit().filter(cycleFor(makePod({ spec }), [node]), node), expected, name);
  }
});

test("NodeResourcesFit counts pods against allocatable pods", () => {
  const node = makeNodeInfo(makeNode("n", { pods: "1" }), [makePod()]);
  assert.deepEqual(newNodeResourcesFit().filter(cycleFor(makePod({ requests: { cpu: "5" } }), [node]), node), unschedulable("Too many pods", "Insufficient cpu"));
});

test("LeastAllocated scores the share left free, counting empty containers at 100m and 200Mi", () => {
  const cases: [string, { cpu: string; memory: string }, Record<string, string> | undefined, number][] = [
    ["an empty node and a small pod", { cpu: "4", memory: "8Gi" }, { cpu: "1", memory: "2Gi" }, 75],
    ["cpu and memory averaged, in integers", { cpu: "3", memory: "8Gi" }, { cpu: "1", memory: "0" }, 83],
    ["a pod without requests counts the defaults", { cpu: "1", memory: "1000Mi" }, undefined, 85],
    ["more than the node has scores 0", { cpu: "1", memory: "1Gi" }, { cpu: "2", memory: "2Gi" }, 0],
  ];
  for (const [name, size, requests, expected] of cases) {
    const node = makeNodeInfo(makeNode("n", size));
    const pod = new PodInfo(makePod(requests ? { requests } : {}));
    assert.equal(leastAllocatedScore(new PodAllocation(pod, { resources: DEFAULT_RESOURCES, useRequested: false }), node), expected, name);
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { LimitRange } from "../../apis/limitrange.js";
import type { KubeObject } from "../../apis/types.js";
import { claimLimitProblems, podLimitProblems } from "./limit-ranges.js";

const range = (limits: unknown[]): LimitRange => ({ apiVersion: "v1", kind: "LimitRange", metadata: { name: "r" }, spec: { limits } } as LimitRange);
const pod = (containers: { requests?: Record<string, string>; limits?: Record<string, string> }[]): KubeObject => ({
  apiVersion: "v1", kind: "Pod", metadata: { name: "p" },
  spec: { containers: containers.map((resources, i) => ({ name: `c${i}`, image: "x", resources })) },
});

test("container bounds are checked with upstream's words", () => {
  const bounds = range([{ type: "Container", max: { cpu: "1" }, min: { memory: "64Mi" }, maxLimitRequestRatio: { cpu: "2" } }]);
  assert.deepEqual(podLimitProblems(bounds, pod([{ requests: { cpu: "500m", memory: "64Mi" }, limits: { cpu: "1" } }])), []);
  assert.deepEqual(podLimitProblems(bounds, pod([{ requests: { cpu: "500m", memory: "64Mi" }, limits: { cpu: "2000m" } }])), [
    "maximum cpu usage per Container is 1, but limit is 2",
    "cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000",
  ]);
  assert.deepEqual(podLimitProblems(bounds, pod([{ requests: { cpu: "1" }, limits: { cpu: "1" } }])), ["minimum memory usage per Container is 64Mi.  No request is specified"]);
  assert.deepEqual(podLimitProblems(bounds, pod([{}])).slice(1, 2), ["maximum cpu usage per Container is 1.  No limit is specified"]);
});

test("pod bounds apply to the sum of the containers", () => {
  const bounds = range([{ type: "Pod", max: { memory: "1Gi" } }]);
  const twoContainers = pod([{ requests: { memory: "512Mi" }, limits: { memory: "768Mi" } }, { requests: { memory: "128Mi" }, limits: { memory: "512Mi" } }]);
  assert.deepEqual(podLimitProblems(bounds, twoContainers), ["maximum memory usage per Pod is 1Gi, but limit is 1280Mi"]);
});

test("claims are held to storage bounds; an unchanged request is not checked again", () => {
  const bounds = range([{ type: "PersistentVolumeClaim", min: { storage: "1Gi" }, max: { storage: "10Gi" } }]);
  const claim = (storage: string): KubeObject => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "c" }, spec: { resources: { requests: { storage } } } });
  assert.deepEqual(claimLimitProblems(bounds, claim("500Mi"), undefined), ["minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi"]);
  assert.deepEqual(claimLimitProblems(bounds, claim("20Gi"), undefined), ["maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi"]);
  assert.deepEqual(claimLimitProblems(bounds, claim("20Gi"), claim("20Gi")), []);
});

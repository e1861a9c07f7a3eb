import { test } from "node:test";
import assert from "node:assert/strict";
import { PodInfo } from "./framework/index.js";
import { SchedulerCache } from "./cache.js";
import { makeNode, makePod } from "./plugins/_test-kit.js";

const requestedCpu = (cache: SchedulerCache, node: string) => cache.get(node)?.requested.milliCPU;

test("an assumed pod counts at once, is confirmed by the informer, or forgotten", () => {
  const cache = new SchedulerCache();
  cache.setNode(makeNode("a"));
  const pod = makePod({ requests: { cpu: "1" } });
  cache.assume(new PodInfo(pod), "a");
  assert.equal(requestedCpu(cache, "a"), 1000);
  assert.ok(cache.isAssumed(pod.metadata.uid ?? ""));
  cache.setPod({ ...pod, spec: { ...pod.spec, nodeName: "a" } });
  assert.equal(cache.isAssumed(pod.metadata.uid ?? ""), false);
  cache.forget(pod.metadata.uid ?? "");
  assert.equal(requestedCpu(cache, "a"), 1000, "a confirmed pod is not forgotten");

  const other = makePod({ requests: { cpu: "2" } });
  cache.assume(new PodInfo(other), "a");
  cache.forget(other.metadata.uid ?? "");
  assert.equal(requestedCpu(cache, "a"), 1000);
});

test("finished pods free their node; pods may arrive before their node", () => {
  const cache = new SchedulerCache();
  const pod = makePod({ requests: { cpu: "1" }, nodeName: "late" });
  cache.setPod(pod);
  assert.equal(cache.get("late"), undefined, "no Node object yet");
  assert.deepEqual(cache.nodes, []);
  cache.setNode(makeNode("late"));
  assert.equal(requestedCpu(cache, "late"), 1000);
  cache.setPod({ ...pod, status: { phase: "Succeeded" } });
  assert.equal(requestedCpu(cache, "late"), 0);
});

test("nodes are listed by name and images counted per node", () => {
  const cache = new SchedulerCache();
  const image = { names: ["nginx:1"], sizeBytes: 1 };
  cache.setNode(makeNode("b", { images: [image] }));
  cache.setNode(makeNode("a", { images: [image] }));
  assert.deepEqual(cache.nodes.map((n) => n.name), ["a", "b"]);
  assert.equal(cache.imageNodeCount("nginx:1"), 2);
  cache.setNode(makeNode("b"));
  assert.equal(cache.imageNodeCount("nginx:1"), 1);
  cache.removeNode("a");
  assert.deepEqual(cache.nodes.map((n) => n.name), ["b"]);
  assert.equal(cache.imageNodeCount("nginx:1"), 0);
});

test("the cache counts pods with affinity terms as they come, move and go", () => {
  const cache = new SchedulerCache();
  cache.setNode(makeNode("a"));
  cache.setNode(makeNode("b"));
  const term = { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" };
  const anti = makePod({ spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } });
  const preferring = makePod({ spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: term }] } } } });
  const counts = () => [cache.podsWithAffinity, cache.podsWithRequiredAntiAffinity];
  cache.assume(new PodInfo(anti), "a");
  cache.setPod(makePod({ nodeName: "a" }));
  assert.deepEqual(counts(), [1, 1]);
  cache.setPod({ ...anti, spec: { ...anti.spec, nodeName: "b" } });
  assert.deepEqual(counts(), [1, 1], "a pod moved between nodes counts once");
  cache.assume(new PodInfo(preferring), "b");
  assert.deepEqual(counts(), [2, 1]);
  cache.forget(preferring.metadata.uid ?? "");
  cache.removePod(anti.metadata.uid ?? "");
  assert.deepEqual(counts(), [0, 0]);
});

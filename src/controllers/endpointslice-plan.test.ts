import { test } from "node:test";
import assert from "node:assert/strict";
import type { Service } from "../apis/common/service-model.js";
import { groupKey, type EndpointGroup, type SliceEndpoint, type SlicePort } from "./endpointslice-desired.js";
import { planSlices, sliceLabels, type EndpointSlice } from "./endpointslice-plan.js";

const service: Service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "dev", uid: "svc-uid", labels: { app: "web" } }, spec: {} };
const http: SlicePort[] = [{ name: "http", port: 8080, protocol: "TCP" }];

function endpoint(pod: string): SliceEndpoint {
  return {
    addresses: [`10.0.0.${pod.charCodeAt(0)}`],
    conditions: { ready: true, serving: true, terminating: false },
    targetRef: { kind: "Pod", namespace: "dev", name: pod, uid: `uid-${pod}` },
  };
}

function desired(pods: string[], ports = http): Map<string, EndpointGroup> {
  if (pods.length === 0) return new Map();
  const key = groupKey("IPv4", ports);
  return new Map([[key, { key, addressType: "IPv4", ports, endpoints: pods.map(endpoint) }]]);
}

function slice(name: string, pods: string[], ports = http, labels = sliceLabels(service)): EndpointSlice {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name, namespace: "dev", labels, ownerReferences: [{ apiVersion: "v1", kind: "Service", name: "web", uid: "svc-uid", controller: true, blockOwnerDeletion: true }] },
    addressType: "IPv4",
    endpoints: pods.map(endpoint),
    ...(ports.length ? { ports } : {}),
  };
}

const pods = (s: EndpointSlice) => (s.endpoints ?? []).map((e) => e.targetRef.name);

const cases: {
  name: string;
  existing: EndpointSlice[];
  want: Map<string, EndpointGroup>;
  create: string[][];
  update: Record<string, string[]>;
  delete: string[];
}[] = [
  { name: "new endpoints fill new slices of at most the maximum", existing: [], want: desired(["a", "b", "c"]), create: [["a", "b"], ["c"]], update: {}, delete: [] },
  { name: "an unchanged slice is left alone", existing: [slice("web-1", ["a", "b"])], want: desired(["a", "b"]), create: [], update: {}, delete: [] },
  { name: "a replaced endpoint reuses the slot of the removed one", existing: [slice("web-1", ["a", "b"])], want: desired(["a", "c"]), create: [], update: { "web-1": ["a", "c"] }, delete: [] },
  {
    name: "endpoints go to slices with room before new slices",
    existing: [slice("web-1", ["a", "b"]), slice("web-2", ["c"])],
    want: desired(["a", "b", "c", "d", "e"]),
    create: [["e"]],
    update: { "web-2": ["c", "d"] },
    delete: [],
  },
  { name: "no endpoints leave one placeholder", existing: [slice("web-1", ["a"]), slice("web-2", ["b"])], want: desired([]), create: [[]], update: {}, delete: ["web-1", "web-2"] },
  { name: "an existing placeholder is kept", existing: [slice("web-1", [], [])], want: desired([]), create: [], update: {}, delete: [] },
  { name: "a placeholder makes way for real endpoints", existing: [slice("web-1", [], [])], want: desired(["a"]), create: [["a"]], update: {}, delete: ["web-1"] },
  { name: "changed service labels rewrite the slice", existing: [slice("web-1", ["a"], http, { stale: "yes" })], want: desired(["a"]), create: [], update: { "web-1": ["a"] }, delete: [] },
];

for (const c of cases) {
  test(`planSlices: ${c.name}`, () => {
    const plan = planSlices({ service, existing: c.existing, desired: c.want, placeholderType: "IPv4", maxEndpointsPerSlice: 2 });
    assert.deepEqual(plan.create.map(pods), c.create);
    assert.deepEqual(Object.fromEntries(plan.update.map((s) => [s.metadata.name, pods(s)])), c.update);
    assert.deepEqual(plan.delete.map((s) => s.metadata.name), c.delete);
    for (const created of plan.create) {
      assert.equal(created.metadata.generateName, "web-");
      assert.equal(created.metadata.labels?.["kubernetes.io/service-name"], "web");
      assert.equal(created.metadata.labels?.["endpointslice.kubernetes.io/managed-by"], "endpointslice-controller.k8s.io");
      assert.equal(created.metadata.ownerReferences?.[0]?.uid, "svc-uid");
    }
  });
}

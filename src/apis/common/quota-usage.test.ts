import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../types.js";
import { calculateUsed, checkRequest, objectUsage, quotaMatches, resourcesCounted, type ResourceQuota } from "./quota-usage.js";
import { formatQuantity } from "./quantity-arithmetic.js";

const PODS = { group: "", plural: "pods" };
const NOW = new Date("2026-01-01T00:00:00Z");

function pod(name: string, resources: { requests?: Record<string, string>; limits?: Record<string, string> } = {}, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "ns" }, spec: { containers: [{ name: "app", image: "x", resources }], ...extra } };
}

function quota(hard: Record<string, string>, used?: Record<string, string>, spec: Record<string, unknown> = {}): ResourceQuota {
  return { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q", namespace: "ns", resourceVersion: "5" }, spec: { hard, ...spec }, status: { hard, ...(used ? { used } : {}) } };
}

const usage = (object: KubeObject, resource = PODS) => Object.fromEntries([...objectUsage(resource, object, NOW)].map(([n, q]) => [n, formatQuantity(q)]));

test("a pod is charged its requests and limits; a finished pod only its object count", () => {
  assert.deepEqual(usage(pod("a", { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "1" } })), {
    "count/pods": "1", pods: "1", cpu: "250m", "requests.cpu": "250m", memory: "64Mi", "requests.memory": "64Mi", "limits.cpu": "1",
  });
  const done = { ...pod("b", { requests: { cpu: "1" } }), status: { phase: "Succeeded" } };
  assert.deepEqual(usage(done), { "count/pods": "1" });
});

test("services count node ports and load balancers; claims their storage by class", () => {
  const service = { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { type: "LoadBalancer", ports: [{ port: 80 }, { port: 443 }] } };
  assert.deepEqual(usage(service, { group: "", plural: "services" }), { "count/services": "1", services: "1", "services.nodeports": "2", "services.loadbalancers": "1" });
  const claim = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "c" }, spec: { storageClassName: "fast", resources: { requests: { storage: "1Gi" } } } };
  assert.deepEqual(usage(claim, { group: "", plural: "persistentvolumeclaims" }), {
    "count/persistentvolumeclaims": "1", persistentvolumeclaims: "1", "requests.storage": "1Gi",
    "fast.storageclass.storage.k8s.io/persistentvolumeclaims": "1", "fast.storageclass.storage.k8s.io/requests.storage": "1Gi",
  });
  assert.deepEqual(usage({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" } }, { group: "apps", plural: "deployments" }), { "count/deployments.apps": "1" });
});

test("scopes select pods by deadline, QoS and priority class; scoped quotas count nothing else", () => {
  const bestEffort = pod("a");
  const burstable = pod("b", { requests: { cpu: "1" } }, { activeDeadlineSeconds: 30, priorityClassName: "high" });
  const scoped = (scopes: string[], scopeSelector?: unknown) => quota({ pods: "5" }, { pods: "0" }, { scopes, ...(scopeSelector ? { scopeSelector } : {}) });
  assert.equal(quotaMatches(scoped(["BestEffort"]), PODS, bestEffort), true);
  assert.equal(quotaMatches(scoped(["BestEffort"]), PODS, burstable), false);
  assert.equal(quotaMatches(scoped(["NotBestEffort", "Terminating"]), PODS, burstable), true);
  assert.equal(quotaMatches(scoped(["NotTerminating"]), PODS, burstable), false);
  const high = { matchExpressions: [{ scopeName: "PriorityClass", operator: "In", values: ["high"] }] };
  assert.equal(quotaMatches(scoped([], high), PODS, burstable), true);
  assert.equal(quotaMatches(scoped([], high), PODS, bestEffort), false);
  const counting = quota({ "count/services": "5" }, { "count/services": "0" }, { scopes: ["BestEffort"] });
  assert.equal(quotaMatches(counting, { group: "", plural: "services" }, { apiVersion: "v1", kind: "Service", metadata: {} }), false);
});

test("checkRequest charges what fits and refuses the rest with upstream's message", () => {
  const q = quota({ pods: "2", "requests.cpu": "1" }, { pods: "1", "requests.cpu": "500m" });
  const fits = checkRequest([q], { resource: PODS, object: pod("a", { requests: { cpu: "500m" } }), now: NOW });
  assert.deepEqual(fits, { ok: true, charges: [{ quota: q, used: { pods: "2", "requests.cpu": "1" } }] });
  const full = quota({ pods: "2" }, { pods: "2" });
  assert.deepEqual(checkRequest([full], { resource: PODS, object: pod("c"), now: NOW }), {
    ok: false, message: "exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2",
  });
  const limits = quota({ "limits.cpu": "2" }, { "limits.cpu": "0" });
  assert.deepEqual(checkRequest([limits], { resource: PODS, object: pod("d"), now: NOW }), { ok: false, message: "failed quota: q: must specify limits.cpu for: app" });
  assert.deepEqual(checkRequest([quota({ pods: "2" })], { resource: PODS, object: pod("e"), now: NOW }), { ok: false, message: "status unknown for quota: q, resources: pods" });
  // A quota the controller has not filled in yet (no status.hard) limits nothing.
  const fresh: ResourceQuota = { ...full, status: {} };
  assert.deepEqual(checkRequest([fresh], { resource: PODS, object: pod("f"), now: NOW }), { ok: true, charges: [] });
});

test("updates are charged only for what grows", () => {
  const services = { group: "", plural: "services" };
  const q = quota({ "services.nodeports": "1", services: "5" }, { "services.nodeports": "0", services: "1" });
  const before = { apiVersion: "v1", kind: "Service", metadata: { name: "s", resourceVersion: "3" }, spec: { type: "ClusterIP", ports: [{ port: 80 }] } };
  const after = { ...before, spec: { type: "NodePort", ports: [{ port: 80 }, { port: 81 }] } };
  assert.deepEqual(checkRequest([q], { resource: services, object: after, old: before, now: NOW }), {
    ok: false, message: "exceeded quota: q, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1",
  });
});

test("calculateUsed sums the matching objects for every hard resource", () => {
  const q = quota({ pods: "10", "requests.memory": "1Gi", "count/configmaps": "3" });
  const objects = new Map([
    ["pods", { resource: PODS, items: [pod("a", { requests: { memory: "128Mi" } }), pod("b", { requests: { memory: "128Mi" } })] }],
    ["configmaps", { resource: { group: "", plural: "configmaps" }, items: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }] }],
  ]);
  assert.deepEqual(calculateUsed(q, objects, NOW), { pods: "2", "requests.memory": "256Mi", "count/configmaps": "1" });
  assert.deepEqual(resourcesCounted(["pods", "count/deployments.apps", "requests.storage", "secrets"]).map((r) => `${r.group}/${r.plural}`).sort(), [
    "/persistentvolumeclaims", "/pods", "/secrets", "apps/deployments",
  ]);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../apis/types.js";
import { serviceEnv } from "./service-env.js";

const service = (namespace: string, name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: "v1", kind: "Service", metadata: { name, namespace }, spec });
const services = [
  service("default", "kubernetes", { clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443, protocol: "TCP" }] }),
  service("shop", "redis-primary", { clusterIP: "10.96.0.9", ports: [{ port: 6379 }] }),
  service("shop", "headless", { clusterIP: "None", ports: [{ port: 80 }] }),
  service("other", "elsewhere", { clusterIP: "10.96.0.3", ports: [{ port: 80 }] }),
];
const pod = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "shop" }, spec });

test("service links cover the namespace's services and always the API server's", () => {
  const env = Object.fromEntries(serviceEnv(pod({}), services).map((e) => [e.key, e.value]));
  assert.equal(env["KUBERNETES_SERVICE_HOST"], "10.96.0.1");
  assert.equal(env["KUBERNETES_SERVICE_PORT_HTTPS"], "443");
  assert.equal(env["KUBERNETES_PORT_443_TCP_ADDR"], "10.96.0.1");
  assert.equal(env["REDIS_PRIMARY_SERVICE_PORT"], "6379");
  assert.equal(env["REDIS_PRIMARY_PORT"], "tcp://10.96.0.9:6379");
  assert.equal(Object.keys(env).some((k) => k.startsWith("HEADLESS") || k.startsWith("ELSEWHERE")), false);
});

test("enableServiceLinks: false leaves only the API server's variables", () => {
  const keys = serviceEnv(pod({ enableServiceLinks: false }), services).map((e) => e.key);
  assert.ok(keys.every((k) => k.startsWith("KUBERNETES_")), keys.join(","));
});

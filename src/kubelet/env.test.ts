import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../apis/types.js";
import { expandVariables, resolveEnv } from "./env.js";
import type { DataLookup } from "./object-data.js";

const pod: KubeObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "shop", uid: "u-1", labels: { app: "web" } },
  spec: { nodeName: "n1", containers: [{ name: "c", resources: { limits: { cpu: "250m" }, requests: { memory: "64Mi" } } }] },
  status: { podIP: "10.0.0.5", hostIP: "192.0.2.1" },
};

const objects: Record<string, Record<string, string>> = {
  "ConfigMap/shop/cfg": { mode: "fast", "bad key": "x" },
  "Secret/shop/creds": { password: "hunter2" },
};
const lookup: DataLookup = async (kind, namespace, name) => {
  const data = objects[`${kind}/${namespace}/${name}`];
  return data ? new Map(Object.entries(data).map(([k, v]) => [k, Buffer.from(v)])) : undefined;
};
const context = { lookup, allocatable: { cpu: 4, memory: 8 * 2 ** 30, ephemeralStorage: 0 } };

test("expandVariables() replaces defined $(NAME) references and unescapes $$", () => {
  const vars = new Map([["A", "1"]]);
  assert.equal(expandVariables("$(A)-$(B)-$$(A)", vars), "1-$(B)-$(A)");
});

test("resolveEnv() takes envFrom first, then env in order with references and valueFrom", async () => {
  const container = {
    name: "c",
    envFrom: [{ configMapRef: { name: "cfg" }, prefix: "CFG_" }],
    env: [
      { name: "CFG_mode", value: "slow" },
      { name: "GREETING", value: "mode is $(CFG_mode)" },
      { name: "NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      { name: "APP", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      { name: "IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
      { name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu", divisor: "1m" } } },
      { name: "MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
      { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } },
      { name: "MAYBE", valueFrom: { secretKeyRef: { name: "absent", key: "k", optional: true } } },
    ],
  };
  const result = await resolveEnv(pod, container, context);
  assert.ok(result.ok);
  assert.deepEqual(Object.fromEntries(result.env.map((e) => [e.key, e.value])), {
    CFG_mode: "slow",
    GREETING: "mode is slow",
    NAME: "web",
    APP: "web",
    IP: "10.0.0.5",
    CPU: "250",
    MEM: "8192",
    PASSWORD: "hunter2",
  });
  assert.deepEqual(result.invalidNames, ["CFG_bad key"]);
});

test("resolveEnv() fails with upstream's messages for a missing object or key", async () => {
  const missingMap = await resolveEnv(pod, { name: "c", env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "nope", key: "k" } } }] }, context);
  assert.deepEqual(missingMap, { ok: false, message: 'configmap "nope" not found' });
  const missingKey = await resolveEnv(pod, { name: "c", env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "cfg", key: "k" } } }] }, context);
  assert.deepEqual(missingKey, { ok: false, message: "couldn't find key k in ConfigMap shop/cfg" });
  const missingFrom = await resolveEnv(pod, { name: "c", envFrom: [{ secretRef: { name: "nope" } }] }, context);
  assert.deepEqual(missingFrom, { ok: false, message: 'secret "nope" not found' });
});

import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../apis/types.js";
import { parseResolvConf, podDnsConfig, sandboxConfig } from "./sandbox-config.js";

const host = parseResolvConf("# comment\nnameserver 10.0.0.53\nnameserver 10.0.0.54\nsearch corp.example\noptions edns0\n");
const dns = { host, clusterDNS: [] as string[], clusterDomain: "cluster.local" };

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop", uid: "u-1", annotations: { a: "b" } }, spec: { containers: [], ...spec } };
}

test("parseResolvConf() reads servers, search domains and options", () => {
  assert.deepEqual(host, { servers: ["10.0.0.53", "10.0.0.54"], searches: ["corp.example"], options: ["edns0"] });
});

test("podDnsConfig() follows dnsPolicy and merges spec.dnsConfig", () => {
  assert.deepEqual(podDnsConfig(pod({}), dns), host, "ClusterFirst without a cluster DNS falls back to the host's");
  assert.deepEqual(podDnsConfig(pod({}), { ...dns, clusterDNS: ["10.96.0.10"] }), { servers: ["10.96.0.10"], searches: ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"], options: ["ndots:5"] });
  assert.deepEqual(podDnsConfig(pod({ hostNetwork: true }), { ...dns, clusterDNS: ["10.96.0.10"] }), host, "host network pods use the host's unless ClusterFirstWithHostNet");
  assert.deepEqual(podDnsConfig(pod({ dnsPolicy: "None", dnsConfig: { nameservers: ["1.1.1.1"], options: [{ name: "ndots", value: "2" }] } }), dns), { servers: ["1.1.1.1"], searches: [], options: ["ndots:2"] });
});

test("sandboxConfig() uses the node's network for hostNetwork, without a hostname", () => {
  const settings = { logDirectory: "/logs/shop_web_u-1", dns, attempt: 1 };
  const hostNet = sandboxConfig(pod({ hostNetwork: true, containers: [{ name: "c", ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }] }] }), settings);
  assert.equal(hostNet.hostname, "");
  assert.equal(hostNet.linux.securityContext.namespaceOptions.network, "NODE");
  assert.deepEqual(hostNet.portMappings, [{ protocol: "TCP", containerPort: 80, hostPort: 8080, hostIp: "" }]);
  assert.equal(hostNet.linux.cgroupParent, "/kubepods/podu-1");
  assert.deepEqual(hostNet.metadata, { name: "web", uid: "u-1", namespace: "shop", attempt: 1 });
  const own = sandboxConfig(pod({}), settings);
  assert.equal(own.hostname, "web");
  assert.equal(own.linux.securityContext.namespaceOptions.network, "POD");
  assert.equal(own.labels["io.kubernetes.pod.namespace"], "shop");
  assert.deepEqual(own.annotations, { a: "b" });
});

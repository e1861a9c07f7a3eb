import { test } from "node:test";
import assert from "node:assert/strict";
import { checkSchema } from "../machinery/schema-check.js";
import { configMapKind } from "./configmap.js";
import { endpointsKind } from "./endpoints.js";
import { endpointSliceKind } from "./endpointslice.js";
import { eventKind } from "./event.js";
import { leaseKind } from "./lease.js";
import { namespaceKind } from "./namespace.js";
import { nodeKind } from "./node.js";
import { secretKind } from "./secret.js";
import { serviceKind } from "./service.js";
import { serviceAccountKind } from "./serviceaccount.js";
import type { KindDefinition, Schema } from "./types.js";

const kinds: KindDefinition[] = [
  namespaceKind,
  serviceKind,
  endpointsKind,
  configMapKind,
  secretKind,
  serviceAccountKind,
  nodeKind,
  eventKind,
  leaseKind,
  endpointSliceKind,
];

/** Every named field below `schema`, with its dotted path. */
function* fields(schema: Schema, path: string): Generator<[string, Schema]> {
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    yield [`${path}.${name}`, child];
    yield* fields(child, `${path}.${name}`);
    if (child.items) yield* fields(child.items, `${path}.${name}[]`);
  }
}

test("core kind schemas describe and type every field, for kubectl explain", () => {
  for (const kind of kinds) {
    for (const [path, schema] of fields(kind.schema, kind.kind)) {
      assert.ok(schema.description, `${path} has a description`);
      assert.ok(schema.type || schema["x-kubernetes-int-or-string"], `${path} has a type`);
      if (schema.enum) assert.deepEqual(schema.enum, [...schema.enum].sort(), `${path} lists its enum sorted, as upstream serves it`);
      if (schema["x-kubernetes-list-type"] === "map") {
        const item = schema.items?.properties ?? {};
        for (const key of schema["x-kubernetes-list-map-keys"] ?? []) assert.ok(item[key], `${path} has its map key ${key}`);
        assert.ok(schema["x-kubernetes-list-map-keys"]?.length, `${path} names its map keys`);
      }
    }
  }
});

test("core kinds name themselves as discovery expects", () => {
  for (const kind of kinds) {
    assert.equal(kind.listKind, `${kind.kind}List`);
    assert.match(kind.plural, /^[a-z]+$/);
    assert.ok(kind.columns.some((c) => c.format === "name"), `${kind.kind} has a name column`);
    assert.ok(kind.columns.some((c) => c.name === "Age") || kind.kind === "Event", `${kind.kind} has an Age column`);
  }
  assert.deepEqual(
    kinds.filter((k) => !k.namespaced).map((k) => k.kind),
    ["Namespace", "Node"],
  );
  assert.deepEqual(
    kinds.filter((k) => k.subresources.status).map((k) => k.kind),
    ["Namespace", "Service", "Node"],
  );
});

test("real manifests pass strict field validation", () => {
  const manifests: [KindDefinition, Record<string, unknown>][] = [
    [serviceKind, {
      metadata: { name: "web", labels: { app: "web" } },
      spec: {
        type: "LoadBalancer", selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http", nodePort: 30080, protocol: "TCP", appProtocol: "http" }],
        clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"], ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack", sessionAffinity: "ClientIP",
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 300 } }, externalTrafficPolicy: "Local", healthCheckNodePort: 31000,
        internalTrafficPolicy: "Cluster", allocateLoadBalancerNodePorts: true, loadBalancerSourceRanges: ["0.0.0.0/0"], publishNotReadyAddresses: false,
      },
      status: { loadBalancer: { ingress: [{ ip: "203.0.113.9", ipMode: "VIP", ports: [{ port: 80, protocol: "TCP" }] }] }, conditions: [] },
    }],
    [nodeKind, {
      metadata: { name: "node-1" },
      spec: { podCIDR: "10.244.0.0/24", podCIDRs: ["10.244.0.0/24"], taints: [{ key: "k", effect: "NoSchedule" }], providerID: "kind://docker/node-1" },
      status: {
        capacity: { cpu: "4", memory: "8029892Ki", pods: "110", "ephemeral-storage": 100 },
        allocatable: { cpu: "4", memory: "8029892Ki", pods: "110" },
        conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: "2025-01-01T00:00:00Z", lastTransitionTime: "2025-01-01T00:00:00Z", reason: "KubeletReady", message: "ok" }],
        addresses: [{ type: "InternalIP", address: "172.18.0.2" }, { type: "Hostname", address: "node-1" }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: { machineID: "m", systemUUID: "s", bootID: "b", kernelVersion: "6.1", osImage: "Debian", containerRuntimeVersion: "containerd://1.7", kubeletVersion: "v1.32.0", kubeProxyVersion: "v1.32.0", operatingSystem: "linux", architecture: "amd64" },
        images: [{ names: ["registry.k8s.io/pause:3.10"], sizeBytes: 320368 }],
        runtimeHandlers: [{ name: "runc", features: { recursiveReadOnlyMounts: true, userNamespaces: true } }],
        features: { supplementalGroupsPolicy: true },
      },
    }],
    [endpointSliceKind, {
      metadata: { name: "web-abc12", labels: { "kubernetes.io/service-name": "web" } },
      addressType: "IPv4",
      endpoints: [{ addresses: ["10.244.0.5"], conditions: { ready: true, serving: true, terminating: false }, nodeName: "node-1", zone: "a", targetRef: { kind: "Pod", name: "web-1", namespace: "default", uid: "u" }, hints: { forZones: [{ name: "a" }] } }],
      ports: [{ name: "http", port: 8080, protocol: "TCP", appProtocol: "http" }],
    }],
    [eventKind, {
      metadata: { name: "web-1.17a" },
      involvedObject: { kind: "Pod", name: "web-1", namespace: "default", uid: "u", apiVersion: "v1", resourceVersion: "5", fieldPath: "spec.containers{app}" },
      reason: "Pulled", message: "ok", source: { component: "kubelet", host: "node-1" }, firstTimestamp: "2025-01-01T00:00:00Z",
      lastTimestamp: "2025-01-01T00:00:00Z", count: 1, type: "Normal", eventTime: null, reportingComponent: "kubelet", reportingInstance: "node-1",
    }],
    [leaseKind, { metadata: { name: "node-1" }, spec: { holderIdentity: "node-1", leaseDurationSeconds: 40, renewTime: "2025-01-01T00:00:00.000000Z" } }],
    [serviceAccountKind, { metadata: { name: "default" }, secrets: [{ name: "t" }], imagePullSecrets: [{ name: "p" }], automountServiceAccountToken: false }],
    [namespaceKind, { metadata: { name: "dev" }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active", conditions: [{ type: "NamespaceDeletionContentFailure", status: "False" }] } }],
  ];
  for (const [kind, body] of manifests) {
    const result = checkSchema({ apiVersion: kind.version, kind: kind.kind, ...body }, kind.schema, { prune: false });
    assert.deepEqual(result, { unknownFields: [], typeErrors: [] }, kind.kind);
  }
});

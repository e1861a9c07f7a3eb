import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../apis/types.js";
import type { Client } from "../client/index.js";
import { startEndpointSliceController } from "./endpointslice.js";
import type { EndpointSlice } from "./endpointslice-plan.js";
import { eventually, node, pod, setPodRunning, startCluster } from "./_test-kit.js";

function service(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name }, spec };
}

async function slicesOf(client: Client, name: string): Promise<EndpointSlice[]> {
  const { items } = await client.resource("discovery.k8s.io", "EndpointSlice").list({ namespace: "dev", labelSelector: `kubernetes.io/service-name=${name}` });
  return items as EndpointSlice[];
}

test("a service's slice holds its pods with ready, serving and terminating conditions, node and zone", async () => {
  const cluster = await startCluster([startEndpointSliceController]);
  const { client } = cluster;
  try {
    await client.resource("", "Node").create("", node("node-a", { "topology.kubernetes.io/zone": "zone-1" }));
    const pods = client.resource("", "Pod");
    for (const name of ["web-1", "web-2", "web-3"]) await pods.create("dev", pod(name, { app: "web" }, { nodeName: "node-a" }));
    await setPodRunning(client, { namespace: "dev", name: "web-1", ready: true });
    await setPodRunning(client, { namespace: "dev", name: "web-2", ready: false });
    await setPodRunning(client, { namespace: "dev", name: "web-3", ready: true });
    // A pod bound to a node is deleted gracefully: it stays, terminating, until its node lets it go.
    await pods.delete("dev", "web-3");
    await client.resource("", "Service").create("dev", service("web", { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] }));
    const [slice] = await eventually("a slice with three endpoints", async () => {
      const slices = await slicesOf(client, "web");
      return slices.length === 1 && slices[0]?.endpoints?.length === 3 ? slices : undefined;
    });
    assert.equal(slice?.addressType, "IPv4");
    assert.deepEqual(slice?.ports, [{ name: "http", port: 8080, protocol: "TCP" }]);
    assert.equal(slice?.metadata.labels?.["endpointslice.kubernetes.io/managed-by"], "endpointslice-controller.k8s.io");
    assert.equal(slice?.metadata.ownerReferences?.[0]?.kind, "Service");
    const byPod = new Map((slice?.endpoints ?? []).map((e) => [e.targetRef.name, e]));
    assert.deepEqual(byPod.get("web-1")?.conditions, { ready: true, serving: true, terminating: false });
    assert.deepEqual(byPod.get("web-2")?.conditions, { ready: false, serving: false, terminating: false });
    assert.deepEqual(byPod.get("web-3")?.conditions, { ready: false, serving: true, terminating: true });
    assert.equal(byPod.get("web-1")?.nodeName, "node-a");
    assert.equal(byPod.get("web-1")?.zone, "zone-1");

    // A slice deleted by hand comes back.
    await client.resource("discovery.k8s.io", "EndpointSlice").delete("dev", slice?.metadata.name ?? "");
    await eventually("the slice recreated", async () => ((await slicesOf(client, "web"))[0]?.endpoints?.length === 3 ? true : undefined));
  } finally {
    await cluster.stop();
  }
});

test("a service without pods gets one placeholder slice, and more than 100 pods are split over slices", async () => {
  const cluster = await startCluster([startEndpointSliceController]);
  const { client } = cluster;
  try {
    await client.resource("", "Service").create("dev", service("many", { selector: { app: "many" }, ports: [{ port: 80, targetPort: 8080 }] }));
    const [placeholder] = await eventually("a placeholder", async () => {
      const slices = await slicesOf(client, "many");
      return slices.length ? slices : undefined;
    });
    assert.deepEqual(placeholder?.endpoints ?? [], []);
    assert.equal(placeholder?.ports, undefined);

    const pods = client.resource("", "Pod");
    const count = 103;
    for (let i = 0; i < count; i++) {
      await pods.create("dev", pod(`many-${i}`, { app: "many" }));
      await setPodRunning(client, { namespace: "dev", name: `many-${i}`, ready: true });
    }
    const slices = await eventually(
      "every pod in a slice",
      async () => {
        const slices = await slicesOf(client, "many");
        return slices.reduce((n, s) => n + (s.endpoints?.length ?? 0), 0) === count ? slices : undefined;
      },
      8_000,
    );
    assert.equal(slices.length, 2);
    for (const slice of slices) assert.ok((slice.endpoints?.length ?? 0) <= 100);
  } finally {
    await cluster.stop();
  }
});

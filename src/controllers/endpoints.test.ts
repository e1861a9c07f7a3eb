import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../apis/types.js";
import { ApiError } from "../machinery/status.js";
import { startEndpointsController } from "./endpoints.js";
import { eventually, pod, setPodRunning, startCluster } from "./_test-kit.js";

interface Subset {
  addresses?: { ip: string; hostname?: string; nodeName?: string; targetRef?: { name: string } }[];
  notReadyAddresses?: { ip: string; targetRef?: { name: string } }[];
  ports?: { name?: string; port: number; protocol: string }[];
}

function service(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, labels: { tier: "front" } }, spec };
}

const names = (list: { targetRef?: { name: string } }[] | undefined) => (list ?? []).map((a) => a.targetRef?.name).sort();

test("endpoints list ready and not-ready pods with ports resolved by name and number", async () => {
  const cluster = await startCluster([startEndpointsController]);
  const { client } = cluster;
  const endpoints = client.resource("", "Endpoints");
  try {
    const pods = client.resource("", "Pod");
    await pods.create("dev", pod("web-1", { app: "web" }, { nodeName: "node-a" }));
    await pods.create("dev", pod("web-2", { app: "web" }));
    await pods.create("dev", pod("web-3", { app: "web" })); // never gets an IP
    await pods.create("dev", pod("other", { app: "db" }));
    await setPodRunning(client, { namespace: "dev", name: "web-1", ready: true });
    await setPodRunning(client, { namespace: "dev", name: "web-2", ready: false });
    await setPodRunning(client, { namespace: "dev", name: "other", ready: true });
    await client.resource("", "Service").create(
      "dev",
      service("web", {
        selector: { app: "web" },
        ports: [
          { name: "http", port: 80, targetPort: "http" },
          { name: "metrics", port: 9090, targetPort: 9100 },
        ],
      }),
    );
    const subsets = await eventually("endpoints with both pods", async () => {
      const found = await endpoints.get("dev", "web").catch(() => undefined);
      const subsets = (found?.subsets ?? []) as Subset[];
      return subsets.length === 1 && subsets[0]?.notReadyAddresses?.length ? subsets : undefined;
    });
    const [subset] = subsets;
    assert.deepEqual(names(subset?.addresses), ["web-1"]);
    assert.equal(subset?.addresses?.[0]?.nodeName, "node-a");
    assert.deepEqual(names(subset?.notReadyAddresses), ["web-2"]);
    assert.deepEqual(subset?.ports, [
      { name: "http", port: 8080, protocol: "TCP" },
      { name: "metrics", port: 9100, protocol: "TCP" },
    ]);
    const object = await endpoints.get("dev", "web");
    assert.equal(object.metadata.labels?.["endpoints.kubernetes.io/managed-by"], "endpoint-controller");
    assert.equal(object.metadata.labels?.tier, "front");

    // Readiness moves an address from notReadyAddresses to addresses.
    await setPodRunning(client, { namespace: "dev", name: "web-2", ready: true });
    await eventually("web-2 ready", async () => {
      const subsets = ((await endpoints.get("dev", "web")).subsets ?? []) as Subset[];
      return names(subsets[0]?.addresses).length === 2 && !subsets[0]?.notReadyAddresses ? true : undefined;
    });

    // Deleting the service deletes the Endpoints this controller made.
    await client.resource("", "Service").delete("dev", "web");
    await eventually("endpoints gone", async () => {
      try {
        await endpoints.get("dev", "web");
        return undefined;
      } catch (error: unknown) {
        return error instanceof ApiError && error.code === 404 ? true : undefined;
      }
    });
  } finally {
    await cluster.stop();
  }
});

test("publishNotReadyAddresses and a headless service without ports publish bare ready addresses with hostnames", async () => {
  const cluster = await startCluster([startEndpointsController]);
  const { client } = cluster;
  try {
    await client.resource("", "Pod").create("dev", pod("db-0", { app: "db" }, { hostname: "db-0", subdomain: "db" }));
    await setPodRunning(client, { namespace: "dev", name: "db-0", ready: false });
    await client.resource("", "Service").create("dev", service("db", { clusterIP: "None", selector: { app: "db" }, publishNotReadyAddresses: true }));
    const found = await eventually("headless endpoints", async () => {
      const object = await client.resource("", "Endpoints").get("dev", "db").catch(() => undefined);
      return (object?.subsets as Subset[] | undefined)?.length ? object : undefined;
    });
    const subsets = found.subsets as Subset[];
    assert.equal(subsets[0]?.addresses?.[0]?.hostname, "db-0");
    assert.equal(subsets[0]?.ports, undefined);
    assert.equal(found.metadata.labels?.["service.kubernetes.io/headless"], "");
  } finally {
    await cluster.stop();
  }
});

test("Endpoints of services without a selector are left alone, even when the service goes", async () => {
  const cluster = await startCluster([startEndpointsController]);
  const { client } = cluster;
  const endpoints = client.resource("", "Endpoints");
  try {
    await client.resource("", "Service").create("dev", service("external", { ports: [{ port: 5432 }] }));
    const manual = { apiVersion: "v1", kind: "Endpoints", metadata: { name: "external" }, subsets: [{ addresses: [{ ip: "192.168.1.5" }], ports: [{ port: 5432 }] }] };
    await endpoints.create("dev", manual);
    // A service with a selector, synced after the manual one: once its Endpoints exist, the manual one has been seen.
    await client.resource("", "Service").create("dev", service("marker", { selector: { app: "x" }, ports: [{ port: 80 }] }));
    await eventually("marker endpoints", () => endpoints.get("dev", "marker").catch(() => undefined));
    assert.equal((await endpoints.get("dev", "external")).metadata.labels, undefined);
    await client.resource("", "Service").delete("dev", "external");
    await client.resource("", "Service").delete("dev", "marker");
    await eventually("marker endpoints gone", () => endpoints.get("dev", "marker").then(() => undefined, () => true));
    assert.equal(((await endpoints.get("dev", "external")).subsets as Subset[])[0]?.addresses?.[0]?.ip, "192.168.1.5");
  } finally {
    await cluster.stop();
  }
});

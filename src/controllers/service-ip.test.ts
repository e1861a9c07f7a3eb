import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "../machinery/status.js";
import type { KubeObject } from "../apis/types.js";
import type { Service, ServicePort } from "../apis/common/service-model.js";
import { eventually, testCluster, waitForEvent, type TestCluster } from "./_test-kit.js";
import { startServiceIPController, type ServiceIPOptions } from "./service-ip.js";

const NS = "net";
const API = { apiPort: 6443, apiAddress: "192.0.2.10" } as const;

async function setUp(options: Partial<ServiceIPOptions> = {}): Promise<TestCluster> {
  const cluster = await testCluster();
  await cluster.createNamespace("default");
  await cluster.createNamespace(NS);
  startServiceIPController(cluster.context, { ...API, ...options });
  await cluster.start();
  return cluster;
}

function service(name: string, spec: Service["spec"] = {}): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: NS }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } };
}

const services = (cluster: TestCluster) => cluster.client.resource("", "Service");

/** Waits until the controller has written what `done` looks for. */
async function allocated(cluster: TestCluster, name: string, done: (svc: Service) => boolean, namespace = NS): Promise<Service> {
  return eventually(`allocation for ${name}`, async () => {
    const current = (await services(cluster).get(namespace, name).catch(() => undefined)) as Service | undefined;
    return current && done(current) ? current : undefined;
  });
}

const hasClusterIP = (svc: Service): boolean => Boolean(svc.spec?.clusterIP);
const hasNodePorts = (svc: Service): boolean => (svc.spec?.ports ?? []).every((port: ServicePort) => Boolean(port.nodePort));

test("the kubernetes Service holds the first cluster IP, with Endpoints at the API server", async () => {
  const cluster = await setUp();
  try {
    const kubernetes = await allocated(cluster, "kubernetes", hasClusterIP, "default");
    assert.deepEqual(kubernetes.spec?.clusterIPs, ["10.96.0.1"]);
    assert.deepEqual(kubernetes.spec?.ports, [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }]);
    assert.deepEqual(kubernetes.metadata.labels, { component: "apiserver", provider: "kubernetes" });
    const endpoints = cluster.client.resource("", "Endpoints");
    const found = await eventually("kubernetes Endpoints", () => endpoints.get("default", "kubernetes").catch(() => undefined));
    assert.deepEqual(found.subsets, [{ addresses: [{ ip: "192.0.2.10" }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] }]);
    // Both come back when deleted.
    await services(cluster).delete("default", "kubernetes");
    await endpoints.delete("default", "kubernetes");
    assert.deepEqual((await allocated(cluster, "kubernetes", hasClusterIP, "default")).spec?.clusterIP, "10.96.0.1");
    await eventually("kubernetes Endpoints again", () => endpoints.get("default", "kubernetes").catch(() => undefined));
  } finally {
    await cluster.stop();
  }
});

test("services get a cluster IP; NodePort and Local LoadBalancer services get node ports", async () => {
  const cluster = await setUp();
  try {
    await services(cluster).create(NS, service("web"));
    await services(cluster).create(NS, service("nodes", { type: "NodePort", ports: [{ name: "a", port: 80 }, { name: "b", port: 81 }] }));
    await services(cluster).create(NS, service("lb", { type: "LoadBalancer", externalTrafficPolicy: "Local" }));
    await services(cluster).create(NS, service("headless", { clusterIP: "None" }));
    const web = await allocated(cluster, "web", hasClusterIP);
    assert.match(web.spec?.clusterIP ?? "", /^10\.(9[6-9]|10[0-9]|11[01])\./);
    assert.notEqual(web.spec?.clusterIP, "10.96.0.1");
    assert.deepEqual(web.spec?.clusterIPs, [web.spec?.clusterIP]);
    assert.deepEqual(web.spec?.ipFamilies, ["IPv4"]);
    assert.equal(web.spec?.ports?.[0]?.nodePort, undefined);
    const nodes = await allocated(cluster, "nodes", (svc) => hasClusterIP(svc) && hasNodePorts(svc));
    const ports = (nodes.spec?.ports ?? []).map((port) => port.nodePort ?? 0);
    assert.ok(ports.every((port) => port >= 30000 && port <= 32767));
    assert.notEqual(ports[0], ports[1]);
    const lb = await allocated(cluster, "lb", (svc) => hasNodePorts(svc) && Boolean(svc.spec?.healthCheckNodePort));
    assert.ok(![...ports, lb.spec?.ports?.[0]?.nodePort].includes(lb.spec?.healthCheckNodePort));
    const headless = await allocated(cluster, "headless", (svc) => (svc.spec?.ipFamilies?.length ?? 0) > 0);
    assert.equal(headless.spec?.clusterIP, "None");
  } finally {
    await cluster.stop();
  }
});

test("requested values are honoured if free; taken ones are refused at create; out-of-range ones get a Warning", async () => {
  const cluster = await setUp();
  try {
    await services(cluster).create(NS, service("first", { type: "NodePort", clusterIP: "10.96.0.50", ports: [{ port: 80, nodePort: 30080 }] }));
    const first = await allocated(cluster, "first", (svc) => (svc.spec?.ipFamilies?.length ?? 0) > 0);
    assert.equal(first.spec?.clusterIP, "10.96.0.50");
    assert.equal(first.spec?.ports?.[0]?.nodePort, 30080);
    await assert.rejects(
      services(cluster).create(NS, service("second", { type: "NodePort", clusterIP: "10.96.0.50", ports: [{ port: 80, nodePort: 30080 }] })),
      (error: unknown) => error instanceof ApiError && error.code === 422 && /provided IP is already allocated/.test(error.message) && /provided port is already allocated/.test(error.message),
    );
    const outside = await services(cluster).create(NS, service("outside", { clusterIP: "10.200.0.1" }));
    await waitForEvent(cluster.client, outside, "ClusterIPOutOfRange");
  } finally {
    await cluster.stop();
  }
});

test("deleted services free their values; a restart rebuilds what is held", async () => {
  // Six usable addresses: the kubernetes Service's and five more.
  const cluster = await setUp({ serviceCIDR: "10.0.0.0/29" });
  try {
    await allocated(cluster, "kubernetes", hasClusterIP, "default");
    for (const name of ["a", "b", "c"]) {
      await services(cluster).create(NS, service(name));
      await allocated(cluster, name, hasClusterIP);
    }
    // A new controller must not hand out what the first one gave.
    startServiceIPController(cluster.restart(), { ...API, serviceCIDR: "10.0.0.0/29" });
    await cluster.start();
    for (const name of ["d", "e"]) await services(cluster).create(NS, service(name));
    for (const name of ["d", "e"]) await allocated(cluster, name, hasClusterIP);
    const ips = (await services(cluster).list({ namespace: NS })).items.map((svc) => (svc as Service).spec?.clusterIP ?? "");
    assert.deepEqual(ips.sort(), ["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"]);

    const full = await services(cluster).create(NS, service("f"));
    await waitForEvent(cluster.client, full, "FailedToAllocateClusterIP");
    await services(cluster).delete(NS, "b");
    const f = await allocated(cluster, "f", hasClusterIP);
    assert.ok(f.spec?.clusterIP?.startsWith("10.0.0."));
  } finally {
    await cluster.stop();
  }
});

/**
 * What kubectl discovers and how the server lets it in: api-resources and api-versions, the
 * discovery documents' content types, OpenAPI, /version, health checks, and client-certificate
 * authentication (no certificate, or one from another CA, gets 401).
 */
import "reflect-metadata";
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as x509 from "@peculiar/x509";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { jsonOf, parseTable, runProcess, startMini, type Mini, type RawResponse } from "../harness.js";

let mini: Mini;
before(async () => {
  mini = await startMini();
});
after(async () => {
  await mini?.dispose();
});

const AGGREGATED_ACCEPT =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
const AGGREGATED_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/** [name, shortnames, apiVersion, namespaced, kind] as `kubectl api-resources` prints them. */
const EXPECTED_RESOURCES: readonly (readonly [string, string, string, string, string])[] = [
  ["configmaps", "cm", "v1", "true", "ConfigMap"],
  ["endpoints", "ep", "v1", "true", "Endpoints"],
  ["events", "ev", "v1", "true", "Event"],
  ["namespaces", "ns", "v1", "false", "Namespace"],
  ["nodes", "no", "v1", "false", "Node"],
  ["pods", "po", "v1", "true", "Pod"],
  ["secrets", "", "v1", "true", "Secret"],
  ["serviceaccounts", "sa", "v1", "true", "ServiceAccount"],
  ["services", "svc", "v1", "true", "Service"],
  ["daemonsets", "ds", "apps/v1", "true", "DaemonSet"],
  ["deployments", "deploy", "apps/v1", "true", "Deployment"],
  ["replicasets", "rs", "apps/v1", "true", "ReplicaSet"],
  ["statefulsets", "sts", "apps/v1", "true", "StatefulSet"],
  ["cronjobs", "cj", "batch/v1", "true", "CronJob"],
  ["jobs", "", "batch/v1", "true", "Job"],
  ["leases", "", "coordination.k8s.io/v1", "true", "Lease"],
  ["endpointslices", "", "discovery.k8s.io/v1", "true", "EndpointSlice"],
];

test("kubectl api-resources lists the built-in kinds with their short names, groups and scope", async () => {
  const { stdout } = await mini.kubectl(["api-resources"]);
  const table = parseTable(stdout);
  assert.deepEqual(table.headers, ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]);
  for (const [name, shortNames, apiVersion, namespaced, kind] of EXPECTED_RESOURCES) {
    const row = table.rows.find((candidate) => candidate["NAME"] === name && candidate["APIVERSION"] === apiVersion);
    assert.ok(row, `api-resources lists ${name} in ${apiVersion}:\n${stdout}`);
    assert.deepEqual(
      [row["SHORTNAMES"], row["NAMESPACED"], row["KIND"]],
      [shortNames, namespaced, kind],
      `the ${name} row`,
    );
  }
});

test("kubectl api-resources filters by group and scope", async () => {
  const apps = await mini.kubectl(["api-resources", "--api-group=apps", "-o", "name"]);
  assert.deepEqual(
    apps.stdout.trim().split("\n").sort(),
    ["controllerrevisions.apps", "daemonsets.apps", "deployments.apps", "replicasets.apps", "statefulsets.apps"],
  );
  const clusterScoped = await mini.kubectl(["api-resources", "--namespaced=false", "-o", "name"]);
  const names = clusterScoped.stdout.trim().split("\n");
  assert.ok(names.includes("namespaces") && names.includes("nodes"), clusterScoped.stdout);
  assert.ok(!names.includes("pods") && !names.includes("deployments.apps"), clusterScoped.stdout);
});

test("kubectl api-versions lists every served group version", async () => {
  const { stdout } = await mini.kubectl(["api-versions"]);
  const versions = stdout.trim().split("\n");
  for (const wanted of ["v1", "apps/v1", "batch/v1", "coordination.k8s.io/v1", "discovery.k8s.io/v1"]) {
    assert.ok(versions.includes(wanted), `${wanted} in:\n${stdout}`);
  }
});

test("short names work in kubectl get", async () => {
  const { stdout } = await mini.kubectl(["get", "ns", "default", "-o", "name"]);
  assert.equal(stdout, "namespace/default\n");
  const many = await mini.kubectl(["get", "deploy,rs,sts,ds,cj,svc,cm,sa,ep,po", "-n", "default"]);
  assert.equal(many.code, 0);
});

test("aggregated discovery answers with its exact content type", async () => {
  for (const path of ["/api", "/apis"]) {
    const response = await mini.request({ path, headers: { Accept: AGGREGATED_ACCEPT } });
    assert.equal(response.status, 200, `${path}: ${response.body.slice(0, 200)}`);
    assert.equal(response.headers["content-type"], AGGREGATED_TYPE, path);
    const body = jsonOf(response);
    assert.equal(body["kind"], "APIGroupDiscoveryList", path);
  }
  const apis = jsonOf(await mini.request({ path: "/apis", headers: { Accept: AGGREGATED_ACCEPT } }));
  const groups = (apis["items"] as { metadata: { name: string } }[]).map((item) => item.metadata.name);
  for (const group of ["apps", "batch", "coordination.k8s.io", "discovery.k8s.io"]) assert.ok(groups.includes(group), `${group} in ${groups.join(",")}`);
});

test("legacy discovery serves APIVersions, APIGroupList and APIResourceList", async () => {
  const api = jsonOf(await mini.request({ path: "/api" }));
  assert.equal(api["kind"], "APIVersions");
  assert.deepEqual(api["versions"], ["v1"]);
  const apis = jsonOf(await mini.request({ path: "/apis" }));
  assert.equal(apis["kind"], "APIGroupList");
  const core = jsonOf(await mini.request({ path: "/api/v1" }));
  assert.equal(core["kind"], "APIResourceList");
  assert.equal(core["groupVersion"], "v1");
  const pods = (core["resources"] as { name: string; namespaced: boolean; kind: string; verbs: string[]; shortNames?: string[] }[]).find(
    (resource) => resource.name === "pods",
  );
  assert.ok(pods);
  assert.equal(pods.kind, "Pod");
  assert.equal(pods.namespaced, true);
  assert.deepEqual(pods.shortNames, ["po"]);
  for (const verb of ["create", "delete", "get", "list", "patch", "update", "watch"]) assert.ok(pods.verbs.includes(verb), verb);
  const apps = jsonOf(await mini.request({ path: "/apis/apps/v1" }));
  const names = (apps["resources"] as { name: string }[]).map((resource) => resource.name);
  assert.ok(names.includes("deployments") && names.includes("deployments/scale") && names.includes("deployments/status"), names.join(","));
});

test("/openapi/v3 indexes a document per group version", async () => {
  const index = jsonOf(await mini.request({ path: "/openapi/v3" }));
  const paths = index["paths"] as Record<string, { serverRelativeURL?: string }>;
  for (const gv of ["api/v1", "apis/apps/v1", "apis/batch/v1"]) {
    const url = paths[gv]?.serverRelativeURL;
    assert.ok(url?.startsWith(`/openapi/v3/${gv}`), `${gv}: ${String(url)}`);
  }
  const apps = await mini.request({ path: paths["apis/apps/v1"]?.serverRelativeURL ?? "" });
  assert.equal(apps.status, 200);
  const document = jsonOf(apps);
  assert.match(String(document["openapi"]), /^3\./);
});

test("/version answers major 1, minor 32", async () => {
  const version = jsonOf(await mini.request({ path: "/version" }));
  assert.equal(version["major"], "1");
  assert.equal(version["minor"], "32");
  assert.match(String(version["gitVersion"]), /^v1\.32\.\d+/);
  const { stdout } = await mini.kubectl(["version", "-o", "json"]);
  const parsed = JSON.parse(stdout) as { serverVersion?: { major?: string; minor?: string } };
  assert.equal(parsed.serverVersion?.major, "1");
  assert.equal(parsed.serverVersion?.minor, "32");
});

test("/healthz, /livez and /readyz answer ok, and ?verbose lists the checks", async () => {
  for (const path of ["/healthz", "/livez", "/readyz"]) {
    const { stdout } = await mini.kubectl(["get", "--raw", path]);
    assert.equal(stdout.trim(), "ok", path);
  }
  const verbose = await mini.kubectl(["get", "--raw", "/readyz?verbose"]);
  assert.match(verbose.stdout, /^\[\+\]ping ok$/m);
  assert.match(verbose.stdout, /readyz check passed/);
});

function assertUnauthorized(response: RawResponse): void {
  assert.equal(response.status, 401, response.body.slice(0, 300));
  const status = jsonOf(response);
  assert.equal(status["kind"], "Status");
  assert.equal(status["apiVersion"], "v1");
  assert.equal(status["status"], "Failure");
  assert.equal(status["reason"], "Unauthorized");
  assert.equal(status["code"], 401);
}

test("HTTPS without a client certificate gets 401 with a Status body", async () => {
  for (const path of ["/api/v1/namespaces", "/apis/apps/v1/deployments", "/api/v1/namespaces/default/configmaps"]) {
    assertUnauthorized(await mini.request({ path, auth: "none" }));
  }
  const create = await mini.request({
    method: "POST",
    path: "/api/v1/namespaces",
    auth: "none",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "intruder" } }),
  });
  assertUnauthorized(create);
  const get = await mini.kubectl(["get", "namespace", "intruder"], { allowFail: true });
  assert.equal(get.code, 1, "the unauthenticated create wrote nothing");
});

test("a client certificate from another CA gets 401", async () => {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=kubernetes-admin, O=system:masters",
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3_600_000),
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"],
    signingAlgorithm: algorithm,
    extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
  });
  const key = x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  let response: RawResponse;
  try {
    response = await mini.request({ path: "/api/v1/namespaces", auth: { cert: certificate.toString("pem"), key } });
  } catch (error: unknown) {
    // Refusing the handshake also keeps the intruder out, but the server should say 401 as a Status.
    assert.fail(`expected a 401 response, the TLS connection failed instead: ${String(error)}`);
  }
  assertUnauthorized(response);
});

test("kubectl with a made-up bearer token and no certificate says it must be logged in", async () => {
  const config = parseYaml(await readFile(mini.kubeconfig, "utf8")) as {
    users: { user: Record<string, unknown> }[];
  };
  // An empty user would make kubectl prompt for a username; a token it cannot know is the anonymous case.
  for (const entry of config.users) entry.user = { token: "not-a-token-mini-issued" };
  const anonymous = join(mini.dataDir, "..", "anonymous.kubeconfig");
  await writeFile(anonymous, stringifyYaml(config));
  const invocation = mini.kubectlInvocation(["get", "namespaces"]);
  const args = invocation.args.map((arg) => (arg.startsWith("--kubeconfig=") ? `--kubeconfig=${anonymous}` : arg));
  const result = await runProcess(invocation.command, args, { env: invocation.env });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /You must be logged in to the server/);
});

test("the kubeconfig points at https://127.0.0.1:<port> with the context mini", async () => {
  const credentials = await mini.credentials();
  assert.equal(credentials.server, `https://127.0.0.1:${mini.port}`);
  const { stdout } = await mini.kubectl(["config", "current-context"]);
  assert.equal(stdout.trim(), "mini");
});

test("the API server listens on 127.0.0.1 only", async (t) => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((address) => address !== undefined && address.family === "IPv4" && !address.internal);
  if (external === undefined) {
    t.skip("this machine has no non-loopback IPv4 address to try");
    return;
  }
  const outcome = await new Promise<string>((resolve) => {
    const socket = connect({ host: external.address, port: mini.port });
    socket.setTimeout(2_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve("timeout");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
  });
  assert.notEqual(outcome, "connected", `port ${mini.port} answers on ${external.address}`);
});

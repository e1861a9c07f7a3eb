/**
 * Server-side apply with the real kubectl: create and no-op re-apply, conflicts between field
 * managers and --force-conflicts, removal of fields a manager stops applying, the upgrade from
 * client-side apply, and the managedFields every write keeps.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { apiGet, createNamespaces, fixturePath, manifest, startMini, type Mini } from "../harness.js";

const NS = "e2e-ssa";
let mini: Mini;

interface Entry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time?: string;
  fieldsType: string;
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}
interface Meta {
  name: string;
  resourceVersion: string;
  generation?: number;
  annotations?: Record<string, string>;
  managedFields?: Entry[];
}
interface ConfigMapJson {
  metadata: Meta;
  data?: Record<string, string>;
}

function configMap(name: string, data: Record<string, string>) {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: NS }, data };
}

async function applyServerSide(objects: object[], args: readonly string[] = []) {
  return mini.kubectl(["apply", "--server-side", ...args, "-f", "-"], { stdin: manifest(...objects), allowFail: true });
}

async function getConfigMap(name: string): Promise<ConfigMapJson> {
  return apiGet<ConfigMapJson>(mini, `/api/v1/namespaces/${NS}/configmaps/${name}`);
}

/** manager/operation → fieldsV1, as `--show-managed-fields` lists them. */
function ownership(meta: Meta): Record<string, unknown> {
  return Object.fromEntries((meta.managedFields ?? []).map((e) => [`${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ""}`, e.fieldsV1]));
}

before(async () => {
  mini = await startMini();
  await createNamespaces(mini, NS);
});
after(async () => {
  await mini?.dispose();
});

describe("kubectl apply --server-side", { concurrency: true }, () => {
  test("the seed app is created by apply, and applying it again changes nothing", async () => {
    const first = await mini.kubectl(["apply", "--server-side", "-f", fixturePath("seed-app.yaml")]);
    assert.deepEqual(first.stdout.trim().split("\n"), [
      "namespace/my-project-dev serverside-applied",
      "deployment.apps/my-app-deployment serverside-applied",
      "service/my-app-service serverside-applied",
    ]);
    const paths = ["/api/v1/namespaces/my-project-dev", "/apis/apps/v1/namespaces/my-project-dev/deployments/my-app-deployment", "/api/v1/namespaces/my-project-dev/services/my-app-service"];
    const before = await Promise.all(paths.map((path) => apiGet<{ metadata: Meta }>(mini, path)));
    const deployment = before[1]?.metadata;
    assert.deepEqual(ownership(deployment ?? { name: "", resourceVersion: "" })["kubectl/Apply"], {
      "f:spec": {
        "f:replicas": {},
        "f:selector": {},
        "f:template": {
          "f:metadata": { "f:labels": { "f:app": {} } },
          "f:spec": {
            "f:containers": {
              'k:{"name":"echo-container"}': {
                ".": {},
                "f:image": {},
                "f:name": {},
                "f:ports": { 'k:{"containerPort":8080,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } },
              },
            },
          },
        },
      },
    });

    const again = await mini.kubectl(["apply", "--server-side", "-f", fixturePath("seed-app.yaml"), "-o", "json"]);
    const reapplied = (JSON.parse(again.stdout) as { items: { metadata: Meta }[] }).items;
    // The Deployment's status moves with its controller; its generation and ownership do not.
    assert.equal(reapplied[0]?.metadata.resourceVersion, before[0]?.metadata.resourceVersion, "namespace unchanged");
    assert.equal(reapplied[2]?.metadata.resourceVersion, before[2]?.metadata.resourceVersion, "service unchanged");
    assert.equal(reapplied[1]?.metadata.generation, 1);
    // kubectl prints objects without managedFields; read them back.
    const after = await apiGet<{ metadata: Meta }>(mini, paths[1] ?? "");
    const applied = (meta: Meta | undefined) => meta?.managedFields?.find((e) => e.manager === "kubectl");
    assert.deepEqual(applied(after.metadata), applied(deployment), "same ownership, same time");
  });

  test("a second manager conflicts on alice's field; --force-conflicts takes it; alice dropping a field removes it", async () => {
    assert.equal((await applyServerSide([configMap("shared", { a: "1" })], ["--field-manager=alice"])).code, 0);
    assert.equal((await applyServerSide([configMap("shared", { a: "1", b: "2" })], ["--field-manager=alice"])).code, 0);

    const refused = await applyServerSide([configMap("shared", { a: "9" })], ["--field-manager=bob"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Apply failed with 1 conflict: conflict with "alice": \.data\.a/);
    assert.match(refused.stderr, /--force-conflicts/);
    assert.deepEqual((await getConfigMap("shared")).data, { a: "1", b: "2" });

    const forced = await applyServerSide([configMap("shared", { a: "9" })], ["--field-manager=bob", "--force-conflicts"]);
    assert.equal(forced.code, 0, forced.stderr);
    const taken = await getConfigMap("shared");
    assert.deepEqual(taken.data, { a: "9", b: "2" });
    assert.deepEqual(ownership(taken.metadata), {
      "alice/Apply": { "f:data": { "f:b": {} } },
      "bob/Apply": { "f:data": { "f:a": {} } },
    });

    // alice applies without b (and with bob's value of a, so without conflict): b goes, a stays bob's and hers.
    assert.equal((await applyServerSide([configMap("shared", { a: "9" })], ["--field-manager=alice"])).code, 0);
    const dropped = await getConfigMap("shared");
    assert.deepEqual(dropped.data, { a: "9" });
    assert.deepEqual(ownership(dropped.metadata), {
      "alice/Apply": { "f:data": { "f:a": {} } },
      "bob/Apply": { "f:data": { "f:a": {} } },
    });
  });

  test("a second manager changing a Deployment's replicas conflicts, and wins with --force-conflicts", async () => {
    const web = (replicas: number) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: NS },
      spec: {
        replicas,
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx:1.27" }] } },
      },
    });
    assert.equal((await applyServerSide([web(2)])).code, 0);
    const scaler = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: NS }, spec: { replicas: 5 } };
    const refused = await applyServerSide([scaler], ["--field-manager=autoscaler"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /conflict with "kubectl": \.spec\.replicas/);
    const forced = await applyServerSide([scaler], ["--field-manager=autoscaler", "--force-conflicts"]);
    assert.equal(forced.code, 0, forced.stderr);
    const got = await apiGet<{ metadata: Meta; spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }>(mini, `/apis/apps/v1/namespaces/${NS}/deployments/web`);
    assert.equal(got.spec.replicas, 5);
    assert.equal(got.spec.template.spec.containers[0]?.image, "nginx:1.27", "the partial configuration left the rest alone");
    assert.deepEqual(ownership(got.metadata)["autoscaler/Apply"], { "f:spec": { "f:replicas": {} } });
    assert.equal((ownership(got.metadata)["kubectl/Apply"] as { "f:spec": Record<string, unknown> })["f:spec"]["f:replicas"], undefined);
  });

  test("client-side apply, then --server-side, as upstream documents the upgrade", async () => {
    const clientSide = await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(configMap("upgraded", { mode: "fast", level: "1" })) });
    assert.equal(clientSide.stdout.trim(), "configmap/upgraded created");
    const created = await getConfigMap("upgraded");
    assert.deepEqual(Object.keys(ownership(created.metadata)), ["kubectl-client-side-apply/Update"]);

    // Changing a value the annotation recorded does not conflict with kubectl-client-side-apply.
    const serverSide = await applyServerSide([configMap("upgraded", { mode: "slow", level: "1" })]);
    assert.equal(serverSide.code, 0, serverSide.stderr);
    assert.equal(serverSide.stdout.trim(), "configmap/upgraded serverside-applied");
    const upgraded = await getConfigMap("upgraded");
    assert.deepEqual(upgraded.data, { mode: "slow", level: "1" });
    assert.deepEqual(ownership(upgraded.metadata)["kubectl/Apply"], { "f:data": { "f:level": {}, "f:mode": {} } });
    const annotation = JSON.parse(upgraded.metadata.annotations?.["kubectl.kubernetes.io/last-applied-configuration"] ?? "{}") as ConfigMapJson;
    assert.deepEqual(annotation.data, { mode: "slow", level: "1" }, "the annotation follows the server-side apply");

    // And client-side apply still works afterwards, from the annotation kept in step.
    const back = await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(configMap("upgraded", { mode: "slow" })) });
    assert.equal(back.stdout.trim(), "configmap/upgraded configured");
    assert.deepEqual((await getConfigMap("upgraded")).data, { mode: "slow" });
  });

  test("kubectl create records an Update entry that --show-managed-fields prints", async () => {
    await mini.kubectl(["create", "configmap", "made", "-n", NS, "--from-literal=k=v"]);
    const plain = await mini.kubectl(["get", "configmap", "made", "-n", NS, "-o", "yaml"]);
    assert.doesNotMatch(plain.stdout, /managedFields/);
    const shown = await mini.kubectl(["get", "configmap", "made", "-n", NS, "-o", "yaml", "--show-managed-fields"]);
    assert.match(shown.stdout, /managedFields:\n {2}- apiVersion: v1\n {4}fieldsType: FieldsV1\n {4}fieldsV1:\n {6}f:data:\n {8}\.: \{\}\n {8}f:k: \{\}\n {4}manager: kubectl-create\n {4}operation: Update\n {4}time: /);
  });

  test("apply without a field manager, or with the wrong version, is refused as upstream refuses it", async () => {
    const body = JSON.stringify(configMap("raw", { a: "1" }));
    const headers = { "Content-Type": "application/apply-patch+yaml" };
    const path = `/api/v1/namespaces/${NS}/configmaps/raw`;
    const missing = await mini.request({ method: "PATCH", path, headers, body });
    assert.equal(missing.status, 422);
    assert.match(missing.body, /PatchOptions.meta.k8s.io \\"\\" is invalid: fieldManager: Required value: is required for apply patch/);
    const wrongVersion = await mini.request({ method: "PATCH", path: `${path}?fieldManager=m`, headers, body: JSON.stringify({ ...configMap("raw", {}), apiVersion: "v2" }) });
    assert.equal(wrongVersion.status, 400);
    assert.match(wrongVersion.body, /Incorrect version specified in apply patch. Specified patch version: v2, expected: v1/);
    const dryRun = await mini.request({ method: "PATCH", path: `${path}?fieldManager=m&dryRun=All`, headers, body });
    assert.equal(dryRun.status, 201);
    assert.equal((await mini.request({ path })).status, 404, "a dry run creates nothing");
    const yaml = await mini.request({ method: "PATCH", path: `${path}?fieldManager=m`, headers, body: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: raw\ndata:\n  a: '1'\n" });
    assert.equal(yaml.status, 201, yaml.body);
    const deploymentPath = `/apis/apps/v1/namespaces/${NS}/deployments/status-target`;
    const target = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "status-target" } };
    const spec = { replicas: 0, selector: { matchLabels: { app: "s" } }, template: { metadata: { labels: { app: "s" } }, spec: { containers: [{ name: "app", image: "nginx" }] } } };
    assert.equal((await mini.request({ method: "PATCH", path: `${deploymentPath}?fieldManager=m`, headers, body: JSON.stringify({ ...target, spec }) })).status, 201);
    const condition = { type: "Custom", status: "True" };
    const statusApply = await mini.request({ method: "PATCH", path: `${deploymentPath}/status?fieldManager=prober`, headers, body: JSON.stringify({ ...target, spec: { replicas: 7 }, status: { conditions: [condition] } }) });
    assert.equal(statusApply.status, 200, statusApply.body);
    const withStatus = JSON.parse(statusApply.body) as { metadata: Meta; spec: { replicas: number }; status: { conditions: { type: string }[] } };
    assert.equal(withStatus.spec.replicas, 0, "a status apply leaves spec alone");
    assert.ok(withStatus.status.conditions.some((c) => c.type === "Custom"));
    assert.deepEqual(ownership(withStatus.metadata)["prober/Apply/status"], { "f:status": { "f:conditions": { 'k:{"type":"Custom"}': { ".": {}, "f:status": {}, "f:type": {} } } } });
    const forcedPatch = await mini.request({ method: "PATCH", path: `${path}?force=true`, headers: { "Content-Type": "application/merge-patch+json" }, body: "{}" });
    assert.equal(forcedPatch.status, 422);
    assert.match(forcedPatch.body, /force: Forbidden: may not be specified for non-apply patch/);
  });
});

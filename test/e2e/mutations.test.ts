/**
 * Changing objects with kubectl: replace (and its optimistic concurrency), the three patch types,
 * scale, label, annotate, delete, imperative create, and the namespace lifecycle.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { apiGet, createNamespaces, jsonOf, manifest, parseTable, startMini, waitUntil, type Mini } from "../harness.js";

const NS = "e2e-mutate";
let mini: Mini;

interface Meta {
  name: string;
  resourceVersion: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  finalizers?: string[];
}
interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string }[];
  ports?: { containerPort: number; protocol?: string }[];
}
interface DeploymentJson {
  metadata: Meta;
  spec: { replicas: number; template: { spec: { containers: Container[] } } };
}
interface ConfigMapJson {
  metadata: Meta;
  data?: Record<string, string>;
}

function deployment(name: string) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: NS },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: "app", image: "nginx:1.25", env: [{ name: "KEEP", value: "yes" }], ports: [{ containerPort: 80 }] },
            { name: "sidecar", image: "busybox:1.36", command: ["sleep", "3600"] },
          ],
        },
      },
    },
  };
}

function configMap(name: string, data: Record<string, string>) {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: NS }, data };
}

// Results are read back over raw HTTPS: kubectl is what makes the change, the API is the witness.
async function getDeployment(name: string): Promise<DeploymentJson> {
  return apiGet<DeploymentJson>(mini, `/apis/apps/v1/namespaces/${NS}/deployments/${name}`);
}
async function getConfigMap(name: string, namespace = NS): Promise<ConfigMapJson> {
  return apiGet<ConfigMapJson>(mini, `/api/v1/namespaces/${namespace}/configmaps/${name}`);
}
/** Resolves once GET `path` answers 404. */
async function gone(path: string, what: string): Promise<void> {
  await waitUntil(what, async () => ((await mini.request({ path })).status === 404 ? true : undefined), { intervalMs: 50 });
}
async function create(...objects: object[]): Promise<void> {
  await mini.kubectl(["create", "-f", "-"], { stdin: manifest(...objects) });
}

before(async () => {
  mini = await startMini();
  await createNamespaces(mini, NS);
});
after(async () => {
  await mini?.dispose();
});

// The tests below touch disjoint objects, so they run concurrently (kubectl start-up dominates).
describe("kubectl changes objects", { concurrency: true }, () => {
  test("kubectl create namespace, configmap and deployment work imperatively", async () => {
    const ns = await mini.kubectl(["create", "namespace", "e2e-imperative"]);
    assert.equal(ns.stdout.trim(), "namespace/e2e-imperative created");
    const cm = await mini.kubectl(["create", "configmap", "settings", "-n", "e2e-imperative", "--from-literal=mode=fast"]);
    assert.equal(cm.stdout.trim(), "configmap/settings created");
    const deploy = await mini.kubectl(["create", "deployment", "hello", "-n", "e2e-imperative", "--image=nginx:1.27", "--replicas=2"]);
    assert.equal(deploy.stdout.trim(), "deployment.apps/hello created");
    const got = await apiGet<DeploymentJson & { spec: { selector: { matchLabels: Record<string, string> } } }>(
      mini,
      "/apis/apps/v1/namespaces/e2e-imperative/deployments/hello",
    );
    assert.equal(got.spec.replicas, 2);
    assert.deepEqual(got.spec.selector.matchLabels, { app: "hello" });
    assert.deepEqual((await getConfigMap("settings", "e2e-imperative")).data, { mode: "fast" });
    const secret = await mini.kubectl(["create", "secret", "generic", "creds", "-n", "e2e-imperative", "--from-literal=password=s3cret"]);
    assert.equal(secret.stdout.trim(), "secret/creds created");
    const stored = await apiGet<{ type: string; data: Record<string, string> }>(mini, "/api/v1/namespaces/e2e-imperative/secrets/creds");
    assert.equal(stored.type, "Opaque");
    assert.equal(Buffer.from(stored.data["password"] ?? "", "base64").toString("utf8"), "s3cret");
  });

  test("kubectl run creates a Pending pod that get and describe show", async () => {
    const run = await mini.kubectl(["run", "runner", "-n", NS, "--image=nginx:1.27", "--labels=run=runner"]);
    assert.equal(run.stdout.trim(), "pod/runner created");
    const { stdout } = await mini.kubectl(["get", "pod", "runner", "-n", NS, "-o", "wide"]);
    const table = parseTable(stdout);
    assert.deepEqual(table.headers, ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    assert.equal(table.rows[0]?.["NAME"], "runner");
    assert.equal(table.rows[0]?.["READY"], "0/1");
    assert.equal(table.rows[0]?.["STATUS"], "Pending");
    assert.equal(table.rows[0]?.["RESTARTS"], "0");
    assert.equal(table.rows[0]?.["IP"], "<none>");
    assert.equal(table.rows[0]?.["NODE"], "<none>", "no node runs pods yet");
    const pod = await apiGet<{ spec: { restartPolicy?: string; containers: { imagePullPolicy?: string }[] }; status: { phase?: string } }>(
      mini,
      `/api/v1/namespaces/${NS}/pods/runner`,
    );
    assert.equal(pod.status.phase, "Pending");
    assert.equal(pod.spec.restartPolicy, "Always", "restartPolicy defaults to Always");
    assert.equal(pod.spec.containers[0]?.imagePullPolicy, "IfNotPresent", "a tagged image defaults to IfNotPresent");
    // describe also lists the pod's events, by an involvedObject field selector.
    const described = await mini.kubectl(["describe", "pod", "runner", "-n", NS]);
    assert.match(described.stdout, /^Name:\s+runner$/m);
    assert.match(described.stdout, /^Status:\s+Pending$/m);
    assert.match(described.stdout, /^\s+Image:\s+nginx:1\.27$/m);
    assert.match(described.stdout, /^Events:/m);
  });

  test("kubectl apply of an edited file drops, adds and reorders list items and keeps out-of-band labels", async () => {
    const version = (containers: object[], labels: Record<string, string>) =>
      manifest({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "applied", namespace: NS, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: "applied" } },
          template: { metadata: { labels: { app: "applied" } }, spec: { containers } },
        },
      });
    const first = await mini.kubectl(["apply", "-f", "-"], {
      stdin: version(
        [
          { name: "app", image: "nginx:1.25", env: [{ name: "A", value: "1" }, { name: "B", value: "2" }], ports: [{ containerPort: 80 }] },
          { name: "side", image: "busybox:1.35" },
        ],
        { owner: "me", tier: "web" },
      ),
    });
    assert.equal(first.stdout.trim(), "deployment.apps/applied created");
    await mini.kubectl(["label", "deploy", "applied", "-n", NS, "added-by-hand=yes"]);

    const second = await mini.kubectl(["apply", "-f", "-"], {
      stdin: version(
        [
          { name: "side", image: "busybox:1.36" },
          { name: "app", image: "nginx:1.27", env: [{ name: "C", value: "3" }, { name: "A", value: "1" }] },
        ],
        { owner: "me" },
      ),
    });
    assert.equal(second.stdout.trim(), "deployment.apps/applied configured");
    const got = await getDeployment("applied");
    const containers = got.spec.template.spec.containers;
    assert.deepEqual(containers.map((c) => [c.name, c.image]), [["side", "busybox:1.36"], ["app", "nginx:1.27"]]);
    assert.deepEqual(containers[1]?.env?.map((e) => e.name), ["C", "A"], "B is gone, C added, in the file's order");
    assert.equal(containers[1]?.ports, undefined, "the port dropped from the file is gone");
    assert.deepEqual(got.metadata.labels, { owner: "me", "added-by-hand": "yes" }, "tier is removed; the hand-added label stays");
    assert.equal(got.metadata.generation, 2);
  });

  test("kubectl replace with the current resourceVersion replaces the object", async () => {
    await create(configMap("replace-ok", { a: "1" }));
    const current = await getConfigMap("replace-ok");
    const result = await mini.kubectl(["replace", "-f", "-"], {
      stdin: JSON.stringify({ ...current, data: { a: "2" } }),
    });
    assert.equal(result.stdout.trim(), "configmap/replace-ok replaced");
    const after = await getConfigMap("replace-ok");
    assert.deepEqual(after.data, { a: "2" });
    assert.ok(Number(after.metadata.resourceVersion) > Number(current.metadata.resourceVersion), "the resourceVersion grows");
  });

  test("kubectl replace with a stale resourceVersion fails with a Conflict and changes nothing", async () => {
    await create(configMap("replace-stale", { a: "1" }));
    const stale = await getConfigMap("replace-stale");
    await mini.kubectl(["label", "configmap", "replace-stale", "-n", NS, "touched=yes"]);
    const current = await getConfigMap("replace-stale");
    assert.notEqual(current.metadata.resourceVersion, stale.metadata.resourceVersion);

    const result = await mini.kubectl(["replace", "-f", "-"], {
      stdin: JSON.stringify({ ...stale, data: { a: "lost update" } }),
      allowFail: true,
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Conflict/);
    assert.match(
      result.stderr,
      /Operation cannot be fulfilled on configmaps "replace-stale": the object has been modified; please apply your changes to the latest version and try again/,
    );
    const after = await getConfigMap("replace-stale");
    assert.deepEqual(after.data, { a: "1" });
    assert.equal(after.metadata.resourceVersion, current.metadata.resourceVersion);
  });

  test("a raw PUT with a stale resourceVersion answers 409 Conflict as a Status", async () => {
    await create(configMap("put-stale", { a: "1" }));
    await mini.kubectl(["label", "configmap", "put-stale", "-n", NS, "touched=yes"]);
    const current = await getConfigMap("put-stale");
    const response = await mini.request({
      method: "PUT",
      path: `/api/v1/namespaces/${NS}/configmaps/put-stale`,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...current, metadata: { ...current.metadata, resourceVersion: "1" }, data: { a: "x" } }),
    });
    assert.equal(response.status, 409);
    const status = jsonOf(response);
    assert.equal(status["kind"], "Status");
    assert.equal(status["status"], "Failure");
    assert.equal(status["reason"], "Conflict");
    assert.equal(status["code"], 409);
    assert.deepEqual(status["details"], { name: "put-stale", kind: "configmaps" });
    assert.deepEqual((await getConfigMap("put-stale")).data, { a: "1" });
  });

  test("patch --type=json adds, replaces and removes fields", async () => {
    await create(configMap("json-patch", { a: "1", b: "2" }));
    const result = await mini.kubectl([
      "patch", "configmap", "json-patch", "-n", NS, "--type=json",
      "-p", JSON.stringify([
        { op: "add", path: "/data/c", value: "3" },
        { op: "replace", path: "/data/a", value: "one" },
        { op: "remove", path: "/data/b" },
        { op: "add", path: "/metadata/labels", value: { patched: "json" } },
      ]),
    ]);
    assert.equal(result.stdout.trim(), "configmap/json-patch patched");
    const after = await getConfigMap("json-patch");
    assert.deepEqual(after.data, { a: "one", c: "3" });
    assert.deepEqual(after.metadata.labels, { patched: "json" });
  });

  test("patch --type=merge sets keys and deletes the ones given as null", async () => {
    await create(configMap("merge-patch", { a: "1", b: "2" }));
    const result = await mini.kubectl([
      "patch", "configmap", "merge-patch", "-n", NS, "--type=merge",
      "-p", JSON.stringify({ data: { a: null, c: "3" }, metadata: { labels: { patched: "merge" } } }),
    ]);
    assert.equal(result.stdout.trim(), "configmap/merge-patch patched");
    const after = await getConfigMap("merge-patch");
    assert.deepEqual(after.data, { b: "2", c: "3" });
    assert.deepEqual(after.metadata.labels, { patched: "merge" });
  });

  test("patch --type=merge replaces lists whole", async () => {
    await create(deployment("merge-list"));
    await mini.kubectl([
      "patch", "deploy", "merge-list", "-n", NS, "--type=merge",
      "-p", JSON.stringify({ spec: { template: { spec: { containers: [{ name: "only", image: "redis:7" }] } } } }),
    ]);
    const after = await getDeployment("merge-list");
    assert.deepEqual(after.spec.template.spec.containers.map((c) => [c.name, c.image]), [["only", "redis:7"]]);
  });

  test("patch --type=strategic merges containers and env vars by name", async () => {
    await create(deployment("smp"));
    const before = await getDeployment("smp");
    assert.equal(before.metadata.generation, 1);
    const result = await mini.kubectl([
      "patch", "deploy", "smp", "-n", NS, "--type=strategic",
      "-p", JSON.stringify({ spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.27", env: [{ name: "MODE", value: "fast" }] }] } } } }),
    ]);
    assert.equal(result.stdout.trim(), "deployment.apps/smp patched");
    const after = await getDeployment("smp");
    const containers = after.spec.template.spec.containers;
    assert.deepEqual(containers.map((c) => c.name), ["app", "sidecar"], "the sidecar is kept: containers merge by name");
    const app = containers[0];
    assert.equal(app?.image, "nginx:1.27");
    assert.deepEqual(
      app?.env?.map((e) => [e.name, e.value]),
      [["MODE", "fast"], ["KEEP", "yes"]],
      "env merges by name; the new var comes first, as upstream's merge puts patch-only items first",
    );
    assert.deepEqual(app?.ports, [{ containerPort: 80, protocol: "TCP" }]);
    assert.equal(containers[1]?.image, "busybox:1.36");
    assert.equal(after.metadata.generation, 2, "a spec change bumps the generation");
  });

  test("patch --type=strategic honours $patch: delete and $setElementOrder", async () => {
    await create(deployment("smp-directives"));
    await mini.kubectl([
      "patch", "deploy", "smp-directives", "-n", NS, "--type=strategic",
      "-p", JSON.stringify({ spec: { template: { spec: { containers: [{ name: "sidecar", $patch: "delete" }] } } } }),
    ]);
    let after = await getDeployment("smp-directives");
    assert.deepEqual(after.spec.template.spec.containers.map((c) => c.name), ["app"]);

    await mini.kubectl([
      "patch", "deploy", "smp-directives", "-n", NS, "--type=strategic",
      "-p", JSON.stringify({
        spec: { template: { spec: {
          "$setElementOrder/containers": [{ name: "first" }, { name: "app" }],
          containers: [{ name: "first", image: "redis:7" }],
        } } },
      }),
    ]);
    after = await getDeployment("smp-directives");
    assert.deepEqual(after.spec.template.spec.containers.map((c) => c.name), ["first", "app"]);
  });

  test("a patch that changes nothing reports no change and keeps the resourceVersion", async () => {
    await create(configMap("no-change", { a: "1" }));
    const before = await getConfigMap("no-change");
    const result = await mini.kubectl(["patch", "configmap", "no-change", "-n", NS, "--type=merge", "-p", JSON.stringify({ data: { a: "1" } })]);
    assert.equal(result.stdout.trim(), "configmap/no-change patched (no change)");
    const after = await getConfigMap("no-change");
    assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
  });

  test("kubectl scale --replicas=7 sets .spec.replicas through the scale subresource, and --current-replicas guards it", async () => {
    await create(deployment("scaled"));
    const result = await mini.kubectl(["scale", "deploy", "scaled", "-n", NS, "--replicas=7"]);
    assert.equal(result.stdout.trim(), "deployment.apps/scaled scaled");
    assert.equal((await getDeployment("scaled")).spec.replicas, 7);
    const scale = jsonOf(await mini.request({ path: `/apis/apps/v1/namespaces/${NS}/deployments/scaled/scale` }));
    assert.equal(scale["kind"], "Scale");
    assert.equal(scale["apiVersion"], "autoscaling/v1");
    assert.deepEqual(scale["spec"], { replicas: 7 });
    assert.equal((scale["status"] as { selector?: string } | undefined)?.selector, "app=scaled");

    // kubectl checks --current-replicas against the scale subresource before it writes.
    const guarded = await mini.kubectl(["scale", "deploy", "scaled", "-n", NS, "--current-replicas=3", "--replicas=1"], { allowFail: true });
    assert.equal(guarded.code, 1);
    assert.match(guarded.stderr, /Expected replicas to be 3, was 7/);
    assert.equal((await getDeployment("scaled")).spec.replicas, 7);
  });

  test("kubectl label adds, overwrites and removes labels without bumping the generation", async () => {
    await create(deployment("labelled"));
    const added = await mini.kubectl(["label", "deploy", "labelled", "-n", NS, "team=blue", "stage=dev"]);
    assert.equal(added.stdout.trim(), "deployment.apps/labelled labeled");
    let got = await getDeployment("labelled");
    assert.deepEqual(got.metadata.labels, { team: "blue", stage: "dev" });

    const refused = await mini.kubectl(["label", "deploy", "labelled", "-n", NS, "team=red"], { allowFail: true });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /'team' already has a value \(blue\), and --overwrite is false/);

    await mini.kubectl(["label", "deploy", "labelled", "-n", NS, "team=red", "--overwrite"]);
    const removed = await mini.kubectl(["label", "deploy", "labelled", "-n", NS, "stage-"]);
    assert.equal(removed.stdout.trim(), "deployment.apps/labelled unlabeled");
    got = await getDeployment("labelled");
    assert.deepEqual(got.metadata.labels, { team: "red" });
    assert.equal(got.metadata.generation, 1, "metadata changes do not bump the generation");

    const selected = await mini.kubectl(["get", "deploy", "-n", NS, "-l", "team=red", "-o", "name"]);
    assert.equal(selected.stdout, "deployment.apps/labelled\n");
  });

  test("kubectl create -f with generateName gets a generated name", async () => {
    const manifestText = manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "gen-", namespace: NS } });
    const first = await mini.kubectl(["create", "-f", "-"], { stdin: manifestText });
    const second = await mini.kubectl(["create", "-f", "-"], { stdin: manifestText });
    const pattern = /^configmap\/(gen-[a-z0-9]{5}) created$/;
    const a = pattern.exec(first.stdout.trim())?.[1];
    const b = pattern.exec(second.stdout.trim())?.[1];
    assert.ok(a !== undefined && b !== undefined, `generated names in ${first.stdout} ${second.stdout}`);
    assert.notEqual(a, b);
    assert.equal((await getConfigMap(a)).metadata.name, a);
  });

  test("the main resource ignores status and the status subresource ignores spec", async () => {
    await create(deployment("status-split"));
    const main = await mini.kubectl([
      "patch", "deploy", "status-split", "-n", NS, "--type=merge", "-o", "json",
      "-p", JSON.stringify({ spec: { replicas: 2 }, status: { replicas: 42 } }),
    ]);
    const afterMain = JSON.parse(main.stdout) as DeploymentJson & { status?: { replicas?: number } };
    assert.equal(afterMain.spec.replicas, 2);
    assert.notEqual(afterMain.status?.replicas, 42, "a write to the main resource leaves status alone");

    const status = await mini.kubectl([
      "patch", "deploy", "status-split", "-n", NS, "--subresource=status", "--type=merge", "-o", "json",
      "-p", JSON.stringify({ spec: { replicas: 9 }, status: { replicas: 42 } }),
    ]);
    const afterStatus = JSON.parse(status.stdout) as DeploymentJson & { status?: { replicas?: number } };
    assert.equal(afterStatus.status?.replicas, 42, "the status subresource writes status");
    assert.equal(afterStatus.spec.replicas, 2, "the status subresource leaves spec alone");
    assert.equal(afterStatus.metadata.generation, afterMain.metadata.generation, "a status write does not bump the generation");
  });

  test("--dry-run=server validates and answers without writing", async () => {
    const dry = await mini.kubectl(["apply", "--dry-run=server", "-f", "-"], { stdin: manifest(configMap("dry", { a: "1" })) });
    assert.equal(dry.stdout.trim(), "configmap/dry created (server dry run)");
    assert.equal((await mini.request({ path: `/api/v1/namespaces/${NS}/configmaps/dry` })).status, 404, "a dry run creates nothing");

    await create(configMap("dry-kept", { a: "1" }));
    const before = await getConfigMap("dry-kept");
    const patched = await mini.kubectl(["patch", "configmap", "dry-kept", "-n", NS, "--dry-run=server", "--type=merge", "-p", '{"data":{"a":"2"}}', "-o", "jsonpath={.data.a}"]);
    assert.equal(patched.stdout, "2", "the dry run answers with the patched object");
    const deleted = await mini.kubectl(["delete", "configmap", "dry-kept", "-n", NS, "--dry-run=server"]);
    assert.match(deleted.stdout.trim(), /^configmap "dry-kept" deleted.*\(server dry run\)$/);
    const still = await mini.request({ path: `/api/v1/namespaces/${NS}/configmaps/dry-kept` });
    assert.equal(still.status, 200, `a server dry-run delete must not delete: GET answered ${still.status}`);
    const after = await getConfigMap("dry-kept");
    assert.deepEqual(after.data, { a: "1" });
    assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion, "neither dry run wrote");
  });

  test("services get distinct cluster IPs, and a taken IP is refused", async () => {
    const service = (name: string, clusterIP?: string) => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: NS },
      spec: { selector: { app: name }, ports: [{ port: 80 }], ...(clusterIP === undefined ? {} : { clusterIP }) },
    });
    await create(service("svc-a"), service("svc-b"));
    const ipOf = async (name: string) =>
      (await apiGet<{ spec: { clusterIP?: string; clusterIPs?: string[] } }>(mini, `/api/v1/namespaces/${NS}/services/${name}`)).spec;
    const a = await ipOf("svc-a");
    const b = await ipOf("svc-b");
    assert.match(a.clusterIP ?? "", /^\d{1,3}(\.\d{1,3}){3}$/);
    assert.match(b.clusterIP ?? "", /^\d{1,3}(\.\d{1,3}){3}$/);
    assert.notEqual(a.clusterIP, b.clusterIP);
    assert.deepEqual(a.clusterIPs, [a.clusterIP]);

    const taken = await mini.kubectl(["create", "-f", "-"], { stdin: manifest(service("svc-c", a.clusterIP)), allowFail: true });
    assert.equal(taken.code, 1, `a second service on svc-a's clusterIP ${String(a.clusterIP)} must be refused; kubectl said: ${taken.stdout}`);
    assert.match(taken.stderr, /The Service "svc-c" is invalid: spec\.clusterIPs?: Invalid value: .*provided IP is already allocated/);

    const headless = await mini.kubectl(["create", "-f", "-"], { stdin: manifest(service("svc-headless", "None")) });
    assert.equal(headless.stdout.trim(), "service/svc-headless created");
    assert.equal((await ipOf("svc-headless")).clusterIP, "None");
  });

  test("kubectl set image and rollout restart change the pod template", async () => {
    await create(deployment("rolled"));
    const set = await mini.kubectl(["set", "image", "deploy/rolled", "-n", NS, "app=nginx:1.28"]);
    assert.equal(set.stdout.trim(), "deployment.apps/rolled image updated");
    const restart = await mini.kubectl(["rollout", "restart", "deploy/rolled", "-n", NS]);
    assert.equal(restart.stdout.trim(), "deployment.apps/rolled restarted");
    const got = await apiGet<DeploymentJson & { spec: { template: { metadata: { annotations?: Record<string, string> } } } }>(
      mini,
      `/apis/apps/v1/namespaces/${NS}/deployments/rolled`,
    );
    assert.deepEqual(got.spec.template.spec.containers.map((c) => [c.name, c.image]), [["app", "nginx:1.28"], ["sidecar", "busybox:1.36"]]);
    assert.match(got.spec.template.metadata.annotations?.["kubectl.kubernetes.io/restartedAt"] ?? "", /^\d{4}-\d\d-\d\dT/);
    assert.equal(got.metadata.generation, 3, "two template changes, two generations");
  });

  test("kubectl annotate adds and removes annotations", async () => {
    await create(configMap("annotated", {}));
    const added = await mini.kubectl(["annotate", "configmap", "annotated", "-n", NS, "note=hello world", "owner=team-a"]);
    assert.equal(added.stdout.trim(), "configmap/annotated annotated");
    let got = await getConfigMap("annotated");
    assert.equal(got.metadata.annotations?.["note"], "hello world");
    assert.equal(got.metadata.annotations?.["owner"], "team-a");
    await mini.kubectl(["annotate", "configmap", "annotated", "-n", NS, "note-"]);
    got = await getConfigMap("annotated");
    assert.equal(got.metadata.annotations?.["note"], undefined);
    assert.equal(got.metadata.annotations?.["owner"], "team-a");
  });

  test("kubectl delete removes the object, and a second delete is NotFound", async () => {
    await create(configMap("doomed", { a: "1" }));
    const result = await mini.kubectl(["delete", "configmap", "doomed", "-n", NS]);
    assert.match(result.stdout.trim(), new RegExp(`^configmap "doomed" deleted( from ${NS} namespace)?$`));
    const get = await mini.kubectl(["get", "configmap", "doomed", "-n", NS], { allowFail: true });
    assert.equal(get.code, 1);
    assert.equal(get.stderr.trim(), 'Error from server (NotFound): configmaps "doomed" not found');
    const again = await mini.kubectl(["delete", "configmap", "doomed", "-n", NS], { allowFail: true });
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim(), 'Error from server (NotFound): configmaps "doomed" not found');
  });

  test("kubectl delete -l deletes exactly the selected objects", async () => {
    await create(
      { ...configMap("sel-1", {}), metadata: { name: "sel-1", namespace: NS, labels: { batch: "x" } } },
      { ...configMap("sel-2", {}), metadata: { name: "sel-2", namespace: NS, labels: { batch: "x" } } },
      { ...configMap("sel-3", {}), metadata: { name: "sel-3", namespace: NS, labels: { batch: "y" } } },
    );
    await mini.kubectl(["delete", "configmaps", "-n", NS, "-l", "batch=x"]);
    const left = await mini.kubectl(["get", "configmaps", "-n", NS, "-l", "batch", "-o", "name"]);
    assert.equal(left.stdout, "configmap/sel-3\n");
  });

  test("a finalizer holds a deleted object with a deletionTimestamp until it is removed", async () => {
    await create({ ...configMap("held", {}), metadata: { name: "held", namespace: NS, finalizers: ["example.com/hold"] } });
    await mini.kubectl(["delete", "configmap", "held", "-n", NS, "--wait=false"]);
    const held = await getConfigMap("held");
    assert.match(held.metadata.deletionTimestamp ?? "", /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(held.metadata.finalizers, ["example.com/hold"]);
    await mini.kubectl(["patch", "configmap", "held", "-n", NS, "--type=merge", "-p", '{"metadata":{"finalizers":null}}']);
    await gone(`/api/v1/namespaces/${NS}/configmaps/held`, "the finalized configmap to be gone");
  });

  test("a deleted namespace is Terminating, refuses new objects, and goes once its contents are gone", async () => {
    const ns = "e2e-terminating";
    await createNamespaces(mini, ns);
    await create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "held", namespace: ns, finalizers: ["example.com/hold"] } });
    await create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "plain", namespace: ns } });
    await mini.kubectl(["delete", "namespace", ns, "--wait=false"]);

    const terminating = await apiGet<{ metadata: Meta; status: { phase: string } }>(mini, `/api/v1/namespaces/${ns}`);
    assert.equal(terminating.status.phase, "Terminating");
    assert.match(terminating.metadata.deletionTimestamp ?? "", /^\d{4}-\d\d-\d\dT/);
    const listed = await mini.kubectl(["get", "namespace", ns]);
    assert.match(listed.stdout, new RegExp(`^${ns}\\s+Terminating\\s+`, "m"));

    const refused = await mini.kubectl(["create", "-f", "-"], {
      stdin: manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "late", namespace: ns } }),
      allowFail: true,
    });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Forbidden/);
    assert.match(refused.stderr, new RegExp(`unable to create new content in namespace ${ns} because it is being terminated`));

    // The namespace controller removes what it can; the finalizer keeps one object, and so the namespace.
    await gone(`/api/v1/namespaces/${ns}/configmaps/plain`, "the plain configmap to be removed by the namespace controller");
    const still = await apiGet<{ status: { phase: string } }>(mini, `/api/v1/namespaces/${ns}`);
    assert.equal(still.status.phase, "Terminating");

    await mini.kubectl(["patch", "configmap", "held", "-n", ns, "--type=json", "-p", '[{"op":"remove","path":"/metadata/finalizers"}]']);
    await gone(`/api/v1/namespaces/${ns}`, `namespace ${ns} to be gone`);
    const get = await mini.kubectl(["get", "namespace", ns], { allowFail: true });
    assert.equal(get.stderr.trim(), `Error from server (NotFound): namespaces "${ns}" not found`);
  });
});

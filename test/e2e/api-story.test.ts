/**
 * Issue 3's user story, step by step in its order, with the default kubectl (1.32) on a mini with
 * two fake nodes: the `create` generators (protobuf bodies), server-side apply with a conflict,
 * explain and strict validation, a custom resource, over 1,000 pods listed in chunks and paged
 * through a write, delete --all, a server dry run, `auth can-i` and `/metrics`. Each step checks
 * what the user sees; the other e2e files test each feature in depth.
 */
import assert from "node:assert/strict";
import { Agent, request as httpsRequest } from "node:https";
import { after, before, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { apiGet, fixturePath, kubectlJson, manifest, parseTable, parseTables, startMini, type Mini } from "../harness.js";

let mini: Mini;
before(async () => {
  mini = await startMini({ extraArgs: ["--fake-nodes", "2"] });
});
after(async () => {
  await mini?.dispose();
});

/** The lines kubectl printed on stdout. */
async function lines(args: readonly string[], stdin?: string): Promise<string[]> {
  const { stdout } = await mini.kubectl(args, stdin === undefined ? {} : { stdin });
  return stdout.trim().split("\n");
}

test("kubectl create: namespace, deployment, configmap, secret, job, serviceaccount and service", async () => {
  const created = [
    ...(await lines(["create", "namespace", "dev"])),
    ...(await lines(["create", "deployment", "web", "--image=nginx", "-n", "dev"])),
    ...(await lines(["create", "configmap", "cfg", "--from-literal=a=1"])),
    ...(await lines(["create", "secret", "generic", "s", "--from-literal=p=x"])),
    ...(await lines(["create", "job", "once", "--image=busybox"])),
    ...(await lines(["create", "serviceaccount", "bot"])),
    ...(await lines(["create", "service", "clusterip", "web", "--tcp=80:8080"])),
  ];
  assert.deepEqual(created, [
    "namespace/dev created",
    "deployment.apps/web created",
    "configmap/cfg created",
    "secret/s created",
    "job.batch/once created",
    "serviceaccount/bot created",
    "service/web created",
  ]);

  const namespace = parseTable((await mini.kubectl(["get", "namespace", "dev"])).stdout);
  assert.deepEqual([namespace.rows[0]?.["NAME"], namespace.rows[0]?.["STATUS"]], ["dev", "Active"]);
  const deployment = parseTable((await mini.kubectl(["get", "deployment", "web", "-n", "dev"])).stdout);
  assert.deepEqual(deployment.headers, ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
  assert.equal(deployment.rows[0]?.["NAME"], "web");
  // One table per kind, in the order asked for.
  const tables = parseTables((await mini.kubectl(["get", "configmap/cfg", "secret/s", "job/once", "serviceaccount/bot", "service/web"])).stdout);
  assert.deepEqual(
    tables.map((table) => table.rows.map((row) => row["NAME"])),
    [["configmap/cfg"], ["secret/s"], ["job.batch/once"], ["serviceaccount/bot"], ["service/web"]],
  );
  assert.deepEqual([tables[0]?.rows[0]?.["DATA"], tables[1]?.rows[0]?.["TYPE"], tables[1]?.rows[0]?.["DATA"]], ["1", "Opaque", "1"]);
  const service = tables[4]?.rows[0];
  assert.deepEqual([service?.["TYPE"], service?.["PORT(S)"]], ["ClusterIP", "80/TCP"]);
  assert.match(service?.["CLUSTER-IP"] ?? "", /^\d+\.\d+\.\d+\.\d+$/);
});

test("kubectl apply --server-side: a second manager changing replicas conflicts, and --force-conflicts wins", async () => {
  assert.deepEqual(await lines(["apply", "--server-side", "-f", fixturePath("seed-app.yaml")]), [
    "namespace/my-project-dev serverside-applied",
    "deployment.apps/my-app-deployment serverside-applied",
    "service/my-app-service serverside-applied",
  ]);
  const scale = manifest({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "my-app-deployment", namespace: "my-project-dev" }, spec: { replicas: 5 } });
  const refused = await mini.kubectl(["apply", "--server-side", "--field-manager=scaler", "-f", "-"], { stdin: scale, allowFail: true });
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas/);
  const replicas = async () => (await mini.kubectl(["get", "deployment", "my-app-deployment", "-n", "my-project-dev", "-o", "jsonpath={.spec.replicas}"])).stdout;
  assert.equal(await replicas(), "3");
  assert.deepEqual(await lines(["apply", "--server-side", "--field-manager=scaler", "--force-conflicts", "-f", "-"], scale), [
    "deployment.apps/my-app-deployment serverside-applied",
  ]);
  assert.equal(await replicas(), "5");
});

test("kubectl explain deployment.spec.strategy prints the field and its fields", async () => {
  const { stdout } = await mini.kubectl(["explain", "deployment.spec.strategy"]);
  assert.match(stdout, /^GROUP:\s+apps$/m);
  assert.match(stdout, /^KIND:\s+Deployment$/m);
  assert.match(stdout, /^VERSION:\s+v1$/m);
  assert.match(stdout, /^FIELD: strategy <\w+>$/m);
  assert.match(stdout, /^FIELDS:$/m);
  assert.match(stdout, /^ {2}rollingUpdate\t<\w+>$/m);
  assert.match(stdout, /^ {2}type\t<string>$/m);
  assert.match(stdout, /^ {2}enum: Recreate, RollingUpdate$/m);
});

test("kubectl apply of an unknown field is refused under the default strict validation", async () => {
  const typo = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "typo", namespace: "dev" },
    spec: {
      replica: 2,
      selector: { matchLabels: { app: "typo" } },
      template: { metadata: { labels: { app: "typo" } }, spec: { containers: [{ name: "app", image: "nginx" }] } },
    },
  };
  const refused = await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(typo), allowFail: true });
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /Error from server \(BadRequest\).*strict decoding error: unknown field "spec\.replica"/);
  const missing = await mini.kubectl(["get", "deployment", "typo", "-n", "dev"], { allowFail: true });
  assert.match(missing.stderr, /deployments\.apps "typo" not found/);
});

test("kubectl apply of a CustomResourceDefinition, then of a widget, which kubectl get shows", async () => {
  assert.deepEqual(await lines(["apply", "-f", fixturePath("crd-widget.yaml")]), ["customresourcedefinition.apiextensions.k8s.io/widgets.example.mini.dev created"]);
  await mini.kubectl(["wait", "--for=condition=Established", "crd/widgets.example.mini.dev", "--timeout=10s"]);
  assert.deepEqual(await lines(["apply", "-f", fixturePath("widget.yaml")]), ["widget.example.mini.dev/sprocket created"]);
  const table = parseTable((await mini.kubectl(["get", "widgets"])).stdout);
  assert.deepEqual(table.headers, ["NAME", "SIZE", "COLOR", "PHASE", "AGE"]);
  assert.deepEqual([table.rows[0]?.["NAME"], table.rows[0]?.["SIZE"], table.rows[0]?.["COLOR"]], ["sprocket", "3", "red"]);
  const widget = parseYaml((await mini.kubectl(["get", "widget", "sprocket", "-o", "yaml"])).stdout) as Record<string, unknown>;
  assert.equal(widget["kind"], "Widget");
  assert.deepEqual(widget["spec"], { size: 3, color: "red", replicas: 1 });
});

/** Bare pods nobody schedules (no scheduler has this name), so they stay Pending and cost no node work. */
const BULK = 1010;
const bulkName = (index: number) => `bulk-${String(index).padStart(4, "0")}`;
const bulkPod = (name: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "dev", labels: { story: "bulk" } },
  spec: { schedulerName: "unscheduled", containers: [{ name: "app", image: "busybox" }] },
});

async function createPod(name: string): Promise<void> {
  const response = await mini.request({
    method: "POST",
    path: "/api/v1/namespaces/dev/pods",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(bulkPod(name)),
  });
  assert.equal(response.status, 201, response.body);
}

/**
 * Creates the pods over keep-alive HTTPS, `inFlight` at a time: mini.request opens a connection
 * (and a TLS handshake) per request, which would make this step the slowest of the file.
 */
async function createPodsFast(names: readonly string[], inFlight: number): Promise<void> {
  const { server, ca, cert, key } = await mini.credentials();
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight, ca, cert, key });
  const post = (name: string) =>
    new Promise<void>((resolvePromise, reject) => {
      const body = JSON.stringify(bulkPod(name));
      const req = httpsRequest(new URL("/api/v1/namespaces/dev/pods", server), {
        method: "POST",
        agent,
        headers: { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)) },
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => (res.statusCode === 201 ? resolvePromise() : reject(new Error(`POST pod ${name}: ${res.statusCode}: ${Buffer.concat(chunks).toString()}`))));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  let next = 0;
  const worker = async () => {
    for (let name = names[next++]; name !== undefined; name = names[next++]) await post(name);
  };
  try {
    await Promise.all(Array.from({ length: inFlight }, worker));
  } finally {
    agent.destroy();
  }
}

test(`kubectl get pods --chunk-size=50 -A lists ${BULK} pods exactly once`, async (t) => {
  const started = performance.now();
  await createPodsFast(Array.from({ length: BULK }, (_, index) => bulkName(index)), 16);
  t.diagnostic(`${BULK} pods created in ${Math.round(performance.now() - started)} ms`);

  // -v=6 logs each request kubectl makes: proof that it paged rather than got everything at once.
  const { stdout, stderr } = await mini.kubectl(["get", "pods", "--chunk-size=50", "-A", "-v=6"], { timeoutMs: 60_000 });
  const pageRequests = stderr.split("\n").filter((line) => /GET \S*\/api\/v1\/pods\?\S*limit=50\S* 200 OK/.test(line));
  const table = parseTable(stdout);
  assert.equal(pageRequests.length, Math.ceil(table.rows.length / 50), "one request per chunk of 50");
  assert.deepEqual(table.headers.slice(0, 2), ["NAMESPACE", "NAME"]);
  const listed = table.rows.map((row) => `${row["NAMESPACE"]}/${row["NAME"]}`);
  assert.equal(new Set(listed).size, listed.length, "no pod is listed twice");
  const bulk = listed.filter((name) => name.startsWith("dev/bulk-"));
  assert.deepEqual(bulk.sort(), Array.from({ length: BULK }, (_, index) => `dev/${bulkName(index)}`));
});

interface PodPage {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: { metadata: { name: string } }[];
}

test("paging with limit=100 reads one snapshot while a pod is created and another deleted between pages", async (t) => {
  // No selector: with one, the server cannot know how many items remain and leaves the count out.
  const path = "/api/v1/namespaces/dev/pods?limit=100";
  const first = await apiGet<PodPage>(mini, path);
  assert.equal(first.items.length, 100);
  const total = 100 + (first.metadata.remainingItemCount ?? 0);
  assert.ok(total >= BULK, `the first page counts ${total} pods in all`);
  // Both sort after the first page: a list of the newest state would show the one and miss the other.
  const added = "bulk-0500a";
  const removed = bulkName(900);
  await createPod(added);
  const deleted = await mini.request({ method: "DELETE", path: `/api/v1/namespaces/dev/pods/${removed}` });
  assert.equal(deleted.status, 200, deleted.body);

  const pages = [first];
  let token = first.metadata.continue;
  while (token !== undefined && token !== "") {
    const page = await apiGet<PodPage>(mini, `${path}&continue=${encodeURIComponent(token)}`);
    pages.push(page);
    token = page.metadata.continue;
    assert.ok(pages.length <= 20, "paging ends");
  }
  t.diagnostic(`${pages.length} pages, remainingItemCount ${pages.map((page) => String(page.metadata.remainingItemCount)).join(" ")}`);
  const names = pages.flatMap((page) => page.items.map((item) => item.metadata.name));
  assert.equal(names.length, total);
  assert.equal(new Set(names).size, names.length, "no duplicates across pages");
  assert.ok(!names.includes(added), "the pod created after the first page is not in the snapshot");
  assert.ok(names.includes(removed), "the pod deleted after the first page is still in the snapshot");
  assert.deepEqual(names.filter((name) => name.startsWith("bulk-")), Array.from({ length: BULK }, (_, index) => bulkName(index)));
  assert.deepEqual(
    pages.map((page) => page.metadata.resourceVersion),
    pages.map(() => first.metadata.resourceVersion),
    "every page is served at the first page's resourceVersion",
  );
  assert.deepEqual(
    pages.map((page) => page.metadata.remainingItemCount),
    pages.map((_, index) => (index === pages.length - 1 ? undefined : total - 100 * (index + 1))),
  );
  // A new list sees the newest state.
  const now = await apiGet<PodPage>(mini, "/api/v1/namespaces/dev/pods?labelSelector=story%3Dbulk");
  const current = now.items.map((item) => item.metadata.name);
  assert.ok(current.includes(added) && !current.includes(removed));
});

test("kubectl delete pods --all -n dev removes them", async () => {
  // Without --wait=false kubectl then GETs each pod to see it gone, throttled to 5 requests a
  // second on its side: over 200 s for these pods, against any API server.
  const deleted = await lines(["delete", "pods", "--all", "-n", "dev", "--wait=false"]);
  assert.ok(deleted.includes(`pod "${bulkName(0)}" deleted`), deleted.slice(0, 3).join("\n"));
  assert.equal(deleted.filter((line) => /^pod "bulk-\d{4}a?" deleted$/.test(line)).length, BULK);
  const left = await apiGet<PodPage>(mini, "/api/v1/namespaces/dev/pods?labelSelector=story%3Dbulk");
  assert.deepEqual(left.items, []);
});

test("kubectl apply --dry-run=server changes nothing", async () => {
  const before = await kubectlJson(mini, ["get", "configmap", "cfg"]);
  const changes = manifest(
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { a: "2" } },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ghost" }, data: { b: "1" } },
  );
  assert.deepEqual(await lines(["apply", "--dry-run=server", "-f", "-"], changes), [
    "configmap/cfg configured (server dry run)",
    "configmap/ghost created (server dry run)",
  ]);
  const afterwards = await kubectlJson(mini, ["get", "configmap", "cfg"]);
  assert.deepEqual(afterwards, before);
  const ghost = await mini.kubectl(["get", "configmap", "ghost"], { allowFail: true });
  assert.match(ghost.stderr, /configmaps "ghost" not found/);
});

test("kubectl auth can-i create pods says yes", async () => {
  assert.deepEqual(await lines(["auth", "can-i", "create", "pods"]), ["yes"]);
});

test("kubectl get --raw /metrics | head shows Prometheus text", async () => {
  const all = await lines(["get", "--raw", "/metrics"]);
  const head = all.slice(0, 10);
  assert.equal(head.length, 10);
  const name = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  const sample = new RegExp(`^${name}(\\{[^}]*\\})? [-+]?(\\d[\\d.e+-]*|Inf|NaN)$`);
  const comment = new RegExp(`^# (HELP|TYPE) ${name} .+$`);
  for (const line of head) assert.ok(comment.test(line) || sample.test(line), `not Prometheus text: ${line}`);
  assert.match(head[0] ?? "", /^# HELP /);
  assert.ok(all.some((line) => /^apiserver_request_total\{verb="GET",.*\} \d+$/.test(line)), "requests are counted");
});

/**
 * What `kubectl get` and `kubectl describe` print: every output format, the Table columns, label
 * and field selectors, across namespaces.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { apiGet, kubectlJson, manifest, parseTable, startMini, type Mini } from "../harness.js";

const NS = "e2e-output";
const OTHER = "e2e-output-other";
let mini: Mini;

const configMap = (name: string, labels: Record<string, string>, data: Record<string, string>, namespace = NS) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace, labels },
  data,
});

before(async () => {
  mini = await startMini();
  await mini.kubectl(["apply", "-f", "-"], {
    stdin: manifest(
      { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } },
      { apiVersion: "v1", kind: "Namespace", metadata: { name: OTHER } },
      configMap("alpha", { app: "demo", tier: "web" }, { greeting: "hello", target: "world" }),
      configMap("bravo", { app: "demo", tier: "db" }, { one: "1" }),
      configMap("charlie", { app: "other", tier: "web", legacy: "true" }, {}),
      configMap("delta", { app: "demo", tier: "cache" }, { x: "y" }, OTHER),
    ),
  });
});
after(async () => {
  await mini?.dispose();
});

// The tests below touch disjoint objects, so they run concurrently (kubectl start-up dominates).
describe("kubectl get and describe", { concurrency: true }, () => {
  test("get -o json returns the stored object with server-filled metadata", async () => {
    const object = await kubectlJson(mini, ["get", "configmap", "alpha", "-n", NS]);
    assert.equal(object["apiVersion"], "v1");
    assert.equal(object["kind"], "ConfigMap");
    assert.deepEqual(object["data"], { greeting: "hello", target: "world" });
    const meta = object["metadata"] as Record<string, unknown>;
    assert.equal(meta["name"], "alpha");
    assert.equal(meta["namespace"], NS);
    assert.deepEqual(meta["labels"], { app: "demo", tier: "web" });
    assert.match(String(meta["uid"]), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(String(meta["resourceVersion"]), /^[1-9]\d*$/);
    assert.match(String(meta["creationTimestamp"]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const created = Date.parse(String(meta["creationTimestamp"]));
    assert.ok(Math.abs(Date.now() - created) < 120_000, `creationTimestamp ${String(meta["creationTimestamp"])} is now`);
  });

  test("get -o json on a list returns a List of the namespace's objects in name order", async () => {
    const list = await kubectlJson(mini, ["get", "configmaps", "-n", NS]);
    assert.equal(list["kind"], "List");
    const names = (list["items"] as { metadata: { name: string } }[]).map((item) => item.metadata.name);
    assert.deepEqual(names.filter((name) => name !== "kube-root-ca.crt"), ["alpha", "bravo", "charlie"]);
  });

  test("get -o yaml prints the same object as YAML", async () => {
    const { stdout } = await mini.kubectl(["get", "configmap", "alpha", "-n", NS, "-o", "yaml"]);
    const asYaml = parseYaml(stdout) as Record<string, unknown>;
    const asJson = await kubectlJson(mini, ["get", "configmap", "alpha", "-n", NS]);
    assert.deepEqual(asYaml, asJson);
    assert.match(stdout, /^kind: ConfigMap$/m);
  });

  /** Deployment `web` with two containers, created once by the first test that needs it. */
  let webDeployment: Promise<unknown> | undefined;
  function ensureWebDeployment(): Promise<unknown> {
    webDeployment ??= mini.kubectl(["apply", "-f", "-"], {
      stdin: manifest({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: NS, labels: { app: "web" } },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: "web" } },
          template: {
            metadata: { labels: { app: "web" } },
            spec: {
              containers: [
                { name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }] },
                { name: "sidecar", image: "busybox:1.36", command: ["sleep", "infinity"] },
              ],
            },
          },
        },
      }),
    });
    return webDeployment;
  }

  test("get -o name prints kind/name with the group for grouped kinds", async () => {
    const cms = await mini.kubectl(["get", "configmaps", "-n", NS, "-o", "name"]);
    assert.deepEqual(
      cms.stdout.trim().split("\n").filter((line) => line !== "configmap/kube-root-ca.crt"),
      ["configmap/alpha", "configmap/bravo", "configmap/charlie"],
    );
    await ensureWebDeployment();
    const deploy = await mini.kubectl(["get", "deploy", "-n", NS, "-o", "name"]);
    assert.equal(deploy.stdout, "deployment.apps/web\n");
  });

  test("get configmaps prints NAME DATA AGE with the key count", async () => {
    const { stdout } = await mini.kubectl(["get", "configmaps", "-n", NS]);
    const table = parseTable(stdout);
    assert.deepEqual(table.headers, ["NAME", "DATA", "AGE"]);
    const data = Object.fromEntries(table.rows.map((row) => [row["NAME"], row["DATA"]]));
    assert.equal(data["alpha"], "2");
    assert.equal(data["bravo"], "1");
    assert.equal(data["charlie"], "0");
  });

  test("get -o wide lists every container and image of a deployment", async () => {
    await ensureWebDeployment();
    const { stdout } = await mini.kubectl(["get", "deploy", "web", "-n", NS, "-o", "wide"]);
    const table = parseTable(stdout);
    assert.deepEqual(table.headers, ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"]);
    assert.equal(table.rows[0]?.["CONTAINERS"], "nginx,sidecar");
    assert.equal(table.rows[0]?.["IMAGES"], "nginx:1.27,busybox:1.36");
    assert.equal(table.rows[0]?.["SELECTOR"], "app=web");
    assert.match(table.rows[0]?.["READY"] ?? "", /^\d+\/2$/);
  });

  test("get -o jsonpath reads fields of one object and of a list", async () => {
    const one = await mini.kubectl(["get", "configmap", "alpha", "-n", NS, "-o", "jsonpath={.data.greeting} {.metadata.labels.tier}"]);
    assert.equal(one.stdout, "hello web");
    const many = await mini.kubectl(["get", "configmaps", "-n", NS, "-l", "app", "-o", "jsonpath={.items[*].metadata.name}"]);
    assert.equal(many.stdout, "alpha bravo charlie");
    await ensureWebDeployment();
    const images = await mini.kubectl(["get", "deploy", "web", "-n", NS, "-o", "jsonpath={.spec.template.spec.containers[*].image}"]);
    assert.equal(images.stdout, "nginx:1.27 busybox:1.36");
  });

  test("get -o custom-columns prints the chosen fields", async () => {
    const { stdout } = await mini.kubectl(["get", "configmaps", "-n", NS, "-l", "app", "-o", "custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier"]);
    const table = parseTable(stdout);
    assert.deepEqual(table.rows, [
      { NAME: "alpha", TIER: "web" },
      { NAME: "bravo", TIER: "db" },
      { NAME: "charlie", TIER: "web" },
    ]);
  });

  test("get -A adds the NAMESPACE column and --show-labels the LABELS column", async () => {
    const { stdout } = await mini.kubectl(["get", "configmaps", "-A", "-l", "app=demo", "--show-labels"]);
    const table = parseTable(stdout);
    assert.deepEqual(table.headers, ["NAMESPACE", "NAME", "DATA", "AGE", "LABELS"]);
    assert.deepEqual(
      // Sorted here: the server lists in key order (namespace/name), where "e2e-output-other/" sorts before "e2e-output/".
      table.rows.map((row) => [row["NAMESPACE"], row["NAME"], row["LABELS"]]).sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      [
        [NS, "alpha", "app=demo,tier=web"],
        [NS, "bravo", "app=demo,tier=db"],
        [OTHER, "delta", "app=demo,tier=cache"],
      ],
    );
  });

  test("label selectors filter with equality and every set-based form", async () => {
    const names = async (selector: string) => {
      const { stdout } = await mini.kubectl(["get", "configmaps", "-A", "-l", selector, "-o", "jsonpath={.items[*].metadata.name}"]);
      return stdout.split(" ").filter((name) => name !== "").sort();
    };
    assert.deepEqual(await names("app=demo"), ["alpha", "bravo", "delta"]);
    assert.deepEqual(await names("app==demo,tier=web"), ["alpha"]);
    assert.deepEqual(await names("app!=demo,app"), ["charlie"]);
    assert.deepEqual(await names("tier in (web,db)"), ["alpha", "bravo", "charlie"]);
    assert.deepEqual(await names("tier notin (web,db),app"), ["delta"]);
    assert.deepEqual(await names("legacy"), ["charlie"]);
    assert.deepEqual(await names("app,!legacy"), ["alpha", "bravo", "delta"]);
    assert.deepEqual(await names("tier in (web),!legacy"), ["alpha"]);
  });

  test("field selectors on metadata.name and metadata.namespace filter the list", async () => {
    const byName = await mini.kubectl(["get", "configmaps", "-A", "--field-selector", "metadata.name=bravo", "-o", "name"]);
    assert.equal(byName.stdout, "configmap/bravo\n");
    const byNamespace = await mini.kubectl(["get", "configmaps", "-A", "-l", "app", "--field-selector", `metadata.namespace=${OTHER}`, "-o", "name"]);
    assert.equal(byNamespace.stdout, "configmap/delta\n");
    const negated = await mini.kubectl(["get", "configmaps", "-n", NS, "-l", "app", "--field-selector", "metadata.name!=alpha", "-o", "name"]);
    assert.equal(negated.stdout, "configmap/bravo\nconfigmap/charlie\n");
  });

  test("an unsupported field selector is refused with a 400 naming the field", async () => {
    const result = await mini.kubectl(["get", "configmaps", "-n", NS, "--field-selector", "data.greeting=hello"], { allowFail: true });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /BadRequest/);
    assert.match(result.stderr, /data\.greeting/);
  });

  test("get of a missing object exits 1 with NotFound", async () => {
    const result = await mini.kubectl(["get", "configmap", "nope", "-n", NS], { allowFail: true });
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), 'Error from server (NotFound): configmaps "nope" not found');
  });

  test("describe configmap shows its labels and data", async () => {
    const { stdout } = await mini.kubectl(["describe", "configmap", "alpha", "-n", NS]);
    assert.match(stdout, /^Name:\s+alpha$/m);
    assert.match(stdout, new RegExp(`^Namespace:\\s+${NS}$`, "m"));
    assert.match(stdout, /^Labels:\s+app=demo\n\s+tier=web$/m);
    assert.match(stdout, /^greeting:\n----\nhello$/m);
    assert.match(stdout, /^target:\n----\nworld$/m);
  });

  test("describe namespace shows its status", async () => {
    const { stdout } = await mini.kubectl(["describe", "namespace", NS]);
    assert.match(stdout, new RegExp(`^Name:\\s+${NS}$`, "m"));
    assert.match(stdout, /^Status:\s+Active$/m);
  });

  test("a fresh cluster has the default namespace that kubectl targets without -n", async () => {
    const { stdout } = await mini.kubectl(["get", "namespace", "default", "-o", "jsonpath={.status.phase}"]);
    assert.equal(stdout, "Active");
  });

  test("pods can be selected by status.phase and spec.nodeName", async () => {
    const ns = "e2e-output-pods";
    await mini.kubectl(["apply", "-f", "-"], {
      stdin: manifest(
        { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
        { apiVersion: "v1", kind: "Pod", metadata: { name: "waiting", namespace: ns }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } },
        // Bound to a node that does not exist: no kubelet will ever start it.
        { apiVersion: "v1", kind: "Pod", metadata: { name: "bound", namespace: ns }, spec: { nodeName: "nowhere", containers: [{ name: "c", image: "nginx:1.27" }] } },
      ),
    });
    const names = async (selector: string) =>
      (await mini.kubectl(["get", "pods", "-n", ns, "--field-selector", selector, "-o", "name"])).stdout.trim().split("\n").filter((line) => line !== "");
    assert.deepEqual(await names("spec.nodeName=nowhere"), ["pod/bound"]);
    assert.deepEqual(await names("spec.nodeName="), ["pod/waiting"]);
    assert.deepEqual(await names("status.phase=Pending"), ["pod/bound", "pod/waiting"]);
    assert.deepEqual(await names("status.phase=Running"), []);
  });

  test("get --chunk-size pages through a list with limit and continue", async () => {
    const paged = "e2e-output-paged";
    const names = ["p1", "p2", "p3", "p4", "p5"];
    await mini.kubectl(["apply", "-f", "-"], {
      stdin: manifest(
        { apiVersion: "v1", kind: "Namespace", metadata: { name: paged } },
        ...names.map((name) => configMap(name, { paged: "yes" }, {}, paged)),
      ),
    });
    const { stdout } = await mini.kubectl(["get", "configmaps", "-n", paged, "-l", "paged", "--chunk-size=2", "-o", "name"]);
    assert.deepEqual(stdout.trim().split("\n"), names.map((name) => `configmap/${name}`));

    // The same through the API: pages of two, each but the last with a continue token.
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const query = `labelSelector=paged&limit=2${token === undefined ? "" : `&continue=${encodeURIComponent(token)}`}`;
      const page = await apiGet<{ items: { metadata: { name: string } }[]; metadata: { continue?: string } }>(
        mini,
        `/api/v1/namespaces/${paged}/configmaps?${query}`,
      );
      assert.ok(page.items.length <= 2, `a page holds at most limit items, got ${page.items.length}`);
      seen.push(...page.items.map((item) => item.metadata.name));
      token = page.metadata.continue === "" ? undefined : page.metadata.continue;
      pages += 1;
    } while (token !== undefined && pages < 10);
    assert.deepEqual(seen, names);
    assert.equal(pages, 3);
  });
});

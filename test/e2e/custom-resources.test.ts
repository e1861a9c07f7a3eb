/**
 * Custom resources with the real kubectl: a CustomResourceDefinition is served as soon as it is
 * stored (Established), its objects are validated, pruned and defaulted by the schema, the status
 * and scale subresources, printer columns, short names and categories work, `kubectl explain`
 * reads the schema, deleting the definition deletes its objects, and a restart keeps serving.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { fixturePath, kubectlJson, manifest, parseTable, parseTables, startMini, waitUntil, type Mini } from "../harness.js";

const CRD = "crd/widgets.example.mini.dev";
let mini: Mini;

const widget = (name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}) => ({
  apiVersion: "example.mini.dev/v1",
  kind: "Widget",
  metadata: { name, labels },
  spec,
});

async function establish(instance: Mini): Promise<void> {
  await instance.kubectl(["apply", "-f", fixturePath("crd-widget.yaml")]);
  await instance.kubectl(["wait", "--for", "condition=Established", CRD, "--timeout=10s"]);
}

before(async () => {
  mini = await startMini();
  await establish(mini);
  await mini.kubectl(["apply", "-f", fixturePath("widget.yaml")]);
});
after(async () => {
  await mini?.dispose();
});

describe("custom resources", { concurrency: true }, () => {
  test("the definition reports its accepted names and conditions", async () => {
    const crd = await kubectlJson(mini, ["get", CRD]);
    const status = crd["status"] as { acceptedNames: Record<string, unknown>; conditions: { type: string; status: string; reason: string }[] };
    assert.deepEqual(status.acceptedNames, { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList", shortNames: ["wd"], categories: ["all"] });
    assert.deepEqual(
      status.conditions.map((c) => `${c.type}=${c.status}/${c.reason}`),
      ["NamesAccepted=True/NoConflicts", "Established=True/InitialNamesAccepted"],
    );
  });

  test("kubectl get prints the printer columns, by plural, singular, short name and category", async () => {
    for (const name of ["widgets", "widget", "wd", "widgets.example.mini.dev"]) {
      const table = parseTable((await mini.kubectl(["get", name, "sprocket"])).stdout);
      assert.deepEqual(table.headers, ["NAME", "SIZE", "COLOR", "PHASE", "AGE"]);
      assert.deepEqual({ ...table.rows[0], AGE: "" }, { NAME: "sprocket", SIZE: "3", COLOR: "red", PHASE: "", AGE: "" });
    }
    const all = parseTables((await mini.kubectl(["get", "all"])).stdout);
    assert.ok(all.some((t) => t.rows.some((row) => row["NAME"] === "widget.example.mini.dev/sprocket")), "kubectl get all lists the widget");
    const resources = (await mini.kubectl(["api-resources", "--api-group=example.mini.dev"])).stdout;
    assert.match(resources, /widgets\s+wd\s+example\.mini\.dev\/v1\s+true\s+Widget/);
  });

  test("get -o yaml shows the object with schema defaults filled in", async () => {
    const object = parseYaml((await mini.kubectl(["get", "wd", "sprocket", "-o", "yaml"])).stdout) as Record<string, unknown>;
    assert.equal(object["apiVersion"], "example.mini.dev/v1");
    assert.equal(object["kind"], "Widget");
    assert.deepEqual(object["spec"], { size: 3, color: "red", replicas: 1 });
    assert.equal((object["metadata"] as { generation: number }).generation, 1);
  });

  test("an invalid widget is refused with the schema's 422 messages", async () => {
    const result = await mini.kubectl(["create", "-f", "-"], { stdin: manifest(widget("bad", { size: "big", color: "pink" })), allowFail: true });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /The Widget "bad" is invalid/);
    assert.match(result.stderr, /spec\.size: Invalid value: "big": spec\.size in body must be of type integer: "string"/);
    assert.match(result.stderr, /spec\.color: Unsupported value: "pink": supported values: "red", "green", "blue"/);
    const missing = await mini.kubectl(["create", "-f", "-"], { stdin: manifest(widget("empty", { size: 0 })), allowFail: true });
    assert.match(missing.stderr, /spec\.size: Invalid value: 0: spec\.size in body should be greater than or equal to 1/);
    const badName = await mini.kubectl(["create", "-f", "-"], { stdin: manifest(widget("Bad_Name", { size: 1 })), allowFail: true });
    assert.match(badName.stderr, /metadata\.name: Invalid value: "Bad_Name"/);
  });

  test("unknown fields are pruned with a warning, and refused under strict validation", async () => {
    const strict = await mini.kubectl(["create", "--validate=strict", "-f", "-"], { stdin: manifest(widget("strict", { size: 2, shape: "round" })), allowFail: true });
    assert.notEqual(strict.code, 0);
    assert.match(strict.stderr, /unknown field "spec\.shape"/);
    const warned = await mini.kubectl(["create", "--validate=warn", "-f", "-"], { stdin: manifest(widget("pruned", { size: 2, shape: "round" })) });
    assert.match(warned.stderr, /unknown field "spec\.shape"/);
    const stored = await kubectlJson(mini, ["get", "wd", "pruned"]);
    assert.deepEqual(stored["spec"], { size: 2, color: "blue", replicas: 1 });
  });

  test("the status subresource: spec writes keep status, status writes keep spec", async () => {
    await mini.kubectl(["create", "-f", "-"], { stdin: manifest(widget("split", { size: 5 })) });
    await mini.kubectl(["patch", "wd", "split", "--type=merge", "-p", '{"spec":{"size":6},"status":{"phase":"Sneaky"}}']);
    let object = await kubectlJson(mini, ["get", "wd", "split"]);
    assert.equal((object["spec"] as { size: number }).size, 6);
    assert.equal(object["status"], undefined);
    assert.equal((object["metadata"] as { generation: number }).generation, 2);
    await mini.kubectl(["patch", "wd", "split", "--subresource=status", "--type=merge", "-p", '{"spec":{"size":7},"status":{"phase":"Ready"}}']);
    object = await kubectlJson(mini, ["get", "wd", "split"]);
    assert.equal((object["spec"] as { size: number }).size, 6);
    assert.deepEqual(object["status"], { phase: "Ready" });
    assert.equal((object["metadata"] as { generation: number }).generation, 2);
    const table = parseTable((await mini.kubectl(["get", "wd", "split"])).stdout);
    assert.equal(table.rows[0]?.["PHASE"], "Ready");
  });

  test("kubectl scale writes the replicas path and the scale subresource reads status", async () => {
    await mini.kubectl(["create", "-f", "-"], { stdin: manifest(widget("scaled", { size: 1 })) });
    await mini.kubectl(["patch", "wd", "scaled", "--subresource=status", "--type=merge", "-p", '{"status":{"replicas":2,"selector":"app=scaled"}}']);
    await mini.kubectl(["scale", "wd", "scaled", "--replicas=4"]);
    const object = await kubectlJson(mini, ["get", "wd", "scaled"]);
    assert.equal((object["spec"] as { replicas: number }).replicas, 4);
    const scale = await kubectlJson(mini, ["get", "wd", "scaled", "--subresource=scale"]);
    assert.equal(scale["kind"], "Scale");
    assert.deepEqual(scale["spec"], { replicas: 4 });
    assert.deepEqual(scale["status"], { replicas: 2, selector: "app=scaled" });
  });

  test("label and field selectors", async () => {
    await mini.kubectl(["create", "-f", "-"], { stdin: manifest(widget("sel-a", { size: 1, color: "green" }, { group: "sel" }), widget("sel-b", { size: 1 }, { group: "sel", pick: "yes" })) });
    const names = async (args: string[]) => (await mini.kubectl(["get", "wd", "-o", "name", ...args])).stdout.trim().split("\n").filter(Boolean);
    assert.deepEqual(await names(["-l", "group=sel,pick=yes"]), ["widget.example.mini.dev/sel-b"]);
    assert.deepEqual(await names(["-l", "group=sel", "--field-selector", "spec.color=green"]), ["widget.example.mini.dev/sel-a"]);
    assert.deepEqual(await names(["--field-selector", "metadata.name=sel-b"]), ["widget.example.mini.dev/sel-b"]);
    const refused = await mini.kubectl(["get", "wd", "--field-selector", "spec.size=1"], { allowFail: true });
    assert.notEqual(refused.code, 0);
  });

  test("kubectl get -w sees changes", async () => {
    await mini.kubectl(["create", "-f", "-"], { stdin: manifest(widget("watched", { size: 1 })) });
    const watch = mini.kubectlWatch(["get", "wd", "watched", "-w", "-o", "custom-columns=NAME:.metadata.name,SIZE:.spec.size"]);
    try {
      await watch.waitForLine(/watched\s+1/);
      await mini.kubectl(["patch", "wd", "watched", "--type=merge", "-p", '{"spec":{"size":9}}']);
      await watch.waitForLine(/watched\s+9/);
    } finally {
      await watch.stop();
    }
  });

  test("kubectl apply of a changed widget updates it", async () => {
    const applied = widget("reapplied", { size: 1, color: "red" });
    await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(applied) });
    await mini.kubectl(["apply", "-f", "-"], { stdin: manifest({ ...applied, spec: { size: 2 } }) });
    const object = await kubectlJson(mini, ["get", "wd", "reapplied"]);
    assert.deepEqual(object["spec"], { size: 2, color: "blue", replicas: 1 });
    assert.equal((object["metadata"] as { generation: number }).generation, 2);
  });

  test("kubectl explain reads the published schema", async () => {
    const explained = (await mini.kubectl(["explain", "widget.spec"])).stdout;
    assert.match(explained, /KIND:\s+Widget/);
    assert.match(explained, /size\s+<integer> -required-/);
    assert.match(explained, /How big the widget is\./);
    assert.match(explained, /enum: red, green, blue/);
  });
});

test("deleting the definition deletes its widgets, then the definition", async () => {
  const started = performance.now();
  await mini.kubectl(["delete", CRD, "--timeout=30s"]);
  assert.ok(performance.now() - started < 20_000);
  const gone = await mini.kubectl(["get", "widgets"], { allowFail: true });
  assert.notEqual(gone.code, 0);
  assert.match(gone.stderr, /the server doesn't have a resource type "widgets"/);
  const crds = (await mini.kubectl(["get", "crd", "-o", "name"])).stdout;
  assert.doesNotMatch(crds, /widgets/);
  // A new definition of the same kind starts empty: the old objects were deleted, not hidden.
  await establish(mini);
  const listed = await waitUntil("widgets to be served again", async () => {
    const result = await mini.kubectl(["get", "widgets", "-o", "name"], { allowFail: true });
    return result.code === 0 ? result.stdout : undefined;
  });
  assert.equal(listed.trim(), "");
});

test("a restart keeps serving the definitions and their objects", async () => {
  await mini.kubectl(["apply", "-f", fixturePath("widget.yaml")]);
  const before = await kubectlJson(mini, ["get", "wd", "sprocket"]);
  await mini.stop({ signal: "SIGTERM" });
  const restarted = await startMini({ dataDir: mini.dataDir });
  try {
    const after = await kubectlJson(restarted, ["get", "wd", "sprocket"]);
    assert.deepEqual(after["metadata"], before["metadata"]);
    const table = parseTable((await restarted.kubectl(["get", "wd"])).stdout);
    assert.deepEqual(table.headers, ["NAME", "SIZE", "COLOR", "PHASE", "AGE"]);
  } finally {
    await restarted.dispose();
  }
});

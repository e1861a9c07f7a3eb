/**
 * A second real client: @kubernetes/client-node (the official JavaScript
 * client) against mini, with the kubeconfig `mini up` writes. Lists, creates,
 * patches in three formats, and a watch that resumes from the last
 * resourceVersion it saw without missing or repeating an event.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as k8s from "@kubernetes/client-node";
import { startMini, waitUntil, type Mini } from "../harness.js";

let mini: Mini;
let config: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let apps: k8s.AppsV1Api;
const namespace = "client-node";

before(async () => {
  mini = await startMini();
  config = new k8s.KubeConfig();
  config.loadFromFile(mini.kubeconfig);
  core = config.makeApiClient(k8s.CoreV1Api);
  apps = config.makeApiClient(k8s.AppsV1Api);
  await core.createNamespace({ body: { metadata: { name: namespace } } });
});
after(async () => {
  await mini?.dispose();
});

function configMap(name: string, data: Record<string, string> = {}): k8s.V1ConfigMap {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels: { suite: "client-node" } }, data };
}

test("client-node lists and creates with typed objects", async () => {
  const created = await core.createNamespacedConfigMap({ namespace, body: configMap("listed", { a: "1" }) });
  assert.equal(created.metadata?.name, "listed");
  assert.ok(created.metadata?.uid);
  const list = await core.listNamespacedConfigMap({ namespace, labelSelector: "suite=client-node" });
  assert.deepEqual(list.items.map((item) => item.metadata?.name), ["listed"]);
  assert.match(list.metadata?.resourceVersion ?? "", /^\d+$/);
  const conflict = await core.createNamespacedConfigMap({ namespace, body: configMap("listed") }).catch((error: unknown) => error);
  assert.ok(conflict instanceof k8s.ApiException, String(conflict));
  assert.equal(conflict.code, 409);
  const deployment = await apps.createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name: "web" },
      spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } } },
    },
  });
  assert.equal(deployment.spec?.template.spec?.containers[0]?.imagePullPolicy, "Always", "defaults applied");
});

test("client-node patches with JSON patch, merge patch and strategic merge patch", async () => {
  await core.createNamespacedConfigMap({ namespace, body: configMap("patched", { a: "1", b: "2" }) });
  const json = await core.patchNamespacedConfigMap(
    { name: "patched", namespace, body: [{ op: "replace", path: "/data/a", value: "10" }] },
    k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.JsonPatch),
  );
  assert.deepEqual(json.data, { a: "10", b: "2" });
  const merge = await core.patchNamespacedConfigMap(
    { name: "patched", namespace, body: { data: { b: null, c: "3" } } },
    k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
  );
  assert.deepEqual(merge.data, { a: "10", c: "3" });
  const pod = await core.createNamespacedPod({ namespace, body: { metadata: { name: "two" }, spec: { containers: [{ name: "a", image: "nginx" }, { name: "b", image: "busybox" }] } } });
  assert.equal(pod.spec?.containers.length, 2);
  const strategic = await core.patchNamespacedPod(
    { name: "two", namespace, body: { spec: { containers: [{ name: "b", image: "busybox:1.36" }] } } },
    k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch),
  );
  assert.deepEqual(strategic.spec?.containers.map((container) => [container.name, container.image]), [
    ["a", "nginx"],
    ["b", "busybox:1.36"],
  ]);
});

interface Seen {
  readonly type: string;
  readonly name: string;
  readonly resourceVersion: string;
}

/** Starts a client-node watch of the suite's config maps from `resourceVersion`, recording every event. */
async function watchFrom(resourceVersion: string, seen: Seen[]): Promise<AbortController> {
  const watch = new k8s.Watch(config);
  return watch.watch(
    `/api/v1/namespaces/${namespace}/configmaps`,
    { resourceVersion, labelSelector: "watched=yes" },
    (type: string, object: k8s.V1ConfigMap) => seen.push({ type, name: object.metadata?.name ?? "", resourceVersion: object.metadata?.resourceVersion ?? "" }),
    () => {},
  );
}

test("a client-node watch resumed from the last resourceVersion misses and repeats nothing", async () => {
  const watched = (name: string, data: Record<string, string> = {}) => ({ ...configMap(name, data), metadata: { name, labels: { watched: "yes" } } });
  const start = (await core.listNamespacedConfigMap({ namespace, labelSelector: "watched=yes" })).metadata?.resourceVersion ?? "";
  await core.createNamespacedConfigMap({ namespace, body: watched("one") });
  await core.createNamespacedConfigMap({ namespace, body: watched("two") });

  const first: Seen[] = [];
  const firstWatch = await watchFrom(start, first);
  await waitUntil("the first watch to replay both creations", async () => (first.length >= 2 ? true : undefined));
  firstWatch.abort();
  assert.deepEqual(first.map((event) => [event.type, event.name]), [
    ["ADDED", "one"],
    ["ADDED", "two"],
  ]);

  // Changes while nobody watches.
  const last = first[first.length - 1]?.resourceVersion ?? "";
  await core.patchNamespacedConfigMap({ name: "one", namespace, body: { data: { x: "1" } } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch));
  await core.createNamespacedConfigMap({ namespace, body: watched("three") });
  await core.deleteNamespacedConfigMap({ name: "two", namespace });

  const resumed: Seen[] = [];
  const secondWatch = await watchFrom(last, resumed);
  await waitUntil("the resumed watch to replay the three changes", async () => (resumed.length >= 3 ? true : undefined));
  await core.createNamespacedConfigMap({ namespace, body: watched("four") });
  await waitUntil("the live creation", async () => (resumed.length >= 4 ? true : undefined));
  // Give a duplicate the time to show up before checking there is none.
  await new Promise((resolve) => setTimeout(resolve, 300));
  secondWatch.abort();
  assert.deepEqual(resumed.map((event) => [event.type, event.name]), [
    ["MODIFIED", "one"],
    ["ADDED", "three"],
    ["DELETED", "two"],
    ["ADDED", "four"],
  ]);
  const versions = resumed.map((event) => Number(event.resourceVersion));
  assert.ok(versions.every((version, index) => version > Number(last) && (index === 0 || version > (versions[index - 1] ?? 0))), versions.join(","));
});

test("client-node server-side apply records its field manager and reports conflicts", async () => {
  const apply = (manager: string, data: Record<string, string>, force = false) =>
    core.patchNamespacedConfigMap(
      { name: "applied", namespace, body: configMap("applied", data), fieldManager: manager, ...(force ? { force: true } : {}) },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.ServerSideApply),
    );
  const applied = await apply("client-node", { owner: "client-node" });
  assert.deepEqual(applied.data, { owner: "client-node" });
  assert.deepEqual(applied.metadata?.managedFields?.map((entry) => [entry.manager, entry.operation]), [["client-node", "Apply"]]);
  const conflict = await apply("someone-else", { owner: "someone-else" }).catch((error: unknown) => error);
  assert.ok(conflict instanceof k8s.ApiException, String(conflict));
  assert.equal(conflict.code, 409);
  const forced = await apply("someone-else", { owner: "someone-else" }, true);
  assert.deepEqual(forced.data, { owner: "someone-else" });
});

test("client-node creates a CustomResourceDefinition and then objects of its kind", async () => {
  const extensions = config.makeApiClient(k8s.ApiextensionsV1Api);
  const custom = config.makeApiClient(k8s.CustomObjectsApi);
  await extensions.createCustomResourceDefinition({
    body: {
      metadata: { name: "gadgets.example.dev" },
      spec: {
        group: "example.dev",
        scope: "Namespaced",
        names: { plural: "gadgets", singular: "gadget", kind: "Gadget" },
        versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { size: { type: "integer" } } } } } } }],
      },
    },
  });
  const list = () => custom.listNamespacedCustomObject({ group: "example.dev", version: "v1", namespace, plural: "gadgets" }) as Promise<{ items: { metadata: { name: string } }[] }>;
  await waitUntil("the gadgets resource to be served", async () => (await list().catch(() => undefined)) ?? undefined);
  const created = (await custom.createNamespacedCustomObject({
    group: "example.dev",
    version: "v1",
    namespace,
    plural: "gadgets",
    body: { apiVersion: "example.dev/v1", kind: "Gadget", metadata: { name: "g1" }, spec: { size: 3 } },
  })) as { metadata: { uid?: string }; spec: { size: number } };
  assert.ok(created.metadata.uid);
  assert.equal(created.spec.size, 3);
  assert.deepEqual((await list()).items.map((item) => item.metadata.name), ["g1"]);
});

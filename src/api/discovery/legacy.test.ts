import assert from "node:assert/strict";
import { test } from "node:test";
import { apiGroupList, apiResourceList, apiVersions } from "./legacy.js";
import { deployments, namespaces, pods } from "./_test-kinds.js";

const kinds = [namespaces, deployments];

test("apiVersions() lists v1 and the one server address", () => {
  assert.deepEqual(apiVersions("127.0.0.1:6443"), {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443" }],
  });
});

test("apiGroupList() lists named groups with their preferred version, never the core group", () => {
  const list = apiGroupList([...kinds, { ...deployments, version: "v1beta1" }]);
  assert.equal(list.kind, "APIGroupList");
  assert.equal(list.apiVersion, "v1");
  assert.deepEqual(list.groups, [
    {
      name: "apps",
      versions: [
        { groupVersion: "apps/v1", version: "v1" },
        { groupVersion: "apps/v1beta1", version: "v1beta1" },
      ],
      preferredVersion: { groupVersion: "apps/v1", version: "v1" },
    },
  ]);
});

test("apiResourceList() describes a namespaced kind with its status and scale subresources", () => {
  const list = apiResourceList(kinds, "apps", "v1");
  assert.equal(list?.groupVersion, "apps/v1");
  assert.deepEqual(list?.resources, [
    {
      name: "deployments",
      singularName: "deployment",
      namespaced: true,
      kind: "Deployment",
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
      shortNames: ["deploy"],
      categories: ["all"],
      storageVersionHash: "8aSe+NMegvE=",
    },
    {
      name: "deployments/scale",
      singularName: "",
      namespaced: true,
      group: "autoscaling",
      version: "v1",
      kind: "Scale",
      verbs: ["get", "patch", "update"],
    },
    { name: "deployments/status", singularName: "", namespaced: true, kind: "Deployment", verbs: ["get", "patch", "update"] },
  ]);
});

test("apiResourceList() leaves out empty short names and categories and adds core extras", () => {
  const resources = apiResourceList(kinds, "", "v1")?.resources ?? [];
  const namespace = resources.find((resource) => resource.name === "namespaces");
  assert.equal(namespace?.namespaced, false);
  assert.equal("categories" in (namespace ?? {}), false);
  assert.deepEqual(
    resources.map((resource) => resource.name),
    ["namespaces", "namespaces/finalize", "namespaces/status"],
  );
});

test("apiResourceList() lists pod subresources and bindings only when pods are served", () => {
  const resources = apiResourceList([namespaces, pods], "", "v1")?.resources ?? [];
  assert.deepEqual(
    resources.map((resource) => resource.name),
    [
      "bindings",
      "namespaces",
      "namespaces/finalize",
      "namespaces/status",
      "pods",
      "pods/attach",
      "pods/binding",
      "pods/eviction",
      "pods/exec",
      "pods/log",
      "pods/portforward",
      "pods/status",
    ],
  );
  assert.deepEqual(resources[0], { name: "bindings", singularName: "binding", namespaced: true, kind: "Binding", verbs: ["create"] });
  assert.deepEqual(
    resources.find((resource) => resource.name === "pods/eviction"),
    { name: "pods/eviction", singularName: "", namespaced: true, group: "policy", version: "v1", kind: "Eviction", verbs: ["create"] },
  );
  // Upstream's hashes for core v1 kinds, so clients comparing them see a familiar server.
  assert.equal(resources.find((resource) => resource.name === "pods")?.storageVersionHash, "xPOwRZ+Yhw8=");
  assert.equal(resources.find((resource) => resource.name === "namespaces")?.storageVersionHash, "Q3oi5N2YM8M=");
});

test("apiResourceList() is undefined for a group-version nothing is served at", () => {
  assert.equal(apiResourceList(kinds, "batch", "v1"), undefined);
  assert.equal(apiResourceList(kinds, "apps", "v2"), undefined);
});

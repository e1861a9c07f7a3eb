import assert from "node:assert/strict";
import { test } from "node:test";
import { AGGREGATED_DISCOVERY_CONTENT_TYPE, AGGREGATED_DISCOVERY_CONTENT_TYPES, aggregatedDiscovery } from "./aggregated.js";
import { deployments, namespaces, pods } from "./_test-kinds.js";

const kinds = [namespaces, pods, deployments];

test("the aggregated discovery content type is exactly what kubectl checks for", () => {
  assert.equal(AGGREGATED_DISCOVERY_CONTENT_TYPE, "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
  assert.equal(AGGREGATED_DISCOVERY_CONTENT_TYPES.v2, AGGREGATED_DISCOVERY_CONTENT_TYPE);
  assert.equal(AGGREGATED_DISCOVERY_CONTENT_TYPES.v2beta1, "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
});

test("aggregatedDiscovery(core) holds only the core group, named \"\"", () => {
  const list = aggregatedDiscovery(kinds, "core");
  assert.equal(list.kind, "APIGroupDiscoveryList");
  assert.equal(list.apiVersion, "apidiscovery.k8s.io/v2");
  assert.deepEqual(list.metadata, {});
  assert.equal(list.items.length, 1);
  const [core] = list.items;
  assert.deepEqual(core?.metadata, { name: "" });
  assert.equal(core?.versions[0]?.version, "v1");
  assert.equal(core?.versions[0]?.freshness, "Current");
  assert.deepEqual(
    core?.versions[0]?.resources.map((resource) => resource.resource),
    ["bindings", "namespaces", "pods"],
  );
});

test("aggregatedDiscovery(core) describes a cluster-scoped kind and pod subresources with their response kinds", () => {
  const resources = aggregatedDiscovery(kinds, "core").items[0]?.versions[0]?.resources ?? [];
  assert.deepEqual(
    resources.find((resource) => resource.resource === "namespaces"),
    {
      resource: "namespaces",
      responseKind: { group: "", version: "v1", kind: "Namespace" },
      scope: "Cluster",
      singularResource: "namespace",
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
      shortNames: ["ns"],
      subresources: [
        { subresource: "finalize", responseKind: { group: "", version: "v1", kind: "Namespace" }, verbs: ["update"] },
        { subresource: "status", responseKind: { group: "", version: "v1", kind: "Namespace" }, verbs: ["get", "patch", "update"] },
      ],
    },
  );
  const podResource = resources.find((resource) => resource.resource === "pods");
  assert.deepEqual(
    podResource?.subresources?.find((sub) => sub.subresource === "exec"),
    { subresource: "exec", responseKind: { group: "", version: "v1", kind: "PodExecOptions" }, verbs: ["create", "get"] },
  );
});

test("aggregatedDiscovery(groups) lists the named groups with status and scale subresources", () => {
  const list = aggregatedDiscovery(kinds, "groups");
  assert.deepEqual(list.items.map((group) => group.metadata.name), ["apps"]);
  assert.deepEqual(list.items[0]?.versions[0]?.resources, [
    {
      resource: "deployments",
      responseKind: { group: "apps", version: "v1", kind: "Deployment" },
      scope: "Namespaced",
      singularResource: "deployment",
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
      shortNames: ["deploy"],
      categories: ["all"],
      subresources: [
        { subresource: "scale", responseKind: { group: "autoscaling", version: "v1", kind: "Scale" }, verbs: ["get", "patch", "update"] },
        { subresource: "status", responseKind: { group: "apps", version: "v1", kind: "Deployment" }, verbs: ["get", "patch", "update"] },
      ],
    },
  ]);
});

test("aggregatedDiscovery() lists a group's versions preferred first", () => {
  const list = aggregatedDiscovery([{ ...deployments, version: "v1beta1" }, deployments], "groups");
  assert.deepEqual(list.items[0]?.versions.map((version) => version.version), ["v1", "v1beta1"]);
});

test("aggregatedDiscovery() with version v2beta1 changes only the apiVersion", () => {
  const v2 = aggregatedDiscovery(kinds, "groups");
  const v2beta1 = aggregatedDiscovery(kinds, "groups", { version: "v2beta1" });
  assert.equal(v2beta1.apiVersion, "apidiscovery.k8s.io/v2beta1");
  assert.deepEqual({ ...v2beta1, apiVersion: v2.apiVersion }, v2);
});

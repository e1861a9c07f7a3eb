import assert from "node:assert/strict";
import { test } from "node:test";
import { kinds } from "./_test-kinds.js";
import { openApiV2Document } from "./document.js";
import type { SwaggerDocument, SwaggerSchema } from "./types.js";

const document = openApiV2Document(kinds);
const DEPLOYMENT = "io.k8s.api.apps.v1.Deployment";

function definition(name: string): SwaggerSchema {
  const schema = document.definitions[name];
  assert.ok(schema, `no definition ${name}`);
  return schema;
}

function everyRef(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) everyRef(item, found);
  else if (typeof value === "object" && value !== null) {
    for (const [key, nested] of Object.entries(value)) {
      if (key === "$ref" && typeof nested === "string") found.push(nested);
      else everyRef(nested, found);
    }
  }
  return found;
}

test("openApiV2Document() is a Swagger 2.0 document with upstream's definition names", () => {
  assert.equal(document.swagger, "2.0");
  assert.deepEqual(document.info, { title: "Kubernetes", version: "unversioned" });
  for (const name of [
    DEPLOYMENT,
    "io.k8s.api.apps.v1.DeploymentList",
    "io.k8s.api.core.v1.Namespace",
    "io.k8s.api.core.v1.Pod",
    "io.k8s.api.autoscaling.v1.Scale",
    "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
    "dev.mini.example.v1alpha1.Widget",
  ]) {
    definition(name);
  }
  const names = Object.keys(document.definitions);
  assert.deepEqual(names, [...names].sort());
});

test("each kind's definition carries its x-kubernetes-group-version-kind", () => {
  assert.deepEqual(definition(DEPLOYMENT)["x-kubernetes-group-version-kind"], [{ group: "apps", version: "v1", kind: "Deployment" }]);
  assert.deepEqual(definition("io.k8s.api.core.v1.PodList")["x-kubernetes-group-version-kind"], [
    { group: "", version: "v1", kind: "PodList" },
  ]);
});

test("DeleteOptions, registered in every group-version, lists them all once", () => {
  assert.deepEqual(definition("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")["x-kubernetes-group-version-kind"], [
    { group: "", version: "v1", kind: "DeleteOptions" },
    { group: "apps", version: "v1", kind: "DeleteOptions" },
    { group: "example.mini.dev", version: "v1alpha1", kind: "DeleteOptions" },
  ]);
});

test("every reference points into #/definitions/ at a definition that exists, never through allOf", () => {
  const refs = everyRef(document);
  assert.ok(refs.length > 0);
  for (const ref of refs) {
    assert.match(ref, /^#\/definitions\//);
    definition(ref.slice("#/definitions/".length));
  }
  assert.doesNotMatch(JSON.stringify(document), /"allOf"|#\/components\//);
});

test("a reference with a description keeps it beside $ref, as kube-openapi reads it", () => {
  assert.deepEqual(definition(DEPLOYMENT).properties?.["metadata"], {
    $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
    description: "Metadata every persisted object has.",
    default: {},
  });
  assert.deepEqual(definition("io.k8s.api.apps.v1.DeploymentList").properties?.["items"]?.items, {
    $ref: `#/definitions/${DEPLOYMENT}`,
    default: {},
  });
});

test("int-or-string becomes a string, keeping IntOrString's format; nullable is dropped", () => {
  const spec = definition("dev.mini.example.v1alpha1.Widget").properties?.["spec"]?.properties ?? {};
  assert.deepEqual(spec["port"], { type: "string", format: "int-or-string", description: "Number or name." });
  assert.deepEqual(spec["memory"], { type: "string", description: "A quantity." });
  assert.deepEqual(spec["note"], { type: "string", description: "Optional text." });
  const rollingUpdate = definition(DEPLOYMENT).properties?.["spec"]?.properties?.["strategy"]?.properties?.["rollingUpdate"];
  assert.equal(rollingUpdate?.properties?.["maxSurge"]?.type, "string");
});

test("list and patch extensions stay on the field", () => {
  const parts = definition("dev.mini.example.v1alpha1.Widget").properties?.["spec"]?.properties?.["parts"];
  assert.equal(parts?.["x-kubernetes-patch-merge-key"], "name");
  assert.equal(parts?.["x-kubernetes-patch-strategy"], "merge");
  assert.equal(parts?.["x-kubernetes-list-type"], "map");
  assert.deepEqual(parts?.["x-kubernetes-list-map-keys"], ["name"]);
  const ownerReferences = definition("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").properties?.["ownerReferences"];
  assert.equal(ownerReferences?.["x-kubernetes-patch-merge-key"], "uid");
});

function patchAt(doc: SwaggerDocument, path: string) {
  const patch = doc.paths[path]?.patch;
  assert.ok(patch, `no patch at ${path}`);
  return patch;
}

test("each PATCH names its kind and lists fieldValidation, the two things kubectl 1.27 checks", () => {
  const patch = patchAt(document, "/apis/apps/v1/namespaces/{namespace}/deployments/{name}");
  assert.equal(patch.operationId, "patchAppsV1NamespacedDeployment");
  assert.equal(patch["x-kubernetes-action"], "patch");
  assert.deepEqual(patch["x-kubernetes-group-version-kind"], { group: "apps", version: "v1", kind: "Deployment" });
  assert.deepEqual(patch.parameters?.[0], {
    name: "body",
    in: "body",
    required: true,
    schema: { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch" },
  });
  assert.deepEqual(
    patch.parameters?.slice(1).map((parameter) => [parameter.name, parameter.in, parameter.in === "body" ? undefined : parameter.type]),
    [
      ["dryRun", "query", "string"],
      ["fieldManager", "query", "string"],
      ["fieldValidation", "query", "string"],
      ["force", "query", "boolean"],
    ],
  );
  assert.deepEqual([...patch.consumes].sort(), [
    "application/apply-patch+yaml",
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
  ]);
  assert.deepEqual(patch.responses["200"], { description: "OK", schema: { $ref: `#/definitions/${DEPLOYMENT}` } });
  assert.deepEqual(patch.responses["401"], { description: "Unauthorized" });
  assert.deepEqual(patchAt(document, "/api/v1/namespaces/{name}")["x-kubernetes-group-version-kind"], {
    group: "",
    version: "v1",
    kind: "Namespace",
  });
});

test("path items keep their path parameters, and operations without a body consume */*", () => {
  const item = document.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"];
  assert.deepEqual(item?.parameters, [
    { name: "name", in: "path", description: "Name of the Deployment.", required: true, type: "string" },
    { name: "namespace", in: "path", description: "The namespace of the object.", required: true, type: "string" },
    { name: "pretty", in: "query", description: "If true, indent the JSON answer.", type: "string" },
  ]);
  assert.deepEqual(item?.get?.consumes, ["*/*"]);
  assert.equal(item?.get?.parameters, undefined);
  assert.deepEqual(item?.get?.produces, ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"]);
  assert.ok(document.paths["/apis/apps/v1/deployments"]?.get?.produces.includes("application/json;stream=watch"));
  assert.ok(document.paths["/api/"]?.get, "the discovery documents' paths are merged too");
});

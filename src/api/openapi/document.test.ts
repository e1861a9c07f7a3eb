import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { test } from "node:test";
import { deployments, namespaces } from "../discovery/_test-kinds.js";
import { openApiV3Document } from "./document.js";
import type { Method, OpenApiDocument, OpenApiSchema, Operation } from "./types.js";

const kinds = [namespaces, deployments];

function documentAt(group: string, version: string): OpenApiDocument {
  const document = openApiV3Document(kinds, group, version);
  assert.ok(document, `no document for ${group}/${version}`);
  return document;
}

function operationAt(document: OpenApiDocument, path: string, method: Method): Operation {
  const operation = document.paths[path]?.[method];
  assert.ok(operation, `no ${method} at ${path}`);
  return operation;
}

/**
 * What `kubectl explain <resource>.<field path>` does with a document
 * (kubectl/pkg/explain/v2/templates/plaintext.tmpl): take the GVK from an
 * operation on the resource's paths, find the component schema listing that
 * GVK, then walk the fields through properties, $ref and allOf.
 */
function explain(document: OpenApiDocument, prefix: string, resource: string, fieldPath: string[]): OpenApiSchema | undefined {
  const searchPaths = [`${prefix}/${resource}`, `${prefix}/${resource}/{name}`, `${prefix}/namespaces/{namespace}/${resource}`];
  const gvk = searchPaths
    .flatMap((path) => (["get", "post", "put", "patch", "delete"] as const).map((method) => document.paths[path]?.[method]))
    .find((operation) => operation?.["x-kubernetes-group-version-kind"])?.["x-kubernetes-group-version-kind"];
  const root = Object.values(document.components.schemas).find((schema) =>
    schema["x-kubernetes-group-version-kind"]?.some((candidate) => isDeepStrictEqual(candidate, gvk)),
  );
  const resolve = (schema: OpenApiSchema): OpenApiSchema =>
    schema.$ref ? (document.components.schemas[schema.$ref.replace("#/components/schemas/", "")] ?? {}) : schema;
  const field = (schema: OpenApiSchema, name: string): OpenApiSchema | undefined => {
    const resolved = resolve(schema);
    return resolved.properties?.[name] ?? resolved.allOf?.map((part) => field(part, name)).find(Boolean);
  };
  return fieldPath.reduce<OpenApiSchema | undefined>((schema, name) => (schema ? field(schema, name) : undefined), root);
}

test("openApiV3Document() is a 3.0.0 document, undefined for a group-version not served", () => {
  const document = documentAt("apps", "v1");
  assert.equal(document.openapi, "3.0.0");
  assert.equal(document.info.title, "Kubernetes");
  assert.equal(openApiV3Document(kinds, "batch", "v1"), undefined);
});

test("openApiV3Document() has collection, all-namespaces, item, status and scale paths of a namespaced kind", () => {
  assert.deepEqual(Object.keys(documentAt("apps", "v1").paths).sort(), [
    "/apis/apps/v1/deployments",
    "/apis/apps/v1/namespaces/{namespace}/deployments",
    "/apis/apps/v1/namespaces/{namespace}/deployments/{name}",
    "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale",
    "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status",
  ]);
});

test("openApiV3Document() has cluster-scoped paths for a core kind", () => {
  assert.deepEqual(Object.keys(documentAt("", "v1").paths).sort(), [
    "/api/v1/namespaces",
    "/api/v1/namespaces/{name}",
    "/api/v1/namespaces/{name}/status",
  ]);
});

test("every operation carries its action and GVK", () => {
  const document = documentAt("apps", "v1");
  const deployment = { group: "apps", version: "v1", kind: "Deployment" };
  const expected: [string, Method, string, unknown][] = [
    ["/apis/apps/v1/deployments", "get", "list", deployment],
    ["/apis/apps/v1/namespaces/{namespace}/deployments", "get", "list", deployment],
    ["/apis/apps/v1/namespaces/{namespace}/deployments", "post", "post", deployment],
    ["/apis/apps/v1/namespaces/{namespace}/deployments", "delete", "deletecollection", deployment],
    ["/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "get", "get", deployment],
    ["/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "put", "put", deployment],
    ["/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "patch", "patch", deployment],
    ["/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "delete", "delete", deployment],
    ["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status", "patch", "patch", deployment],
    ["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "patch", "patch", { group: "autoscaling", version: "v1", kind: "Scale" }],
  ];
  for (const [path, method, action, gvk] of expected) {
    const operation = operationAt(document, path, method);
    assert.equal(operation["x-kubernetes-action"], action, `${method} ${path}`);
    assert.deepEqual(operation["x-kubernetes-group-version-kind"], gvk, `${method} ${path}`);
  }
});

test("every PATCH lists the parameters and patch types kubectl relies on", () => {
  for (const [group, path] of [
    ["apps", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}"],
    ["apps", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status"],
    ["apps", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"],
    ["", "/api/v1/namespaces/{name}"],
  ] as const) {
    const patch = operationAt(documentAt(group, "v1"), path, "patch");
    assert.deepEqual(
      patch.parameters?.map((parameter) => [parameter.name, parameter.in]),
      [
        ["dryRun", "query"],
        ["fieldManager", "query"],
        ["fieldValidation", "query"],
        ["force", "query"],
      ],
      path,
    );
    assert.deepEqual(Object.keys(patch.requestBody?.content ?? {}).sort(), [
      "application/apply-patch+yaml",
      "application/json-patch+json",
      "application/merge-patch+json",
      "application/strategic-merge-patch+json",
    ]);
    assert.equal(patch.requestBody?.required, true);
  }
});

test("path-level parameters name the object and its namespace", () => {
  const item = documentAt("apps", "v1").paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"];
  assert.deepEqual(
    item?.parameters?.map((parameter) => [parameter.name, parameter.in, parameter.required ?? false]),
    [
      ["name", "path", true],
      ["namespace", "path", true],
      ["pretty", "query", false],
    ],
  );
  const list = operationAt(documentAt("apps", "v1"), "/apis/apps/v1/deployments", "get");
  assert.ok(list.parameters?.some((parameter) => parameter.name === "watch"));
  assert.equal(list.operationId, "listAppsV1DeploymentForAllNamespaces");
  assert.equal(operationAt(documentAt("", "v1"), "/api/v1/namespaces/{name}/status", "put").operationId, "replaceCoreV1NamespaceStatus");
});

test("components hold the kind, its list and the shared schemas under upstream names", () => {
  const schemas = documentAt("apps", "v1").components.schemas;
  assert.deepEqual(Object.keys(schemas), [
    "io.k8s.api.apps.v1.Deployment",
    "io.k8s.api.apps.v1.DeploymentList",
    "io.k8s.api.autoscaling.v1.Scale",
    "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
    "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta",
    "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
  ]);
  const gvkOf = (name: string): unknown => schemas[name]?.["x-kubernetes-group-version-kind"];
  assert.deepEqual(gvkOf("io.k8s.api.apps.v1.Deployment"), [{ group: "apps", version: "v1", kind: "Deployment" }]);
  assert.deepEqual(gvkOf("io.k8s.api.apps.v1.DeploymentList"), [{ group: "apps", version: "v1", kind: "DeploymentList" }]);
  assert.deepEqual(gvkOf("io.k8s.api.autoscaling.v1.Scale"), [{ group: "autoscaling", version: "v1", kind: "Scale" }]);
  assert.deepEqual(gvkOf("io.k8s.apimachinery.pkg.apis.meta.v1.Status"), [{ group: "", version: "v1", kind: "Status" }]);
  assert.deepEqual(gvkOf("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"), [
    { group: "", version: "v1", kind: "DeleteOptions" },
    { group: "apps", version: "v1", kind: "DeleteOptions" },
  ]);
  assert.deepEqual(schemas["io.k8s.api.apps.v1.DeploymentList"]?.properties?.["items"]?.items, {
    allOf: [{ $ref: "#/components/schemas/io.k8s.api.apps.v1.Deployment" }],
    default: {},
  });
});

test("a core document names core schemas and has no Scale without a scalable kind", () => {
  const names = Object.keys(documentAt("", "v1").components.schemas);
  assert.ok(names.includes("io.k8s.api.core.v1.Namespace"));
  assert.ok(names.includes("io.k8s.api.core.v1.NamespaceList"));
  assert.ok(!names.includes("io.k8s.api.autoscaling.v1.Scale"));
});

test("kubectl explain deployment.spec.strategy finds the field, and metadata through its reference", () => {
  const document = documentAt("apps", "v1");
  const strategy = explain(document, "/apis/apps/v1", "deployments", ["spec", "strategy"]);
  assert.equal(strategy?.description, "How old pods are replaced by new ones.");
  assert.deepEqual(Object.keys(strategy?.properties ?? {}), ["type", "rollingUpdate"]);
  assert.ok(explain(document, "/apis/apps/v1", "deployments", ["spec", "strategy", "rollingUpdate", "maxSurge"]));
  assert.equal(explain(document, "/apis/apps/v1", "deployments", ["metadata", "labels"])?.type, "object");
  assert.equal(explain(documentAt("", "v1"), "/api/v1", "namespaces", ["metadata", "name"])?.type, "string");
  assert.equal(explain(document, "/apis/apps/v1", "deployments", ["spec", "nope"]), undefined);
});

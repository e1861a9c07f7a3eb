import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRequestInfo } from "./request-info.js";

const q = (s = "") => new URLSearchParams(s);

test("parseRequestInfo resolves verbs, groups, namespaces and subresources", () => {
  const cases: [string, string, string, Record<string, string>][] = [
    ["GET", "/api/v1/pods", "", { verb: "list", group: "", version: "v1", namespace: "", resource: "pods", name: "" }],
    ["GET", "/api/v1/namespaces/default/pods/web", "", { verb: "get", namespace: "default", resource: "pods", name: "web" }],
    ["GET", "/api/v1/namespaces/default/pods", "watch=1", { verb: "watch", namespace: "default", resource: "pods" }],
    ["GET", "/api/v1/watch/namespaces/default/pods", "", { verb: "watch", namespace: "default", resource: "pods" }],
    ["GET", "/api/v1/namespaces/dev", "", { verb: "get", namespace: "", resource: "namespaces", name: "dev" }],
    ["PUT", "/api/v1/namespaces/dev/finalize", "", { verb: "update", resource: "namespaces", name: "dev", subresource: "finalize" }],
    ["GET", "/api/v1/namespaces/dev/status", "", { verb: "get", resource: "namespaces", name: "dev", subresource: "status" }],
    ["PATCH", "/apis/apps/v1/namespaces/d/deployments/x/scale", "", { verb: "patch", group: "apps", resource: "deployments", name: "x", subresource: "scale" }],
    ["DELETE", "/apis/apps/v1/namespaces/d/deployments", "", { verb: "deletecollection", namespace: "d", resource: "deployments" }],
    ["POST", "/api/v1/namespaces", "", { verb: "create", resource: "namespaces", name: "" }],
  ];
  for (const [method, path, query, want] of cases) {
    const info = parseRequestInfo(method, path, q(query));
    assert.equal(info.isResourceRequest, true, `${method} ${path}`);
    for (const [k, v] of Object.entries(want)) assert.equal((info as unknown as Record<string, string>)[k], v, `${method} ${path} ${k}`);
  }
});

test("parseRequestInfo leaves discovery and health paths as non-resource requests", () => {
  for (const path of ["/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/healthz", "/openapi/v3"]) {
    assert.equal(parseRequestInfo("GET", path, q()).isResourceRequest, false, path);
  }
});

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { deployments, namespaces } from "../discovery/_test-kinds.js";
import { openApiV3Document } from "./document.js";
import { openApiV3Documents, openApiV3Root } from "./root.js";

const kinds = [namespaces, deployments];

test("openApiV3Root() lists the discovery and group-version documents", () => {
  assert.deepEqual(Object.keys(openApiV3Root(kinds).paths).sort(), ["api", "api/v1", "apis", "apis/apps", "apis/apps/v1"]);
});

test("each URL carries the uppercase SHA-512 of its document's JSON", () => {
  const url = openApiV3Root(kinds).paths["apis/apps/v1"]?.serverRelativeURL;
  const hash = createHash("sha512").update(JSON.stringify(openApiV3Document(kinds, "apps", "v1"))).digest("hex").toUpperCase();
  assert.equal(url, `/openapi/v3/apis/apps/v1?hash=${hash}`);
  assert.match(hash, /^[0-9A-F]{128}$/);
  assert.equal(openApiV3Documents(kinds).get("apis/apps/v1")?.hash, hash);
});

test("hashes are stable across calls and change only with the documents they describe", () => {
  const first = openApiV3Root(kinds);
  assert.deepEqual(openApiV3Root([...kinds]), first);
  const changed = openApiV3Root([namespaces, { ...deployments, shortNames: ["dep"] }, { ...deployments, group: "batch" }]);
  // A change to the apps kind leaves the core document's URL alone.
  assert.equal(changed.paths["api/v1"]?.serverRelativeURL, first.paths["api/v1"]?.serverRelativeURL);
  assert.ok(changed.paths["apis/batch/v1"]);
});

test("openApiV3Documents() serves the discovery endpoints' own documents", () => {
  const documents = openApiV3Documents(kinds);
  assert.equal(documents.get("api")?.document.paths["/api/"]?.get?.operationId, "getCoreAPIVersions");
  assert.equal(documents.get("apis")?.document.paths["/apis/"]?.get?.operationId, "getAPIVersions");
  assert.equal(documents.get("apis/apps")?.document.paths["/apis/apps/"]?.get?.operationId, "getAppsAPIGroup");
  assert.deepEqual(Object.keys(documents.get("api")?.document.components.schemas ?? {}), [
    "io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions",
    "io.k8s.apimachinery.pkg.apis.meta.v1.ServerAddressByClientCIDR",
  ]);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { groupIdentifier, operationPrefix, operationTag, schemaName } from "./names.js";

test("schemaName() uses upstream's package paths", () => {
  const cases: [string, string, string, string][] = [
    ["apps", "v1", "Deployment", "io.k8s.api.apps.v1.Deployment"],
    ["", "v1", "Pod", "io.k8s.api.core.v1.Pod"],
    ["rbac.authorization.k8s.io", "v1", "Role", "io.k8s.api.rbac.v1.Role"],
    ["networking.k8s.io", "v1", "Ingress", "io.k8s.api.networking.v1.Ingress"],
    ["apiextensions.k8s.io", "v1", "CustomResourceDefinition", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition"],
    ["metrics.k8s.io", "v1beta1", "PodMetrics", "io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics"],
    ["stable.example.com", "v1", "CronTab", "com.example.stable.v1.CronTab"],
  ];
  for (const [group, version, kind, name] of cases) assert.equal(schemaName({ group, version, kind }), name);
});

test("operation ids and tags follow upstream's naming", () => {
  assert.equal(operationPrefix("apps", "v1"), "AppsV1");
  assert.equal(operationPrefix("", "v1"), "CoreV1");
  assert.equal(operationPrefix("rbac.authorization.k8s.io", "v1"), "RbacAuthorizationV1");
  assert.equal(operationPrefix("apps"), "Apps");
  assert.equal(operationTag("flowcontrol.apiserver.k8s.io", "v1"), "flowcontrolApiserver_v1");
  assert.equal(operationTag("", "v1"), "core_v1");
  assert.equal(groupIdentifier("stable.example.com"), "stableExampleCom");
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { hostsFileContent } from "./etc-hosts.js";

test("the managed hosts file names the pod's IP and adds host aliases", () => {
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-0", namespace: "shop" },
    spec: { hostname: "web-0", subdomain: "web", hostAliases: [{ ip: "10.1.2.3", hostnames: ["db", "db.local"] }], containers: [] },
  };
  const lines = hostsFileContent(pod, "10.244.0.7", "cluster.local").split("\n");
  assert.equal(lines[0], "# Kubernetes-managed hosts file.");
  assert.ok(lines.includes("127.0.0.1\tlocalhost"));
  assert.ok(lines.includes("10.244.0.7\tweb-0.web.shop.svc.cluster.local\tweb-0"));
  assert.ok(lines.includes("10.1.2.3\tdb\tdb.local"));
});

import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../apis/types.js";
import { containerConfig, linuxResources } from "./container-config.js";

const pod: KubeObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "shop", uid: "u-1" },
  spec: {
    terminationGracePeriodSeconds: 5,
    securityContext: { runAsUser: 1000, runAsGroup: 3000 },
    containers: [
      {
        name: "app",
        image: "mini.test/busybox:1",
        command: ["sh", "-c"],
        args: ["echo $(GREETING) $(UNSET)"],
        workingDir: "/srv",
        resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
        securityContext: { runAsUser: 0, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { add: ["NET_ADMIN"], drop: ["ALL"] } },
      },
    ],
  },
};

test("containerConfig() expands $(VAR) in args, labels the container and names its log by attempt", () => {
  const container = (pod.spec as { containers: Record<string, unknown>[] }).containers[0] ?? {};
  const config = containerConfig(pod, container, {
    attempt: 2,
    env: [{ key: "GREETING", value: "hi" }],
    mounts: [{ containerPath: "/data", hostPath: "/var/x", readonly: false }],
    init: false,
    memoryCapacity: 8 * 2 ** 30,
  });
  assert.deepEqual(config.command, ["sh", "-c"]);
  assert.deepEqual(config.args, ["echo hi $(UNSET)"]);
  assert.equal(config.workingDir, "/srv");
  assert.equal(config.logPath, "app/2.log");
  assert.deepEqual(config.metadata, { name: "app", attempt: 2 });
  assert.equal(config.labels["io.kubernetes.pod.uid"], "u-1");
  assert.equal(config.labels["io.kubernetes.container.name"], "app");
  assert.equal(config.annotations["io.kubernetes.container.restartCount"], "2");
  assert.equal(config.annotations["io.kubernetes.pod.terminationGracePeriod"], "5");
  const security = config.linux.securityContext;
  assert.deepEqual(security.runAsUser, { value: 0 }, "the container's runAsUser wins over the pod's");
  assert.deepEqual(security.runAsGroup, { value: 3000 });
  assert.equal(security.readonlyRootfs, true);
  assert.equal(security.noNewPrivs, true);
  assert.deepEqual(security.capabilities, { addCapabilities: ["NET_ADMIN"], dropCapabilities: ["ALL"] });
  assert.equal(security.namespaceOptions.network, "POD");
});

test("linuxResources() turns requests and limits into shares, quota, memory limit and OOM score", () => {
  const spec = pod.spec as { containers: Record<string, unknown>[] };
  const resources = linuxResources(spec, spec.containers[0] ?? {}, 8 * 2 ** 30);
  assert.deepEqual(resources, { cpuPeriod: 100_000, cpuQuota: 50_000, cpuShares: 256, memoryLimitInBytes: 128 * 2 ** 20, oomScoreAdj: 993 });
  const guaranteed = { containers: [{ name: "g", resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } }] };
  assert.equal(linuxResources(guaranteed, guaranteed.containers[0] ?? {}, 8 * 2 ** 30).oomScoreAdj, -997);
  const bestEffort = { containers: [{ name: "b" }] };
  assert.deepEqual(linuxResources(bestEffort, bestEffort.containers[0] ?? {}, 1), { cpuPeriod: 0, cpuQuota: 0, cpuShares: 2, memoryLimitInBytes: 0, oomScoreAdj: 1000 });
});

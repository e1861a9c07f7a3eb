/**
 * Issue 4, end to end with the real kubectl on `mini up --fake-nodes 1`: a ResourceQuota refuses the
 * pod past its limit with upstream's 403 and reports its usage (`kubectl get quota`, `kubectl
 * describe quota`); LimitRange defaults appear in the pod and too-big containers are refused; the
 * default `local-path` StorageClass provisions a directory for a claim once a pod uses it, a
 * StatefulSet's volumeClaimTemplates end Bound, and deleting a claim (once no pod uses it) removes its
 * volume and directory.
 * One mini for the file; each group works in its own namespace.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createNamespaces, kubectlJson, manifest, parseTable, startMini, waitUntil, type Mini } from "../harness.js";

const QUOTA_NS = "e2e-quota";
const LIMITS_NS = "e2e-limits";
const VOLUMES_NS = "e2e-volumes";

interface ClaimJson {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { volumeName?: string; storageClassName?: string };
  status: { phase?: string; capacity?: Record<string, string> };
}
interface VolumeJson {
  metadata: { name: string };
  spec: { hostPath?: { path: string }; claimRef?: { name: string; namespace: string }; nodeAffinity?: unknown };
  status: { phase?: string };
}

let mini: Mini;

before(async () => {
  mini = await startMini({ extraArgs: ["--fake-nodes", "1"] });
  await waitUntil("a Ready node", async () => {
    const out = await mini.kubectl(["get", "nodes", "--no-headers"]);
    return /\sReady\s/.test(out.stdout) ? true : undefined;
  });
  await createNamespaces(mini, QUOTA_NS, LIMITS_NS, VOLUMES_NS);
});

after(async () => {
  await mini?.dispose();
});

function pod(name: string, namespace: string, extra: Record<string, unknown> = {}, resources?: Record<string, unknown>): object {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace },
    spec: { containers: [{ name: "app", image: "busybox:1.36", ...(resources ? { resources } : {}) }], ...extra },
  };
}

async function quotaStatus(name: string): Promise<{ hard?: Record<string, string>; used?: Record<string, string> }> {
  const quota = (await kubectlJson(mini, ["get", "resourcequota", name, "-n", QUOTA_NS])) as { status?: { hard?: Record<string, string>; used?: Record<string, string> } };
  return quota.status ?? {};
}

describe("ResourceQuota", { timeout: 120_000 }, () => {
  test("a quota of pods=2 reports its usage and refuses the third pod with upstream's 403", async () => {
    await mini.kubectl(["apply", "-f", "-"], {
      stdin: manifest({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "pods", namespace: QUOTA_NS }, spec: { hard: { pods: "2", "requests.cpu": "1", "limits.memory": "1Gi" } } }),
    });
    await waitUntil("the quota's status", async () => ((await quotaStatus("pods")).used?.["pods"] === "0" ? true : undefined));
    const resources = { requests: { cpu: "250m" }, limits: { memory: "128Mi" } };
    await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(pod("one", QUOTA_NS, {}, resources), pod("two", QUOTA_NS, {}, resources)) });
    assert.deepEqual((await quotaStatus("pods")).used, { pods: "2", "requests.cpu": "500m", "limits.memory": "256Mi" });
    const third = await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(pod("three", QUOTA_NS, {}, resources)), allowFail: true });
    assert.notEqual(third.code, 0);
    assert.match(third.stderr, /pods "three" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2/);

    const row = parseTable((await mini.kubectl(["get", "quota", "pods", "-n", QUOTA_NS])).stdout).rows[0];
    assert.equal(row?.["REQUEST"], "pods: 2/2, requests.cpu: 500m/1");
    assert.equal(row?.["LIMIT"], "limits.memory: 256Mi/1Gi");
    const described = (await mini.kubectl(["describe", "quota", "pods", "-n", QUOTA_NS])).stdout;
    assert.match(described, /pods\s+2\s+2/);
    assert.match(described, /requests\.cpu\s+500m\s+1/);

    // Deleting a pod gives its share back.
    await mini.kubectl(["delete", "pod", "one", "-n", QUOTA_NS, "--grace-period=0", "--force"]);
    await waitUntil("usage back to one pod", async () => ((await quotaStatus("pods")).used?.["pods"] === "1" ? true : undefined));
  });

  test("a quota on limits.cpu refuses a pod whose containers name none", async () => {
    await mini.kubectl(["apply", "-f", "-"], {
      stdin: manifest({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "cpu", namespace: QUOTA_NS }, spec: { hard: { "limits.cpu": "4" } } }),
    });
    await waitUntil("the cpu quota's status", async () => ((await quotaStatus("cpu")).used?.["limits.cpu"] === "0" ? true : undefined));
    const refused = await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(pod("bare", QUOTA_NS)), allowFail: true });
    assert.match(refused.stderr, /pods "bare" is forbidden: failed quota: cpu: must specify limits.cpu for: app/);
  });
});

describe("LimitRange", { timeout: 60_000 }, () => {
  test("defaults are filled into new pods and too-big containers are refused", async () => {
    await mini.kubectl(["apply", "-f", "-"], {
      stdin: manifest({
        apiVersion: "v1",
        kind: "LimitRange",
        metadata: { name: "bounds", namespace: LIMITS_NS },
        spec: { limits: [{ type: "Container", max: { cpu: "1" }, default: { cpu: "500m", memory: "256Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] },
      }),
    });
    await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(pod("defaulted", LIMITS_NS)) });
    const yaml = (await mini.kubectl(["get", "pod", "defaulted", "-n", LIMITS_NS, "-o", "yaml"])).stdout;
    // kubectl folds the long annotation over two lines.
    assert.match(yaml.replace(/\n\s+/g, " "), /kubernetes\.io\/limit-ranger: 'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app'/);
    const created = (await kubectlJson(mini, ["get", "pod", "defaulted", "-n", LIMITS_NS])) as { spec: { containers: { resources: unknown }[] } };
    assert.deepEqual(created.spec.containers[0]?.resources, { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m", memory: "128Mi" } });

    const big = await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(pod("big", LIMITS_NS, {}, { limits: { cpu: "2" } })), allowFail: true });
    assert.notEqual(big.code, 0);
    assert.match(big.stderr, /pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2/);
  });
});

function claim(name: string): object {
  return { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, namespace: VOLUMES_NS }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } };
}

async function boundClaim(name: string): Promise<ClaimJson> {
  return waitUntil(`claim ${name} Bound`, async () => {
    const found = (await kubectlJson(mini, ["get", "pvc", name, "-n", VOLUMES_NS])) as unknown as ClaimJson;
    return found.status.phase === "Bound" ? found : undefined;
  }, { timeoutMs: 30_000 });
}

describe("local-path volumes", { timeout: 120_000 }, () => {
  test("a claim waits for its first consumer, then binds to a provisioned directory on the pod's node", async () => {
    await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(claim("data")) });
    const pending = (await kubectlJson(mini, ["get", "pvc", "data", "-n", VOLUMES_NS])) as unknown as ClaimJson;
    assert.equal(pending.spec.storageClassName, "local-path");
    assert.equal(pending.status.phase, "Pending");

    const volumes = [{ name: "data", persistentVolumeClaim: { claimName: "data" } }];
    await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(pod("user", VOLUMES_NS, { volumes })) });
    const bound = await boundClaim("data");
    const podJson = (await kubectlJson(mini, ["get", "pod", "user", "-n", VOLUMES_NS])) as { spec: { nodeName?: string } };
    assert.equal(podJson.spec.nodeName, "mini-fake-1");
    assert.equal(bound.metadata.annotations?.["volume.kubernetes.io/selected-node"], "mini-fake-1");
    const volumeName = bound.spec.volumeName ?? "";
    const volume = (await kubectlJson(mini, ["get", "pv", volumeName])) as unknown as VolumeJson;
    assert.equal(volume.status.phase, "Bound");
    assert.deepEqual(volume.spec.claimRef && { name: volume.spec.claimRef.name, namespace: volume.spec.claimRef.namespace }, { name: "data", namespace: VOLUMES_NS });
    const path = join(mini.dataDir, "storage", volumeName);
    assert.equal(volume.spec.hostPath?.path, path);
    assert.ok(existsSync(path), `${path} exists`);

    const row = parseTable((await mini.kubectl(["get", "pvc", "data", "-n", VOLUMES_NS])).stdout).rows[0];
    assert.deepEqual([row?.["STATUS"], row?.["VOLUME"], row?.["CAPACITY"], row?.["ACCESS MODES"], row?.["STORAGECLASS"]], ["Bound", volumeName, "1Gi", "RWO", "local-path"]);

    // A claim in use stays (Terminating) until its pod is gone; then reclaimPolicy Delete removes the volume and its directory.
    await mini.kubectl(["delete", "pvc", "data", "-n", VOLUMES_NS, "--wait=false"]);
    const terminating = parseTable((await mini.kubectl(["get", "pvc", "data", "-n", VOLUMES_NS])).stdout).rows[0];
    assert.equal(terminating?.["STATUS"], "Terminating");
    assert.equal(existsSync(path), true);
    await mini.kubectl(["delete", "pod", "user", "-n", VOLUMES_NS, "--grace-period=0", "--force"]);
    await waitUntil("the volume gone", async () => ((await mini.kubectl(["get", "pv", volumeName], { allowFail: true })).code !== 0 ? true : undefined));
    assert.equal(existsSync(path), false);
  });

  test("a pod whose claim does not exist is unschedulable with upstream's message", async () => {
    const volumes = [{ name: "data", persistentVolumeClaim: { claimName: "missing" } }];
    await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(pod("orphan", VOLUMES_NS, { volumes })) });
    const condition = await waitUntil("PodScheduled=False", async () => {
      const found = (await kubectlJson(mini, ["get", "pod", "orphan", "-n", VOLUMES_NS])) as { status: { conditions?: { type: string; status: string; message?: string }[] } };
      return found.status.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
    });
    assert.match(condition.message ?? "", /^0\/1 nodes are available: persistentvolumeclaim "missing" not found\./);
  });

  test("a StatefulSet's volumeClaimTemplates end Bound", async () => {
    const labels = { app: "db" };
    await mini.kubectl(["apply", "-f", "-"], {
      stdin: manifest({
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "db", namespace: VOLUMES_NS },
        spec: {
          serviceName: "db",
          replicas: 2,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: "db", image: "busybox:1.36", volumeMounts: [{ name: "state", mountPath: "/state" }] }] } },
          volumeClaimTemplates: [{ metadata: { name: "state" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "2Gi" } } } }],
        },
      }),
    });
    for (const name of ["state-db-0", "state-db-1"]) {
      const bound = await boundClaim(name);
      assert.equal(bound.status.capacity?.["storage"], "2Gi");
      assert.ok(existsSync(join(mini.dataDir, "storage", bound.spec.volumeName ?? "")));
    }
    const rows = parseTable((await mini.kubectl(["get", "pvc", "-n", VOLUMES_NS, "-l", "app=db"])).stdout).rows;
    assert.deepEqual(rows.map((r) => [r["NAME"], r["STATUS"], r["CAPACITY"], r["STORAGECLASS"]]), [
      ["state-db-0", "Bound", "2Gi", "local-path"],
      ["state-db-1", "Bound", "2Gi", "local-path"],
    ]);
  });
});

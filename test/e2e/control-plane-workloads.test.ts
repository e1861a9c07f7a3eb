/**
 * Issue 4, end to end with the real kubectl on `mini up --fake-nodes 3`: the user story (apply the
 * seed app, rollout status, pods spread over the nodes, Service and Endpoints), rolling update,
 * history, undo and scale, cascading delete in the three propagation modes, and the StatefulSet and
 * DaemonSet controllers. One mini for the whole file; each group works in its own namespace.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createNamespaces, fixturePath, kubectlJson, manifest, parseTable, startMini, waitUntil, type Mini } from "../harness.js";

const APP_NS = "my-project-dev";
const DEPLOY = "my-app-deployment";
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}
interface Meta {
  name: string;
  namespace?: string;
  uid: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  deletionTimestamp?: string;
  finalizers?: string[];
}
interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: { containers: { name: string; image: string }[] };
}
interface ReplicaSetJson {
  metadata: Meta;
  spec: { replicas: number; template: PodTemplate };
  status: { replicas: number; readyReplicas?: number; availableReplicas?: number };
}
interface DeploymentJson {
  metadata: Meta & { generation: number };
  spec: { replicas: number; template: PodTemplate };
  status: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number };
}
interface PodJson {
  metadata: Meta;
  spec: { nodeName?: string };
  status: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
}
interface List<T> {
  items: T[];
}

let mini: Mini;

before(async () => {
  mini = await startMini({ extraArgs: ["--fake-nodes", "3"] });
});

after(async () => {
  await mini?.dispose();
});

async function list<T>(args: readonly string[]): Promise<T[]> {
  return ((await kubectlJson(mini, ["get", ...args])) as unknown as List<T>).items;
}

async function getOrUndefined<T>(args: readonly string[]): Promise<T | undefined> {
  const result = await mini.kubectl(["get", ...args, "-o", "json"], { allowFail: true });
  if (result.code === 0) return JSON.parse(result.stdout) as T;
  if (/NotFound/.test(result.stderr)) return undefined;
  throw new Error(`kubectl get ${args.join(" ")} failed: ${result.stderr}`);
}

function ownedBy(object: { metadata: Meta }, uid: string): boolean {
  return (object.metadata.ownerReferences ?? []).some((ref) => ref.uid === uid);
}

function imageOf(object: { spec: { template: PodTemplate } }): string | undefined {
  return object.spec.template.spec.containers[0]?.image;
}

function isReady(pod: PodJson): boolean {
  return pod.status.conditions?.some((c) => c.type === "Ready" && c.status === "True") === true;
}

function rolloutStatus(kind: string, name: string, namespace: string): Promise<unknown> {
  return mini.kubectl(["rollout", "status", `${kind}/${name}`, "-n", namespace, "--timeout=90s"], { timeoutMs: 100_000 });
}

function simpleDeployment(name: string, namespace: string, replicas: number) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } },
    },
  };
}

describe("the user story on three simulated nodes", { timeout: 150_000 }, () => {
  test("apply -f fixtures/seed-app.yaml, then rollout status deploy/my-app-deployment completes", async () => {
    const applied = await mini.kubectl(["apply", "-f", fixturePath("seed-app.yaml")]);
    assert.match(applied.stdout, /deployment\.apps\/my-app-deployment created/);
    const status = await mini.kubectl(["rollout", "status", `deploy/${DEPLOY}`, "-n", APP_NS, "--timeout=90s"], { timeoutMs: 100_000 });
    assert.match(status.stdout, /deployment "my-app-deployment" successfully rolled out/);
    const deployment = (await kubectlJson(mini, ["get", "deploy", DEPLOY, "-n", APP_NS])) as unknown as DeploymentJson;
    assert.ok((deployment.status.observedGeneration ?? 0) >= deployment.metadata.generation, JSON.stringify(deployment.status));
    assert.equal(deployment.status.availableReplicas, 3);
    assert.equal(deployment.status.updatedReplicas, 3);
  });

  test("get pods -o wide shows 3 Running pods with pod IPs, spread over the 3 nodes", async () => {
    const out = await mini.kubectl(["get", "pods", "-o", "wide", "-n", APP_NS]);
    const table = parseTable(out.stdout);
    assert.equal(table.rows.length, 3, out.stdout);
    for (const row of table.rows) {
      assert.equal(row["STATUS"], "Running", out.stdout);
      assert.equal(row["READY"], "1/1", out.stdout);
      assert.match(row["IP"] ?? "", IPV4, out.stdout);
      assert.match(row["NODE"] ?? "", /^mini-fake-[123]$/, out.stdout);
    }
    assert.equal(new Set(table.rows.map((row) => row["NODE"])).size, 3, `pods not spread over 3 nodes:\n${out.stdout}`);
    assert.equal(new Set(table.rows.map((row) => row["IP"])).size, 3, `pod IPs not distinct:\n${out.stdout}`);
  });

  test("the Service gets a ClusterIP and its Endpoints list the 3 pod IPs on port 8080", async () => {
    const service = (await kubectlJson(mini, ["get", "svc", "my-app-service", "-n", APP_NS])) as {
      spec: { clusterIP?: string; clusterIPs?: string[] };
    };
    assert.match(service.spec.clusterIP ?? "", IPV4, JSON.stringify(service.spec));
    const podIPs = (await list<PodJson>(["pods", "-n", APP_NS, "-l", "app=my-app"])).map((pod) => pod.status.podIP ?? "").sort();
    assert.equal(podIPs.length, 3);
    const endpoints = await waitUntil("the Endpoints to list the 3 pod IPs", async () => {
      const ep = await getOrUndefined<{ subsets?: { addresses?: { ip: string }[]; ports?: { port: number }[] }[] }>([
        "endpoints", "my-app-service", "-n", APP_NS,
      ]);
      const ips = (ep?.subsets ?? []).flatMap((subset) => (subset.addresses ?? []).map((address) => address.ip)).sort();
      return JSON.stringify(ips) === JSON.stringify(podIPs) ? ep : undefined;
    });
    const ports = (endpoints?.subsets ?? []).flatMap((subset) => (subset.ports ?? []).map((port) => port.port));
    assert.ok(ports.length > 0 && ports.every((port) => port === 8080), `endpoint ports: ${JSON.stringify(ports)}`);
    const out = await mini.kubectl(["get", "endpoints", "my-app-service", "-n", APP_NS]);
    for (const ip of podIPs) assert.ok(out.stdout.includes(`${ip}:8080`), `kubectl get endpoints lacks ${ip}:8080:\n${out.stdout}`);
  });

  let oldRs = "";
  let newRs = "";

  test("set image makes a new ReplicaSet, scales the old one to 0, and rollout status completes", async () => {
    const before = await list<ReplicaSetJson>(["rs", "-n", APP_NS]);
    assert.equal(before.length, 1, `expected one ReplicaSet before the update, got ${before.map((rs) => rs.metadata.name).join(", ")}`);
    oldRs = before[0]!.metadata.name;
    await mini.kubectl(["set", "image", `deploy/${DEPLOY}`, "echo-container=k8s.gcr.io/echoserver:1.5", "-n", APP_NS]);
    const status = await rolloutStatus("deploy", DEPLOY, APP_NS);
    assert.match((status as { stdout: string }).stdout, /successfully rolled out/);
    const after = await waitUntil("the old ReplicaSet to be scaled to 0", async () => {
      const sets = await list<ReplicaSetJson>(["rs", "-n", APP_NS]);
      const old = sets.find((rs) => rs.metadata.name === oldRs);
      return old !== undefined && old.spec.replicas === 0 && old.status.replicas === 0 ? sets : undefined;
    });
    assert.equal(after.length, 2, after.map((rs) => rs.metadata.name).join(", "));
    const created = after.find((rs) => rs.metadata.name !== oldRs)!;
    newRs = created.metadata.name;
    assert.equal(imageOf(created), "k8s.gcr.io/echoserver:1.5");
    assert.equal(created.spec.replicas, 3);
    assert.equal(created.status.availableReplicas, 3);
    const pods = await list<PodJson>(["pods", "-n", APP_NS, "-l", "app=my-app"]);
    const live = pods.filter((pod) => pod.metadata.deletionTimestamp === undefined);
    assert.equal(live.length, 3, `live pods: ${live.map((pod) => pod.metadata.name).join(", ")}`);
    assert.ok(live.every((pod) => ownedBy(pod, created.metadata.uid)), "every live pod belongs to the new ReplicaSet");
  });

  test("rollout history shows 2 revisions", async () => {
    const out = await mini.kubectl(["rollout", "history", `deploy/${DEPLOY}`, "-n", APP_NS]);
    const revisions = out.stdout.split("\n").filter((line) => /^\d+\s/.test(line)).map((line) => Number(line.split(/\s+/)[0]));
    assert.deepEqual(revisions, [1, 2], out.stdout);
  });

  test("rollout undo restores the old template: image back to 1.4 and the old ReplicaSet scaled up again", async () => {
    assert.notEqual(oldRs, "", "needs the set-image test");
    const undo = await mini.kubectl(["rollout", "undo", `deploy/${DEPLOY}`, "-n", APP_NS]);
    assert.match(undo.stdout, /rolled back/);
    await rolloutStatus("deploy", DEPLOY, APP_NS);
    const deployment = (await kubectlJson(mini, ["get", "deploy", DEPLOY, "-n", APP_NS])) as unknown as DeploymentJson;
    assert.equal(imageOf(deployment), "k8s.gcr.io/echoserver:1.4");
    const sets = await waitUntil("the old ReplicaSet back at 3 and the new one at 0", async () => {
      const all = await list<ReplicaSetJson>(["rs", "-n", APP_NS]);
      const old = all.find((rs) => rs.metadata.name === oldRs);
      const updated = all.find((rs) => rs.metadata.name === newRs);
      return old?.spec.replicas === 3 && old.status.availableReplicas === 3 && updated?.spec.replicas === 0 && updated.status.replicas === 0
        ? all
        : undefined;
    });
    assert.equal(sets.length, 2, `undo must reuse the old ReplicaSet, not make a third: ${sets.map((rs) => rs.metadata.name).join(", ")}`);
    const old = sets.find((rs) => rs.metadata.name === oldRs)!;
    assert.equal(imageOf(old), "k8s.gcr.io/echoserver:1.4");
    assert.equal(old.metadata.annotations?.["deployment.kubernetes.io/revision"], "3");
    const history = await mini.kubectl(["rollout", "history", `deploy/${DEPLOY}`, "-n", APP_NS]);
    const revisions = history.stdout.split("\n").filter((line) => /^\d+\s/.test(line)).map((line) => Number(line.split(/\s+/)[0]));
    assert.deepEqual(revisions, [2, 3], history.stdout);
  });

  test("scale --replicas=10 brings the Deployment to 10 available replicas", async () => {
    const out = await mini.kubectl(["scale", `deploy/${DEPLOY}`, "--replicas=10", "-n", APP_NS]);
    assert.match(out.stdout, /scaled/);
    await rolloutStatus("deploy", DEPLOY, APP_NS);
    const deployment = await waitUntil("10 available replicas", async () => {
      const d = (await kubectlJson(mini, ["get", "deploy", DEPLOY, "-n", APP_NS])) as unknown as DeploymentJson;
      return d.status.availableReplicas === 10 ? d : undefined;
    }, { timeoutMs: 60_000, intervalMs: 250 });
    assert.equal(deployment.status.readyReplicas, 10);
    const table = parseTable((await mini.kubectl(["get", "deploy", DEPLOY, "-n", APP_NS])).stdout);
    assert.equal(table.rows[0]?.["READY"], "10/10");
    assert.equal(table.rows[0]?.["AVAILABLE"], "10");
    const pods = (await list<PodJson>(["pods", "-n", APP_NS, "-l", "app=my-app"])).filter((pod) => pod.metadata.deletionTimestamp === undefined);
    assert.equal(pods.length, 10);
    assert.ok(pods.every((pod) => pod.status.phase === "Running" && isReady(pod)));
  });
});

describe("cascading delete", { timeout: 150_000 }, () => {
  const NS = "e2e-cascade";

  before(async () => {
    await createNamespaces(mini, NS);
    await mini.kubectl(["apply", "-f", "-"], {
      stdin: manifest(simpleDeployment("bg", NS, 2), simpleDeployment("fg", NS, 2), simpleDeployment("orphan", NS, 2)),
    });
    for (const name of ["bg", "fg", "orphan"]) await rolloutStatus("deploy", name, NS);
  });

  async function owned(name: string): Promise<{ deployment?: DeploymentJson; sets: ReplicaSetJson[]; pods: PodJson[] }> {
    const deployment = await getOrUndefined<DeploymentJson>(["deploy", name, "-n", NS]);
    const sets = await list<ReplicaSetJson>(["rs", "-n", NS, "-l", `app=${name}`]);
    const pods = await list<PodJson>(["pods", "-n", NS, "-l", `app=${name}`]);
    return { ...(deployment === undefined ? {} : { deployment }), sets, pods };
  }

  test("delete --cascade=background removes the Deployment, then its ReplicaSet and pods", async () => {
    const before = await owned("bg");
    assert.equal(before.sets.length, 1);
    assert.equal(before.pods.length, 2);
    await mini.kubectl(["delete", "deploy", "bg", "-n", NS, "--cascade=background"], { timeoutMs: 60_000 });
    assert.equal((await owned("bg")).deployment, undefined, "the Deployment is gone when kubectl returns");
    await waitUntil("the ReplicaSet and pods of bg to be gone", async () => {
      const now = await owned("bg");
      return now.sets.length === 0 && now.pods.length === 0 ? true : undefined;
    }, { timeoutMs: 30_000, intervalMs: 250 });
  });

  test("delete --cascade=foreground keeps the Deployment (with deletionTimestamp) until its ReplicaSet and pods are gone", async () => {
    const before = await owned("fg");
    assert.equal(before.pods.length, 2);
    // A finalizer of our own holds one pod, so the window in which the owners must wait is ours to end.
    const held = before.pods[0]!.metadata.name;
    await mini.kubectl(["patch", "pod", held, "-n", NS, "--type=merge", "-p", JSON.stringify({ metadata: { finalizers: ["e2e.mini.dev/hold"] } })]);
    await mini.kubectl(["delete", "deploy", "fg", "-n", NS, "--cascade=foreground", "--wait=false"]);

    const waiting = await waitUntil("the other pod to go while the held one stays", async () => {
      const now = await owned("fg");
      return now.pods.length === 1 && now.pods[0]?.metadata.name === held ? now : undefined;
    }, { timeoutMs: 30_000, intervalMs: 250 });
    assert.ok(waiting.deployment !== undefined, "the Deployment must stay while a dependent remains");
    assert.ok(waiting.deployment.metadata.deletionTimestamp !== undefined, "the Deployment has a deletionTimestamp");
    assert.ok(waiting.deployment.metadata.finalizers?.includes("foregroundDeletion"), JSON.stringify(waiting.deployment.metadata));
    assert.equal(waiting.sets.length, 1, "the ReplicaSet stays while its pod remains");
    assert.ok(waiting.sets[0]!.metadata.deletionTimestamp !== undefined, "the ReplicaSet is being deleted (foreground)");
    assert.ok(waiting.pods[0]!.metadata.deletionTimestamp !== undefined, "the held pod is being deleted");
    // Still there a moment later: nothing completes the deletion while the pod exists.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.ok((await owned("fg")).deployment !== undefined, "the Deployment must not go before its pods");

    await mini.kubectl(["patch", "pod", held, "-n", NS, "--type=merge", "-p", JSON.stringify({ metadata: { finalizers: null } })]);
    await waitUntil("the Deployment, ReplicaSet and pods of fg to be gone", async () => {
      const now = await owned("fg");
      return now.deployment === undefined && now.sets.length === 0 && now.pods.length === 0 ? true : undefined;
    }, { timeoutMs: 30_000, intervalMs: 250 });
  });

  test("delete --cascade=orphan leaves the ReplicaSet and pods, with the Deployment's ownerReference removed", async () => {
    const before = await owned("orphan");
    const deploymentUid = before.deployment!.metadata.uid;
    const rsUid = before.sets[0]!.metadata.uid;
    assert.ok(ownedBy(before.sets[0]!, deploymentUid));
    await mini.kubectl(["delete", "deploy", "orphan", "-n", NS, "--cascade=orphan"], { timeoutMs: 60_000 });
    const released = await waitUntil("the ReplicaSet's ownerReference to the Deployment to be removed", async () => {
      const now = await owned("orphan");
      return now.deployment === undefined && now.sets.length === 1 && !ownedBy(now.sets[0]!, deploymentUid) ? now : undefined;
    }, { timeoutMs: 30_000, intervalMs: 250 });
    assert.equal(released.sets[0]!.metadata.uid, rsUid, "the same ReplicaSet remains");
    assert.deepEqual(released.sets[0]!.metadata.ownerReferences ?? [], []);
    // The orphans stay: give a garbage collector that wrongly cascades time to show it.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const later = await owned("orphan");
    assert.equal(later.sets.length, 1, "the ReplicaSet is not collected");
    assert.equal(later.sets[0]!.metadata.deletionTimestamp, undefined);
    const pods = later.pods.filter((pod) => pod.metadata.deletionTimestamp === undefined);
    assert.equal(pods.length, 2, "the pods remain");
    assert.ok(pods.every((pod) => !ownedBy(pod, deploymentUid) && ownedBy(pod, rsUid)), "pods still belong to the orphaned ReplicaSet only");
  });
});

describe("StatefulSet and DaemonSet", { timeout: 150_000 }, () => {
  test("a StatefulSet of 3 creates web-0, web-1, web-2 in order, all Running, and rollout status completes", async () => {
    const NS = "e2e-sts";
    await createNamespaces(mini, NS);
    const watch = mini.kubectlWatch(["get", "pods", "-n", NS, "-l", "app=web", "-w"]);
    try {
      await mini.kubectl(["apply", "-f", "-"], {
        stdin: manifest(
          { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: NS }, spec: { clusterIP: "None", selector: { app: "web" }, ports: [{ port: 80 }] } },
          {
            apiVersion: "apps/v1",
            kind: "StatefulSet",
            metadata: { name: "web", namespace: NS },
            spec: {
              serviceName: "web",
              replicas: 3,
              selector: { matchLabels: { app: "web" } },
              template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80 }] }] } },
            },
          },
        ),
      });
      const status = await rolloutStatus("sts", "web", NS);
      assert.match((status as { stdout: string }).stdout, /roll(ing update|ed out)|complete/i);
      await watch.waitForLine(/^web-2\s+1\/1\s+Running/, { timeoutMs: 30_000 });
    } finally {
      await watch.stop();
    }
    const lines = watch.lines;
    const first = (name: string) => lines.findIndex((line) => line.startsWith(`${name} `));
    const firstRunning = (name: string) => lines.findIndex((line) => new RegExp(`^${name}\\s+1/1\\s+Running`).test(line));
    assert.ok(first("web-0") >= 0 && first("web-0") < first("web-1") && first("web-1") < first("web-2"), `creation order:\n${lines.join("\n")}`);
    assert.ok(firstRunning("web-0") < first("web-1"), `web-1 must wait for web-0 to be Running and Ready:\n${lines.join("\n")}`);
    assert.ok(firstRunning("web-1") < first("web-2"), `web-2 must wait for web-1 to be Running and Ready:\n${lines.join("\n")}`);
    const pods = await list<PodJson>(["pods", "-n", NS, "-l", "app=web"]);
    assert.deepEqual(pods.map((pod) => pod.metadata.name).sort(), ["web-0", "web-1", "web-2"]);
    assert.ok(pods.every((pod) => pod.status.phase === "Running" && isReady(pod)), JSON.stringify(pods.map((pod) => pod.status)));
    const table = parseTable((await mini.kubectl(["get", "sts", "web", "-n", NS])).stdout);
    assert.equal(table.rows[0]?.["READY"], "3/3");
  });

  test("a DaemonSet runs one pod on each of the 3 nodes and rollout status completes", async () => {
    const NS = "e2e-ds";
    await createNamespaces(mini, NS);
    await mini.kubectl(["apply", "-f", "-"], {
      stdin: manifest({
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "agent", namespace: NS },
        spec: {
          selector: { matchLabels: { app: "agent" } },
          template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "agent", image: "busybox:1.36", command: ["sleep", "3600"] }] } },
        },
      }),
    });
    const status = await rolloutStatus("ds", "agent", NS);
    assert.match((status as { stdout: string }).stdout, /successfully rolled out/);
    const pods = await list<PodJson>(["pods", "-n", NS, "-l", "app=agent"]);
    assert.equal(pods.length, 3, pods.map((pod) => `${pod.metadata.name}@${String(pod.spec.nodeName)}`).join(", "));
    assert.deepEqual(pods.map((pod) => pod.spec.nodeName).sort(), ["mini-fake-1", "mini-fake-2", "mini-fake-3"]);
    assert.ok(pods.every((pod) => pod.status.phase === "Running" && isReady(pod)));
    const ds = (await kubectlJson(mini, ["get", "ds", "agent", "-n", NS])) as {
      status: { desiredNumberScheduled?: number; currentNumberScheduled?: number; numberReady?: number; numberAvailable?: number; updatedNumberScheduled?: number };
    };
    assert.equal(ds.status.desiredNumberScheduled, 3);
    assert.equal(ds.status.currentNumberScheduled, 3);
    assert.equal(ds.status.numberReady, 3);
    assert.equal(ds.status.numberAvailable, 3);
    assert.equal(ds.status.updatedNumberScheduled, 3);
  });
});

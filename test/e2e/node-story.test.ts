/**
 * Issue 5's user story with the real kubectl and real containers: the seed
 * app's Deployment runs three containers on containerd with pod IPs from the
 * node's CIDR, its logs and an exec come back through the API server, a
 * port-forward reaches a pod, and a deleted pod stops and is replaced. The
 * seed app's image is a stand-in built offline from busybox-static
 * (fixtures/images/build.ts). Needs root, containerd, runc, the CNI plugins
 * and busybox-static; fails (never skips) without them.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fixturePath, freePort, kubectlJson, startMini, waitUntil, type Mini } from "../harness.js";
import { endNodeSuite, httpGetLocal, prepareNodeSuite, type NodeSuite } from "../node-kit.js";

const NS = ["-n", "my-project-dev"];

interface PodView {
  metadata: { name: string; uid: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { phase?: string; podIP?: string; containerStatuses?: { ready: boolean; containerID?: string }[] };
}

let suite: NodeSuite;
let cluster: Mini;

async function appPods(): Promise<PodView[]> {
  return ((await kubectlJson(cluster, ["get", "pods", ...NS, "-l", "app=my-app"]))["items"] as PodView[]).filter((p) => !p.metadata.deletionTimestamp);
}

before(async () => {
  suite = await prepareNodeSuite("story-e2e");
  cluster = await startMini(suite.options);
});

after(() => endNodeSuite(cluster, suite));

test("the seed app runs three real containers with pod IPs from the node's CIDR", { timeout: 120_000 }, async () => {
  await cluster.kubectl(["apply", "-f", fixturePath("seed-app.yaml")]);
  const rollout = await cluster.kubectl(["rollout", "status", "deploy/my-app-deployment", ...NS, "--timeout=90s"]);
  assert.match(rollout.stdout, /successfully rolled out/);
  const node = await kubectlJson(cluster, ["get", "node", "story-e2e"]);
  const cidr = String((node["spec"] as { podCIDR?: string }).podCIDR);
  const prefix = cidr.replace(/\.0\/24$/, ".");
  assert.match(cidr, /^\d+\.\d+\.\d+\.0\/24$/);
  const pods = await appPods();
  assert.equal(pods.length, 3);
  for (const pod of pods) {
    assert.equal(pod.status.phase, "Running");
    assert.equal(pod.spec.nodeName, "story-e2e");
    assert.ok(pod.status.podIP?.startsWith(prefix), `${pod.metadata.name}'s IP ${pod.status.podIP} is in ${cidr}`);
    assert.match(pod.status.containerStatuses?.[0]?.containerID ?? "", /^containerd:\/\/[0-9a-f]{64}$/);
  }
  assert.equal(new Set(pods.map((p) => p.status.podIP)).size, 3, "each pod has its own IP");
});

test("port-forward reaches a pod, and its request shows in kubectl logs of the deployment", { timeout: 60_000 }, async () => {
  const [pod] = await appPods();
  assert.ok(pod);
  const port = await freePort();
  const forward = cluster.kubectlWatch(["port-forward", `pod/${pod.metadata.name}`, `${port}:8080`, ...NS]);
  try {
    await forward.waitForLine(/Forwarding from 127\.0\.0\.1/, { timeoutMs: 15_000 });
    assert.equal(await httpGetLocal(port), "mini echoserver stand-in\n");
  } finally {
    await forward.stop();
  }
  // `kubectl logs deploy/…` picks one of the pods; the one port-forwarded to has logged the request.
  const logged = await cluster.kubectl(["logs", `pod/${pod.metadata.name}`, ...NS]);
  assert.match(logged.stdout, /response:200/);
  const fromDeployment = await cluster.kubectl(["logs", "deploy/my-app-deployment", ...NS]);
  assert.equal(fromDeployment.code, 0);
});

test("exec returns the remote exit code", { timeout: 60_000 }, async () => {
  const [pod] = await appPods();
  assert.ok(pod);
  const ok = await cluster.kubectl(["exec", pod.metadata.name, ...NS, "--", "cat", "/www/index.html"]);
  assert.equal(ok.stdout, "mini echoserver stand-in\n");
  const failed = await cluster.kubectl(["exec", pod.metadata.name, ...NS, "--", "sh", "-c", "exit 3"], { allowFail: true });
  assert.equal(failed.code, 3);
  assert.match(failed.stderr, /command terminated with exit code 3/);
});

test("a deleted pod stops and its ReplicaSet replaces it with a new container", { timeout: 90_000 }, async () => {
  const [victim] = await appPods();
  assert.ok(victim);
  // The stand-in ends on SIGTERM, as nginx does: the delete finishes well within the 30 s grace period.
  await cluster.kubectl(["delete", "pod", victim.metadata.name, ...NS], { timeoutMs: 20_000 });
  const pods = await waitUntil(
    "three ready pods again, none of them the deleted one",
    async () => {
      const now = await appPods();
      const ready = now.filter((p) => p.status.containerStatuses?.[0]?.ready === true);
      return ready.length === 3 && now.every((p) => p.metadata.uid !== victim.metadata.uid) ? now : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 300 },
  );
  const containers = new Set(pods.map((p) => p.status.containerStatuses?.[0]?.containerID));
  assert.ok(!containers.has(victim.status.containerStatuses?.[0]?.containerID), "the replacement runs a new container");
});

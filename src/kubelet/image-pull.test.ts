import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { KubeObject } from "../apis/types.js";
import { EventRecorder } from "../client/index.js";
import { eventually, testCluster, type TestCluster } from "../controllers/_test-kit.js";
import { createLogger } from "../log.js";
import { CrashBackoff } from "./backoff.js";
import { goGrpcError } from "./cri-runtime.js";
import { ImagePuller, secretReader, withDefaultTag } from "./image-pull.js";
import type { ImageInfo, KubeletRuntime, PodSandboxConfig, PullAuth, PullResult } from "./runtime.js";

let cluster: TestCluster;
before(async () => {
  cluster = await testCluster();
  await cluster.createNamespace("dev");
});
after(() => cluster.stop());

/** The image calls of a runtime, scripted: the real ones are exercised against containerd in test/e2e/kubelet-images.test.ts. */
function imageRuntime(pull: (auth: PullAuth | undefined) => PullResult): { runtime: KubeletRuntime; pulls: (PullAuth | undefined)[] } {
  const pulls: (PullAuth | undefined)[] = [];
  let present: ImageInfo | undefined;
  const runtime = {
    imageStatus: async () => present,
    pullImage: async (_image: string, options: { auth?: PullAuth }) => {
      pulls.push(options.auth);
      const result = pull(options.auth);
      if (result.ok) present = { id: "sha256:1", repoTags: [], repoDigests: [], size: 1234, pinned: false };
      return result;
    },
  } as unknown as KubeletRuntime;
  return { runtime, pulls };
}

const sandbox = {} as PodSandboxConfig;

async function eventMessages(pod: KubeObject): Promise<string[]> {
  const events = await cluster.client.resource("", "Event").list({ namespace: "dev" });
  return events.items.filter((e) => (e["involvedObject"] as { name?: string }).name === pod.metadata.name).map((e) => `${String(e["reason"])}: ${String(e["message"])}`);
}

async function podWithSecrets(name: string, ...secrets: { name: string; auths: Record<string, object> }[]): Promise<KubeObject> {
  for (const secret of secrets) {
    const config = Buffer.from(JSON.stringify({ auths: secret.auths })).toString("base64");
    await cluster.client.resource("", "Secret").create("dev", { apiVersion: "v1", kind: "Secret", metadata: { name: secret.name }, type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": config } });
  }
  return cluster.client.resource("", "Pod").create("dev", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { containers: [{ name: "app", image: "registry.example:5000/app:v1" }], imagePullSecrets: [...secrets.map((s) => ({ name: s.name })), { name: "missing" }] },
  });
}

function puller(runtime: KubeletRuntime): ImagePuller {
  const events = new EventRecorder(cluster.client, { component: "kubelet", log: createLogger("test", { level: "error" }) });
  return new ImagePuller({ runtime, events, secret: secretReader(cluster.client, createLogger("test", { level: "error" })), backoff: new CrashBackoff() });
}

test("withDefaultTag() asks for :latest when no tag or digest is given", () => {
  assert.equal(withDefaultTag("busybox"), "busybox:latest");
  assert.equal(withDefaultTag("localhost:5000/app"), "localhost:5000/app:latest");
  assert.equal(withDefaultTag("localhost:5000/app:v1"), "localhost:5000/app:v1");
  assert.equal(withDefaultTag("app@sha256:abc"), "app@sha256:abc");
});

test("goGrpcError() prints a CRI error as grpc-go does", () => {
  assert.equal(goGrpcError({ code: "NOT_FOUND", message: "x: not found", method: "PullImage" }), "rpc error: code = NotFound desc = x: not found");
  assert.equal(goGrpcError({ code: "DEADLINE_EXCEEDED", message: "late", method: "PullImage" }), "rpc error: code = DeadlineExceeded desc = late");
});

test("ensureImage() tries each matching credential in turn and reports the pull as upstream", async () => {
  const { runtime, pulls } = imageRuntime((auth) => (auth?.username === "second" ? { ok: true, imageRef: "sha256:1" } : { ok: false, message: "rpc error: code = Unknown desc = 401 Unauthorized" }));
  const pod = await podWithSecrets("creds", { name: "a", auths: { "registry.example:5000/app": { username: "first", password: "1" } } }, { name: "b", auths: { "registry.example:5000": { username: "second", password: "2" } } });
  const container = { name: "app", image: "registry.example:5000/app:v1" };
  assert.deepEqual(await puller(runtime).ensureImage(pod, container, sandbox), { ok: true });
  assert.deepEqual(pulls, [{ username: "first", password: "1" }, { username: "second", password: "2" }]);
  // Events are written in the background.
  const messages = await eventually("the pull's events", async () => {
    const found = await eventMessages(pod);
    return found.length >= 3 ? found : undefined;
  });
  assert.ok(messages.includes("FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets (missing); attempting to pull the image may not succeed."), messages.join("\n"));
  assert.ok(messages.includes('Pulling: Pulling image "registry.example:5000/app:v1"'), messages.join("\n"));
  assert.ok(messages.some((m) => /^Pulled: Successfully pulled image "registry\.example:5000\/app:v1" in \d+m?s \(\d+m?s including waiting\)\. Image size: 1234 bytes\.$/.test(m)), messages.join("\n"));
});

test("ensureImage() fails with every credential's error, then backs off repeating the last failure", async () => {
  const { runtime, pulls } = imageRuntime((auth) => ({ ok: false, message: `denied for ${auth?.username ?? "anonymous"}` }));
  const pod = await podWithSecrets("denied", { name: "c", auths: { "registry.example:5000": { username: "one" } } }, { name: "d", auths: { "https://registry.example:5000/v2/": { username: "two" } } });
  const images = puller(runtime);
  const container = { name: "app", image: "registry.example:5000/app:v1" };
  const failed = await images.ensureImage(pod, container, sandbox);
  assert.ok(!failed.ok);
  assert.deepEqual(failed.waiting, { reason: "ErrImagePull", message: "[denied for one, denied for two]; to run it without a registry, import it with \"mini image import FILE\"" });
  assert.ok(failed.retryMs > 9_000 && failed.retryMs <= 10_000, String(failed.retryMs));
  const backingOff = await images.ensureImage(pod, container, sandbox);
  assert.ok(!backingOff.ok);
  assert.equal(backingOff.waiting.reason, "ImagePullBackOff");
  assert.match(backingOff.waiting.message ?? "", /^Back-off pulling image "registry\.example:5000\/app:v1": ErrImagePull: \[denied for one, denied for two\]/);
  assert.equal(pulls.length, 2, "no pull while backing off");
  images.forgetPod(pod.metadata.uid ?? "");
  assert.equal((await images.ensureImage(pod, container, sandbox)).ok, false);
  assert.equal(pulls.length, 4, "a forgotten pod pulls again at once");
});

/**
 * Images and logs on the real node: pulls from a registry (Debian's
 * docker-registry on a loopback port, plain HTTP) by pull policy, with
 * imagePullSecrets for a registry behind htpasswd, ErrImagePull and
 * ImagePullBackOff for an image that is not there; image garbage
 * collection sparing the pause image and images in use; and log rotation
 * under `kubectl logs`. Needs root, containerd, runc, the CNI plugins,
 * busybox-static and docker-registry.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import { buildOciImage } from "../../src/cri/oci-image.js";
import { busyboxRootfs } from "../../src/node/busybox-image.js";
import { freePort, kubectlJson, manifest, miniBinary, runProcess, startMini, waitUntil, type Mini } from "../harness.js";
import { endNodeSuite, prepareNodeSuite, requireNodeRuntime, type NodeSuite } from "../node-kit.js";

interface ContainerStatus {
  imageID: string;
  restartCount: number;
  state: { waiting?: { reason: string; message?: string }; running?: object; terminated?: { exitCode: number } };
}

const PULL_USER = "mini";
const PULL_PASSWORD = "mini-pull-secret";
/** bcrypt (cost 4) of PULL_PASSWORD: docker-registry's htpasswd takes only bcrypt, and no tool here makes one. */
const PULL_PASSWORD_BCRYPT = "$2b$04$MxsOHSbDP6EAyZ5zjPye.uhBPtX5tZQPz22M3.b/bx8rz9U.axGzm";

function requireRegistry(): void {
  const found = spawnSync("docker-registry", ["--version"], { encoding: "utf8" });
  assert.equal(found.status, 0, "these tests need a registry: install Debian's docker-registry (apt-get install -y docker-registry)");
}

interface Registry {
  readonly host: string;
  stop(): Promise<void>;
}

/** docker-registry on 127.0.0.1:<free port> with its storage under `dir`; htpasswd auth when asked. */
async function startRegistry(dir: string, auth: boolean): Promise<Registry> {
  const port = await freePort();
  await mkdir(join(dir, "data"), { recursive: true });
  const authBlock = auth ? `auth:\n  htpasswd:\n    realm: mini-test\n    path: ${join(dir, "htpasswd")}\n` : "";
  await writeFile(join(dir, "htpasswd"), `${PULL_USER}:${PULL_PASSWORD_BCRYPT}\n`);
  await writeFile(
    join(dir, "config.yml"),
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, "data")}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${authBlock}`,
  );
  const child: ChildProcess = spawn("docker-registry", ["serve", join(dir, "config.yml")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await waitUntil(`docker-registry on port ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
    const answer = await fetch(`http://127.0.0.1:${port}/v2/`).catch(() => undefined);
    return answer && (answer.status === 200 || answer.status === 401) ? true : undefined;
  });
  return {
    host: `127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

describe("image pulls from a registry", () => {
  let work: string;
  let cluster: Mini;
  let open: Registry;
  let locked: Registry;

  const mini = async (args: readonly string[]): Promise<string> => {
    const result = await runProcess(miniBinary(), [...args, "--data-dir", cluster.dataDir], { timeoutMs: 60_000 });
    assert.equal(result.code, 0, `mini ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
  };
  const ctr = async (args: readonly string[]): Promise<void> => {
    const result = await runProcess("ctr", ["-a", join(cluster.dataDir, "containerd", "containerd.sock"), "-n", "k8s.io", ...args], { timeoutMs: 60_000 });
    assert.equal(result.code, 0, `ctr ${args.join(" ")}: ${result.stderr}`);
  };
  /** Builds an image whose /version says `version`, pushes it as `reference`, and removes the node's copy. */
  const publish = async (reference: string, version: string, options: { user?: string } = {}): Promise<string> => {
    const image = buildOciImage({ reference, files: [...busyboxRootfs(), { type: "file", path: "version", data: Buffer.from(`${version}\n`) }], cmd: ["sh"] });
    const file = join(work, `${version}.tar`);
    await writeFile(file, image.tar);
    await mini(["image", "import", file]);
    await ctr(["images", "push", "--plain-http", ...(options.user ? ["--user", options.user] : []), reference]);
    await mini(["image", "rm", reference]);
    const [host, ...rest] = reference.split("/");
    const [repository = "", tag = ""] = rest.join("/").split(":");
    const headers: Record<string, string> = { Accept: "application/vnd.oci.image.manifest.v1+json" };
    if (options.user) headers["Authorization"] = `Basic ${Buffer.from(options.user).toString("base64")}`;
    const answer = await fetch(`http://${host ?? ""}/v2/${repository}/manifests/${tag}`, { method: "HEAD", headers });
    const digest = answer.headers.get("docker-content-digest");
    assert.ok(digest, `the registry names the digest of ${reference}`);
    return digest;
  };
  const apply = async (...objects: object[]): Promise<void> => {
    await cluster.kubectl(["apply", "-f", "-"], { stdin: manifest(...objects) });
  };
  const status = async (name: string): Promise<ContainerStatus | undefined> =>
    ((await kubectlJson(cluster, ["get", "pod", name]))["status"] as { containerStatuses?: ContainerStatus[] }).containerStatuses?.[0];
  const eventsOf = async (name: string): Promise<{ reason: string; message: string }[]> =>
    ((await kubectlJson(cluster, ["get", "events", "--field-selector", `involvedObject.name=${name}`]))["items"] as { reason: string; message: string }[]);
  const pod = (name: string, image: string, extra: Record<string, unknown> = {}): object => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "app", image, command: ["sh", "-c", "cat /version; sleep 3600"], ...extra }] },
  });

  before(async () => {
    requireNodeRuntime();
    requireRegistry();
    work = await mkdtemp(join(tmpdir(), "mini-images-"));
    open = await startRegistry(join(work, "open"), false);
    locked = await startRegistry(join(work, "locked"), true);
    cluster = await startMini({ runtime: "containerd", extraArgs: ["--node-name", "images-e2e"] });
  });

  after(async () => {
    await cluster?.dispose();
    await open?.stop();
    await locked?.stop();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("pulls an absent image over plain HTTP from a loopback registry, with upstream's events and the digest as imageID", async () => {
    const reference = `${open.host.replace("127.0.0.1", "localhost")}/mini/app:v1`;
    const digest = await publish(reference, "v1");
    await apply(pod("pulled", reference));
    const running = await waitUntil("pulled runs", async () => {
      const s = await status("pulled");
      return s?.state.running ? s : undefined;
    }, { timeoutMs: 60_000, intervalMs: 300 });
    assert.equal(running.imageID, `${reference.split(":v1")[0] ?? ""}@${digest}`);
    const messages = (await eventsOf("pulled")).map((e) => `${e.reason}: ${e.message}`);
    assert.ok(messages.includes(`Pulling: Pulling image "${reference}"`), messages.join("\n"));
    assert.ok(messages.some((m) => new RegExp(`^Pulled: Successfully pulled image "${reference}" in \\d[\\d.]*m?s \\(\\d[\\d.]*m?s including waiting\\)\\. Image size: [1-9]\\d* bytes\\.$`).test(m)), messages.join("\n"));
    assert.equal((await cluster.kubectl(["logs", "pulled"])).stdout, "v1\n");
  });

  it("pulls at every start with imagePullPolicy Always, so a re-pushed tag restarts with the new imageID", async () => {
    const reference = `${open.host}/mini/moving:latest`;
    const first = await publish(reference, "first");
    await apply({ ...pod("moving", reference, { imagePullPolicy: "Always", command: ["sh", "-c", "cat /version; sleep 4; exit 1"] }) });
    await waitUntil("moving runs the first image", async () => ((await status("moving"))?.imageID.endsWith(first) ? true : undefined), { timeoutMs: 60_000, intervalMs: 300 });
    const second = await publish(reference, "second");
    assert.notEqual(second, first);
    const restarted = await waitUntil("moving restarts on the second image", async () => {
      const s = await status("moving");
      return s && s.restartCount >= 1 && s.imageID.endsWith(second) ? s : undefined;
    }, { timeoutMs: 90_000, intervalMs: 500 });
    assert.equal(restarted.imageID, `${open.host}/mini/moving@${second}`);
    const logs = await waitUntil("the second image's output", async () => {
      const out = (await cluster.kubectl(["logs", "moving"], { allowFail: true })).stdout;
      return out === "second\n" ? out : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    assert.equal(logs, "second\n");
  });

  it("pulls from a registry behind a password with the pod's imagePullSecret, and fails without it", async () => {
    const reference = `${locked.host}/private/app:v1`;
    await publish(reference, "private", { user: `${PULL_USER}:${PULL_PASSWORD}` });
    await apply(pod("no-secret", reference));
    const denied = await waitUntil("no-secret cannot pull", async () => {
      const waiting = (await status("no-secret"))?.state.waiting;
      return waiting && (waiting.reason === "ErrImagePull" || waiting.reason === "ImagePullBackOff") ? waiting : undefined;
    }, { timeoutMs: 60_000, intervalMs: 300 });
    assert.match(denied.message ?? "", /401 Unauthorized|authorization|unauthorized/i);
    // The real kubectl's generator writes a kubernetes.io/dockerconfigjson Secret.
    await cluster.kubectl(["create", "secret", "docker-registry", "regcred", `--docker-server=${locked.host}`, `--docker-username=${PULL_USER}`, `--docker-password=${PULL_PASSWORD}`]);
    await apply({ ...pod("with-secret", reference), spec: { ...(pod("with-secret", reference) as { spec: object }).spec, imagePullSecrets: [{ name: "regcred" }] } });
    await waitUntil("with-secret runs", async () => ((await status("with-secret"))?.state.running ? true : undefined), { timeoutMs: 60_000, intervalMs: 300 });
    assert.equal((await cluster.kubectl(["logs", "with-secret"])).stdout, "private\n");
  });

  it("reports a missing image as ErrImagePull, then ImagePullBackOff, with the registry's words", async () => {
    const reference = `${open.host}/mini/absent:v1`;
    await apply(pod("absent", reference));
    const failed = await waitUntil("ErrImagePull", async () => {
      const waiting = (await status("absent"))?.state.waiting;
      return waiting?.reason === "ErrImagePull" ? waiting : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200 });
    assert.match(failed.message ?? "", new RegExp(`^rpc error: code = NotFound desc = failed to pull and unpack image "${reference}".*not found`));
    const backingOff = await waitUntil("ImagePullBackOff", async () => {
      const waiting = (await status("absent"))?.state.waiting;
      return waiting?.reason === "ImagePullBackOff" ? waiting : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200 });
    assert.match(backingOff.message ?? "", new RegExp(`^Back-off pulling image "${reference}": ErrImagePull: rpc error: code = NotFound`));
    const messages = (await eventsOf("absent")).map((e) => `${e.reason}: ${e.message}`);
    assert.ok(messages.some((m) => m.startsWith(`Failed: Failed to pull image "${reference}": rpc error: code = NotFound`)), messages.join("\n"));
    assert.ok(messages.includes(`BackOff: Back-off pulling image "${reference}"`), messages.join("\n"));
  });
});

describe("image garbage collection and log rotation", () => {
  let suite: NodeSuite;
  let cluster: Mini;

  before(async () => {
    // Every unused image older than 20 s goes (the disk is always over 1 %), which can never get the disk to 0 %.
    suite = await prepareNodeSuite("gc-e2e", [
      "imageGCHighThresholdPercent: 1",
      "imageGCLowThresholdPercent: 0",
      "imageMinimumGCAge: 20s",
      "imageMaximumGCAge: 30s",
      "containerLogMaxSize: 2Ki",
      "containerLogMaxFiles: 3",
      "containerLogMonitorInterval: 3s",
    ]);
    cluster = await startMini(suite.options);
    // Both pods start well within the 20 s every image is protected for.
    const chatty = "i=0; while [ $i -lt 600 ]; do i=$((i+1)); echo \"line $i of a chatty container, padded to fill its log\"; sleep 0.02; done; exit 3";
    await cluster.kubectl(["apply", "-f", "-"], {
      stdin: manifest(
        { apiVersion: "v1", kind: "Pod", metadata: { name: "sleeper" }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "app", image: "mini.test/sleeper:1" }] } },
        { apiVersion: "v1", kind: "Pod", metadata: { name: "chatty" }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "app", image: "mini.test/busybox:1", command: ["sh", "-c", chatty] }] } },
      ),
    });
  });

  after(() => endNodeSuite(cluster, suite));

  it("removes unused images, keeps the pause image and images in use, and says on the node it could not free enough", async () => {
    const listed = await waitUntil("the unused images removed", async () => {
      const out = (await runProcess(miniBinary(), ["image", "ls", "--data-dir", cluster.dataDir])).stdout;
      return out.includes("mini.test/archive") || out.includes("k8s.gcr.io/echoserver") ? undefined : out;
    }, { timeoutMs: 120_000, intervalMs: 1000 });
    assert.match(listed, /mini\.local\/pause/);
    assert.match(listed, /mini\.test\/sleeper/);
    assert.match(listed, /mini\.test\/busybox/);
    const event = await waitUntil("FreeDiskSpaceFailed on the node", async () => {
      const items = (await kubectlJson(cluster, ["get", "events", "--field-selector", "involvedObject.kind=Node,reason=FreeDiskSpaceFailed"]))["items"] as { message: string }[];
      return items[0];
    }, { timeoutMs: 60_000, intervalMs: 1000 });
    assert.match(event.message, /^Failed to garbage collect required amount of images\. Attempted to free \d+ bytes, but only found \d+ bytes eligible to free\.$/);
  });

  it("rotates a busy container's log into gzipped files, keeping containerLogMaxFiles, while kubectl logs reads on", async () => {
    const uid = ((await kubectlJson(cluster, ["get", "pod", "chatty"]))["metadata"] as { uid: string }).uid;
    const dir = join(cluster.dataDir, "logs", "pods", `default_chatty_${uid}`, "app");
    // One run's files: <attempt>.log and its rotations (each restart writes the next attempt's, and an
    // old attempt's files go with its container, so which attempt is looked at depends on timing).
    const files = await waitUntil("a compressed rotated log", async () => {
      // A compression in progress leaves a .tmp beside its source for a moment; it is not a kept file.
      const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^\d+\.log/.test(name) && !name.endsWith(".tmp"));
      const attempt = names.find((name) => name.endsWith(".gz"))?.split(".")[0];
      return attempt === undefined ? undefined : names.filter((name) => name.startsWith(`${attempt}.log`));
    }, { timeoutMs: 60_000, intervalMs: 500 });
    assert.ok(files.length <= 3, `at most 3 files: ${files.join(", ")}`);
    const compressed = files.find((name) => name.endsWith(".gz")) ?? "";
    assert.match(compressed, /^\d+\.log\.\d{8}-\d{6}\.gz$/);
    assert.match(gunzipSync(await readFile(join(dir, compressed))).toString(), /^\S+ stdout F line \d+ of a chatty container/m);
    const tail = (await cluster.kubectl(["logs", "chatty", "--tail", "1"])).stdout;
    assert.match(tail, /^line \d+ of a chatty container/);
    // The first run ends with line 600 and exit 3; --previous reads what its current file kept.
    await waitUntil("chatty restarted", async () => {
      const statuses = ((await kubectlJson(cluster, ["get", "pod", "chatty"]))["status"] as { containerStatuses?: ContainerStatus[] }).containerStatuses;
      return (statuses?.[0]?.restartCount ?? 0) >= 1 ? true : undefined;
    }, { timeoutMs: 90_000, intervalMs: 1000 });
    const previous = (await cluster.kubectl(["logs", "chatty", "--previous", "--tail", "1"])).stdout;
    assert.equal(previous, "line 600 of a chatty container, padded to fill its log\n");
  });
});

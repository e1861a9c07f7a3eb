/**
 * The CRI client against a real containerd, started the way `mini up` starts
 * it (src/node). Needs root, containerd, runc, the CNI plugins and
 * busybox-static; without them the test fails saying what to install.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { createLogger } from "../log.js";
import { busyboxRootfs } from "../node/busybox-image.js";
import { findNodeBinaries, INSTALL_HINT } from "../node/binaries.js";
import { importImage } from "../node/images.js";
import { startNodeRuntime, type NodeRuntime } from "../node/runtime.js";
import type { CriClient } from "./client.js";
import { buildOciImage } from "./oci-image.js";
import type { PodSandboxConfig } from "./types.js";

const IMAGE = "mini.test/cri-client:1";

describe("CriClient against containerd", () => {
  let dataDir: string;
  let runtime: NodeRuntime;
  let cri: CriClient;

  before(async () => {
    const found = findNodeBinaries();
    assert.ok(found.ok, `containerd is needed for this test: ${found.ok ? "" : found.missing.join(", ")} missing (install with: ${INSTALL_HINT} busybox-static)`);
    dataDir = await mkdtemp("/tmp/mini-cri-");
    const started = await startNodeRuntime({ dataDir, log: createLogger("test") });
    assert.ok(started.ok, started.ok ? "" : started.message);
    runtime = started.runtime;
    cri = runtime.cri;
    const image = buildOciImage({ reference: IMAGE, files: busyboxRootfs(), cmd: ["sh"] });
    const imported = await importImage(image.tar, { ctr: found.binaries.ctr, socket: runtime.criSocket });
    assert.deepEqual(imported, { ok: true, references: [IMAGE] });
  });

  let closed = false;
  after(async () => {
    if (!closed) await runtime?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it("reports containerd's version and a ready runtime", async () => {
    assert.match(runtime.runtimeVersion, /^containerd:\/\/1\./);
    const status = await cri.status();
    assert.ok(status.ok);
    const conditions = Object.fromEntries((status.value.status?.conditions ?? []).map((c) => [c.type, c.status]));
    assert.deepEqual(conditions, { RuntimeReady: true, NetworkReady: true });
  });

  it("runs a host-network sandbox and a container, execs in it and writes its log", async () => {
    const sandboxConfig: PodSandboxConfig = {
      metadata: { name: "hostnet", uid: "uid-hostnet", namespace: "default" },
      // A NODE network namespace has no UTS namespace of its own: the hostname must be empty.
      hostname: "",
      logDirectory: join(dataDir, "pods", "hostnet"),
      labels: { "io.kubernetes.pod.uid": "uid-hostnet" },
      linux: { securityContext: { namespaceOptions: { network: "NODE", pid: "CONTAINER", ipc: "POD" } } },
    };
    const sandbox = await cri.runPodSandbox({ config: sandboxConfig });
    assert.ok(sandbox.ok, sandbox.ok ? "" : sandbox.error.message);
    const podSandboxId = sandbox.value.podSandboxId;

    const created = await cri.createContainer({
      podSandboxId,
      sandboxConfig,
      config: {
        metadata: { name: "main" },
        image: { image: IMAGE },
        command: ["sh", "-c", 'echo hello; echo "FOO=$FOO"; exec sleep 3600'],
        envs: [{ key: "FOO", value: "bar" }],
        labels: { "io.kubernetes.container.name": "main" },
        logPath: "main/0.log",
      },
    });
    assert.ok(created.ok, created.ok ? "" : created.error.message);
    const containerId = created.value.containerId;
    assert.ok((await cri.startContainer({ containerId })).ok);

    const status = await cri.containerStatus({ containerId });
    assert.ok(status.ok);
    assert.equal(status.value.status?.state, "CONTAINER_RUNNING");
    assert.equal(status.value.status?.metadata?.name, "main");
    assert.match(status.value.status?.imageRef ?? "", /sha256:[0-9a-f]{64}/);
    assert.ok((status.value.status?.startedAt ?? 0) > 1.7e18, "startedAt is in nanoseconds");

    const exec = await cri.execSync({ containerId, cmd: ["sh", "-c", 'echo "$FOO"; echo oops >&2; exit 3'], timeout: 10 });
    assert.ok(exec.ok);
    assert.equal(exec.value.stdout.toString(), "bar\n");
    assert.equal(exec.value.stderr.toString(), "oops\n");
    assert.equal(exec.value.exitCode, 3);

    const logFile = join(dataDir, "pods", "hostnet", "main", "0.log");
    const log = await waitFor(async () => {
      const text = existsSync(logFile) ? await readFile(logFile, "utf8") : "";
      return text.includes("FOO=bar") ? text : undefined;
    });
    assert.match(log, /^\d{4}-\d\d-\d\dT\S+ stdout F hello\n\S+ stdout F FOO=bar\n$/);

    const listed = await cri.listContainers({ filter: { labelSelector: { "io.kubernetes.container.name": "main" } } });
    assert.ok(listed.ok);
    assert.deepEqual(listed.value.containers.map((c) => c.id), [containerId]);

    const url = await cri.exec({ containerId, cmd: ["true"], stdout: true });
    assert.ok(url.ok);
    assert.match(url.value.url, /^http:\/\/127\.0\.0\.1:\d+\/exec\/[\w-]+$/);

    assert.ok((await cri.stopContainer({ containerId, timeout: 0 })).ok);
    const exited = await cri.containerStatus({ containerId });
    assert.equal(exited.ok && exited.value.status?.state, "CONTAINER_EXITED");
    assert.equal(exited.ok && exited.value.status?.exitCode, 137);
    assert.ok((await cri.removeContainer({ containerId })).ok);
    assert.ok((await cri.stopPodSandbox({ podSandboxId })).ok);
    assert.ok((await cri.removePodSandbox({ podSandboxId })).ok);
  });

  it("gives pod-network sandboxes an address on the mini bridge", async () => {
    const config: PodSandboxConfig = { metadata: { name: "podnet", uid: "uid-podnet", namespace: "default" }, hostname: "podnet", logDirectory: join(dataDir, "pods", "podnet") };
    const sandbox = await cri.runPodSandbox({ config });
    assert.ok(sandbox.ok, sandbox.ok ? "" : sandbox.error.message);
    const status = await cri.podSandboxStatus({ podSandboxId: sandbox.value.podSandboxId });
    assert.ok(status.ok);
    assert.equal(status.value.status?.state, "SANDBOX_READY");
    const prefix = runtime.network?.podCidr.split(".").slice(0, 3).join(".");
    assert.ok(status.value.status?.network?.ip.startsWith(`${prefix}.`), `${status.value.status?.network?.ip} is in ${runtime.network?.podCidr}`);
    // Left running on purpose: close() must remove it.
  });

  it("attaches to a running containerd with containerdSocket, and leaves it running on close", async () => {
    const otherDir = await mkdtemp("/tmp/mini-cri-attach-");
    try {
      const attached = await startNodeRuntime({ dataDir: otherDir, log: createLogger("test"), containerdSocket: runtime.criSocket });
      assert.ok(attached.ok, attached.ok ? "" : attached.message);
      assert.equal(attached.runtime.network, undefined, "a foreign containerd keeps its own CNI config");
      assert.equal(attached.runtime.criSocket, runtime.criSocket);
      await attached.runtime.close();
      assert.ok((await cri.version()).ok, "the containerd is still there");
      const podnet = await cri.listPodSandbox({ filter: { labelSelector: {} } });
      assert.ok(podnet.ok && podnet.value.items.some((item) => item.metadata?.name === "podnet"), "its sandboxes were left alone");
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it("maps runtime errors to values", async () => {
    const missing = await cri.containerStatus({ containerId: "no-such-container" });
    assert.equal(missing.ok, false);
    assert.equal(!missing.ok && missing.error.code, "NOT_FOUND");
    assert.equal(!missing.ok && missing.error.method, "ContainerStatus");
    const absent = await cri.imageStatus({ image: { image: "mini.test/absent:1" } });
    assert.deepEqual(absent.ok && absent.value.image, null);
    const aborted = new AbortController();
    aborted.abort();
    const cancelled = await cri.version({ signal: aborted.signal });
    assert.equal(!cancelled.ok && cancelled.error.code, "CANCELLED");
  });

  it("close() removes every sandbox, stops containerd and deletes the bridge", async () => {
    const bridge = runtime.network?.bridge ?? "";
    assert.ok(existsSync(`/sys/class/net/${bridge}`), "the podnet sandbox made the bridge");
    closed = true;
    await runtime.close();
    assert.equal(existsSync(runtime.criSocket), false);
    assert.equal(existsSync(`/sys/class/net/${bridge}`), false);
    const shims = readdirSync("/proc").filter((pid) => /^\d+$/.test(pid) && readCmdline(pid).includes(runtime.criSocket));
    assert.deepEqual(shims, [], "no containerd or shim is left");
  });
});

function readCmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return ""; // gone meanwhile
  }
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await delay(50);
  }
}

/**
 * The node's container runtime through the real `mini up`: containerd
 * started and stopped with mini, images imported and listed with `mini
 * image`, `--runtime=none`, and the one-line notice when containerd is
 * missing. Needs root, containerd, runc, the CNI plugins and busybox-static.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildTestImages, type TestImage, type TestImageName } from "../../fixtures/images/build.js";
import { INSTALL_HINT } from "../../src/node/binaries.js";
import { kubectlJson, manifest, miniBinary, runProcess, startMini, waitUntil, type Mini } from "../harness.js";
import { requireNodeRuntime } from "../node-kit.js";

function mini(args: readonly string[]) {
  return runProcess(miniBinary(), args, { timeoutMs: 60_000 });
}

/** Processes whose command line mentions `text` (containerd, its shims), as pid → command line. */
function processesMentioning(text: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
      if (cmdline.includes(text)) found.set(Number(entry), cmdline);
    } catch {
      // The process ended while we looked: it is not running, which is all we ask.
    }
  }
  return found;
}

describe("mini up with containerd", () => {
  let work: string;
  let images: Record<TestImageName, TestImage>;

  before(async () => {
    requireNodeRuntime();
    work = await mkdtemp(join(tmpdir(), "mini-node-"));
    images = buildTestImages(join(work, "images"));
  });

  after(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  /** A mini on containerd with the sleeper image in `<work>/<name>`, running one pod of it (`extra` adds to its spec). */
  const miniWithPod = async (name: string, extra: { container?: object; spec?: object } = {}): Promise<{ cluster: Mini; dataDir: string }> => {
    const dataDir = join(work, name);
    await mkdir(join(dataDir, "images"), { recursive: true });
    await copyFile(images.sleeper.file, join(dataDir, "images", "sleeper.tar"));
    const cluster = await startMini({ dataDir, runtime: "containerd" });
    const container = { name: "c", image: "mini.test/sleeper:1", imagePullPolicy: "Never", ...extra.container };
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [container], ...extra.spec } };
    try {
      await cluster.kubectl(["apply", "-f", "-"], { stdin: manifest(pod) });
      await waitUntil(`pod ${name} Running`, async () => ((await kubectlJson(cluster, ["get", "pod", name]))["status"] as { phase?: string }).phase === "Running" || undefined, { timeoutMs: 60_000 });
    } catch (error: unknown) {
      await cluster.dispose();
      throw error;
    }
    return { cluster, dataDir };
  };

  it("starts containerd, imports images (at start and with mini image), and stops it on mini down", async () => {
    const dataDir = join(work, "data");
    // Tarballs in <data dir>/images are imported at start.
    await mkdir(join(dataDir, "images"), { recursive: true });
    await copyFile(images.sleeper.file, join(dataDir, "images", "sleeper.tar"));
    const cluster = await startMini({ dataDir, runtime: "containerd" });
    try {
      const socket = join(dataDir, "containerd", "containerd.sock");
      assert.ok(existsSync(socket), "containerd's socket is in the data dir");
      const running = [...processesMentioning(join(dataDir, "containerd", "config.toml")).values()];
      assert.equal(running.length, 1, `one containerd runs with our config: ${running.join("; ")}`);

      const imported = await mini(["image", "import", images.busybox.file, images.archive.file, "--data-dir", dataDir]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.equal(imported.stdout, "imported mini.test/busybox:1\nimported mini.test/archive:1\n");

      const listed = await mini(["image", "ls", "--data-dir", dataDir]);
      assert.equal(listed.code, 0, listed.stderr);
      const rows = listed.stdout.trimEnd().split("\n").map((line) => line.split(/\s{2,}/));
      assert.deepEqual(rows[0], ["IMAGE", "TAG", "IMAGE ID", "SIZE"]);
      assert.deepEqual(
        rows.slice(1).map(([name, tag, id]) => [name, tag, id]),
        [
          ["mini.local/pause", "1", rows[1]?.[2]],
          ["mini.test/archive", "1", images.archive.id.slice("sha256:".length, "sha256:".length + 13)],
          ["mini.test/busybox", "1", images.busybox.id.slice("sha256:".length, "sha256:".length + 13)],
          ["mini.test/sleeper", "1", images.sleeper.id.slice("sha256:".length, "sha256:".length + 13)],
        ],
      );

      const removed = await mini(["image", "rm", "mini.test/sleeper:1", "--data-dir", dataDir]);
      assert.equal(removed.stdout, "removed mini.test/sleeper:1\n");
      const missing = await mini(["image", "rm", "mini.test/sleeper:1", "--data-dir", dataDir]);
      assert.equal(missing.code, 1);
      assert.equal(missing.stderr, "mini image: mini.test/sleeper:1: no such image\n");
      const broken = await mini(["image", "import", join(work, "no-such.tar"), "--data-dir", dataDir]);
      assert.equal(broken.code, 1);
      assert.match(broken.stderr, /no-such\.tar: no such file/);

      const down = await mini(["down", "--data-dir", dataDir]);
      assert.equal(down.code, 0, down.stderr);
      assert.deepEqual([...processesMentioning(join(dataDir, "containerd")).values()], [], "no containerd or shim is left");
      assert.equal(existsSync(socket), false, "the socket is gone");
      const after = await mini(["image", "ls", "--data-dir", dataDir]);
      assert.equal(after.code, 1);
      assert.match(after.stderr, /^mini image: no container runtime is running for /);
    } finally {
      await cluster.dispose();
    }
  });

  it("mini down --purge unmounts the tmpfs a running pod left in the data dir, then removes it", async () => {
    const { cluster, dataDir } = await miniWithPod("purged", { container: { volumeMounts: [{ name: "mem", mountPath: "/mem" }] }, spec: { volumes: [{ name: "mem", emptyDir: { medium: "Memory" } }] } });
    try {
      const mounted = async (): Promise<boolean> => (await readFile("/proc/self/mountinfo", "utf8")).includes(` ${dataDir}/pods/`);
      assert.ok(await mounted(), "the emptyDir is a tmpfs under the data dir");

      const down = await mini(["down", "--purge", "--data-dir", dataDir]);
      assert.equal(down.code, 0, down.stderr);
      assert.match(down.stdout, new RegExp(`removed ${dataDir}\n$`));
      assert.equal(existsSync(dataDir), false, "the data dir is gone");
      assert.equal((await readFile("/proc/self/mountinfo", "utf8")).includes(` ${dataDir}/`), false, "nothing stays mounted under it");
    } finally {
      await cluster.dispose();
    }
  });

  it("mini down after kill -9 of mini stops the containerd and the pods it left running", async () => {
    const { cluster, dataDir } = await miniWithPod("killed");
    try {
      await cluster.stop({ signal: "SIGKILL" });
      assert.ok(processesMentioning(join(dataDir, "containerd")).size >= 2, "containerd and the pod's shim outlive a killed mini");

      const down = await mini(["down", "--data-dir", dataDir]);
      assert.equal(down.code, 0, down.stderr);
      assert.match(down.stdout, /^mini is not running \(data dir .*\)\nstopped containerd \(pid \d+\) and the pods a killed mini left running\n$/);
      assert.deepEqual([...processesMentioning(join(dataDir, "containerd")).values()], [], "no containerd or shim is left");
      const again = await mini(["down", "--purge", "--data-dir", dataDir]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(existsSync(dataDir), false);
    } finally {
      await cluster.dispose();
    }
  });

  it("starts no containerd with --runtime=none", async () => {
    const cluster = await startMini({ runtime: "none" });
    try {
      assert.equal(existsSync(join(cluster.dataDir, "containerd")), false);
      assert.deepEqual([...processesMentioning(join(cluster.dataDir, "containerd")).values()], []);
      assert.doesNotMatch(cluster.output(), /no node can run containers/);
    } finally {
      await cluster.dispose();
    }
  });

  it("says in one line how to install containerd when it is missing, and serves anyway", async () => {
    // A PATH with node (the dev shim needs it) and nothing else.
    const bin = join(work, "path-without-containerd");
    await mkdir(bin, { recursive: true });
    await symlink(process.execPath, join(bin, "node"));
    let cluster: Mini | undefined;
    try {
      cluster = await startMini({ runtime: "auto", env: { PATH: bin } });
      const notice = cluster.output().split("\n").filter((line) => line.includes("no node can run containers"));
      assert.deepEqual(notice, [
        `mini up: no node can run containers: containerd, ctr, runc not found (install with: ${INSTALL_HINT}); --fake-nodes N works meanwhile`,
      ]);
      const namespaces = await cluster.kubectl(["get", "namespaces", "-o", "name"]);
      assert.match(namespaces.stdout, /namespace\/default/);
    } finally {
      await cluster?.dispose();
    }
  });
});

/**
 * Container logs over their life on the real node, with the real kubectl:
 * `kubectl logs -f` keeps following across log rotations (every line once,
 * in order), a restarted container's oldest log goes with its container
 * while `--previous` still reads the one before, and a deleted pod's log
 * directory goes with the pod. Needs root, containerd, runc, the CNI
 * plugins and busybox-static.
 */
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { kubectlJson, manifest, startMini, waitUntil, type Mini } from "../harness.js";
import { endNodeSuite, prepareNodeSuite, type NodeSuite } from "../node-kit.js";

const BUSYBOX = "mini.test/busybox:1";

function pod(name: string, script: string, extra: { container?: object; spec?: object } = {}): object {
  const container = { name: "app", image: BUSYBOX, imagePullPolicy: "Never", command: ["sh", "-c", script], ...extra.container };
  return { apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { terminationGracePeriodSeconds: 1, containers: [container], ...extra.spec } };
}

/** `line 1`, `line 2`, … every 50 ms. */
const COUNTER = 'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.05; done';
/**
 * Prints which run of the container this is (counted in an emptyDir, which outlives restarts); the
 * first two runs fail, the third keeps running (so the pod's state settles: attempt 2 running,
 * attempt 1 its last terminated container, attempt 0 removed).
 */
const RESTARTER = 'n=$(cat /runs/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /runs/n; echo "run $n"; [ $n -ge 3 ] || exit 1; exec sleep 3600';

describe("container logs on the node", () => {
  let suite: NodeSuite;
  let cluster: Mini;

  const uidOf = async (name: string): Promise<string> => ((await kubectlJson(cluster, ["get", "pod", name]))["metadata"] as { uid: string }).uid;
  const podLogDir = (name: string, uid: string): string => join(cluster.dataDir, "logs", "pods", `default_${name}_${uid}`);

  before(async () => {
    // The counter writes about 1 KiB a second: every check (3 s, the shortest upstream allows) rotates its log.
    suite = await prepareNodeSuite("logs-e2e", ["containerLogMaxSize: 1Ki", "containerLogMaxFiles: 5", "containerLogMonitorInterval: 3s"]);
    cluster = await startMini(suite.options);
    await cluster.kubectl(["apply", "-f", "-"], {
      stdin: manifest(
        pod("counter", COUNTER),
        pod("restarter", RESTARTER, { container: { volumeMounts: [{ name: "runs", mountPath: "/runs" }] }, spec: { volumes: [{ name: "runs", emptyDir: {} }] } }),
      ),
    });
  });

  after(() => endNodeSuite(cluster, suite));

  it("follows a log across two rotations without losing or repeating a line", async () => {
    await cluster.kubectl(["wait", "--for=condition=Ready", "pod/counter", "--timeout=60s"]);
    const dir = join(podLogDir("counter", await uidOf("counter")), "app");
    // Each rotation leaves `0.log.<stamp>` (gzipped later); the stamps are seconds apart.
    const stamps = async (): Promise<string[]> => (await readdir(dir)).flatMap((name) => /^0\.log\.(\d{8}-\d{6})/.exec(name)?.[1] ?? []);
    const earlier = new Set(await stamps());
    const follower = cluster.kubectlWatch(["logs", "-f", "counter"]);
    try {
      await follower.waitForLine(/^line \d+$/, { timeoutMs: 20_000 });
      const rotations = new Set<string>();
      await waitUntil("two rotations while kubectl follows", async () => {
        for (const stamp of await stamps()) if (!earlier.has(stamp)) rotations.add(stamp);
        return rotations.size >= 2 ? true : undefined;
      }, { timeoutMs: 30_000, intervalMs: 200 });
      // What the current file (after the rotations) ends with must reach the follower too.
      const newest = (await cluster.kubectl(["logs", "counter", "--tail", "1"])).stdout.trim();
      assert.match(newest, /^line \d+$/);
      await follower.waitForLine((line) => line === newest, { timeoutMs: 10_000 });
    } finally {
      await follower.stop();
    }
    const numbers = follower.lines.filter((line) => line !== "").map((line) => {
      const n = /^line (\d+)$/.exec(line)?.[1];
      assert.ok(n !== undefined, `an unexpected line: ${JSON.stringify(line)}`);
      return Number(n);
    });
    assert.ok(numbers.length >= 40, `only ${numbers.length} lines followed`);
    for (const [i, n] of numbers.entries()) {
      if (i > 0) assert.equal(n, (numbers[i - 1] ?? 0) + 1, `line ${numbers[i - 1] ?? 0} was followed by line ${n}`);
    }
  });

  it("removes a restarted container's oldest log with the container, while --previous reads the one before", async () => {
    const dir = join(podLogDir("restarter", await uidOf("restarter")), "app");
    // The second run starts at once, the third after a 10 s back-off; the first container then goes.
    await waitUntil("restarter's third run running", async () => {
      const status = (await kubectlJson(cluster, ["get", "pod", "restarter"]))["status"] as { containerStatuses?: { restartCount: number; state: { running?: object } }[] };
      const app = status.containerStatuses?.[0];
      return app?.restartCount === 2 && app.state.running !== undefined ? true : undefined;
    }, { timeoutMs: 90_000, intervalMs: 500 });
    const previous = (await cluster.kubectl(["logs", "restarter", "--previous"])).stdout;
    const current = (await cluster.kubectl(["logs", "restarter"])).stdout;
    const files = (await readdir(dir)).sort();
    const seen = `--previous ${JSON.stringify(previous)}, current ${JSON.stringify(current)}, files ${files.join(", ")}`;
    assert.equal(previous, "run 2\n", seen);
    assert.equal(current, "run 3\n", seen);
    assert.deepEqual(files, ["1.log", "2.log"], seen);
  });

  it("removes a deleted pod's log directory", async () => {
    const dir = podLogDir("counter", await uidOf("counter"));
    assert.ok((await readdir(dir)).includes("app"));
    await cluster.kubectl(["delete", "pod", "counter", "--wait=true"]);
    await waitUntil("counter's log directory gone", async () => ((await readdir(dir).catch(() => undefined)) === undefined ? true : undefined), { timeoutMs: 20_000, intervalMs: 200 });
    // The other pod's directory stays.
    assert.ok((await readdir(join(cluster.dataDir, "logs", "pods"))).some((name) => name.startsWith("default_restarter_")));
  });

  it("after mini restarts, a pod's new container logs to a new file instead of appending to the old run's", async () => {
    await cluster.kubectl(["apply", "-f", "-"], { stdin: manifest(pod("boot", 'echo "started $(cat /proc/sys/kernel/random/uuid)"; exec sleep 3600')) });
    await cluster.kubectl(["wait", "--for=condition=Ready", "pod/boot", "--timeout=60s"]);
    const first = (await cluster.kubectl(["logs", "boot"])).stdout;
    assert.match(first, /^started [0-9a-f-]{36}\n$/);
    // A clean stop removes every container; the pod object stays and its container starts again.
    await cluster.stop();
    cluster = await startMini(suite.options);
    const second = await waitUntil("boot's container started again", async () => {
      const text = (await cluster.kubectl(["logs", "boot"]).catch(() => undefined))?.stdout ?? "";
      return text !== "" && text !== first ? text : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500 });
    assert.match(second, /^started [0-9a-f-]{36}\n$/, "only the new run's line");
    // As on upstream's node after a reboot, the first run's file stays until the pod goes.
    assert.deepEqual((await readdir(join(podLogDir("boot", await uidOf("boot")), "app"))).sort(), ["0.log", "1.log"], "the new container is attempt 1");
  });
});

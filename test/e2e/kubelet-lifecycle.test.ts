/**
 * The pod lifecycle on the real node (containerd, the real kubectl), as
 * upstream's kubelet 1.32 runs it: sidecars (init containers with
 * restartPolicy Always) start in order, keep running and restart whatever
 * the pod's restart policy, count in READY, never keep a Job's pod alive,
 * and stop after the main containers in reverse order; a pod past its
 * activeDeadlineSeconds fails with DeadlineExceeded; and many pods deleted
 * at once all begin stopping at once. Needs root, containerd, runc, the
 * CNI plugins and busybox-static.
 */
import assert from "node:assert/strict";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { kubectlJson, manifest, runProcess, startMini, waitUntil, type Mini } from "../harness.js";
import { endNodeSuite, prepareNodeSuite, type NodeSuite } from "../node-kit.js";

const BUSYBOX = "mini.test/busybox:1";

interface ContainerStatus {
  name: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state: { waiting?: { reason: string }; running?: { startedAt: string }; terminated?: { exitCode: number; reason: string; finishedAt: string } };
  lastState: { terminated?: { exitCode: number; reason: string } };
}

interface PodStatus {
  phase: string;
  reason?: string;
  message?: string;
  startTime?: string;
  conditions?: { type: string; status: string; reason?: string }[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
}

function pod(name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}): object {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec };
}

/** A shell loop that ends on SIGTERM (running `onTerm` first): a container that stops when asked. */
function untilTerm(onTerm = "true"): string[] {
  return ["sh", "-c", `trap '${onTerm}; exit 0' TERM; while true; do sleep 0.2; done`];
}

describe("the pod lifecycle on containerd", () => {
  let suite: NodeSuite;
  let cluster: Mini;

  const apply = async (...objects: object[]): Promise<void> => {
    await cluster.kubectl(["apply", "-f", "-"], { stdin: manifest(...objects) });
  };
  const podStatus = async (name: string): Promise<PodStatus> => (await kubectlJson(cluster, ["get", "pod", name]))["status"] as PodStatus;
  const waitForPod = <T>(name: string, what: string, check: (status: PodStatus) => T | undefined, timeoutMs = 60_000): Promise<T> =>
    waitUntil(`${name}: ${what}`, async () => check(await podStatus(name)), { timeoutMs, intervalMs: 300 });
  const initStatus = (status: PodStatus, name: string): ContainerStatus | undefined => status.initContainerStatuses?.find((c) => c.name === name);
  const condition = (status: PodStatus, type: string) => status.conditions?.find((c) => c.type === type);
  /** A hostPath directory the test reads what containers write. */
  const sharedDir = async (name: string): Promise<string> => {
    const dir = join(suite.work, name);
    await mkdir(dir, { recursive: true });
    return dir;
  };
  /**
   * Starts a pod with a 300 s grace period whose container notes SIGTERM and carries on (only a
   * SIGKILL ends it), deletes it, and resolves once SIGTERM has arrived: a stop under way for minutes.
   */
  const startSlowStop = async (name: string): Promise<void> => {
    const shared = await sharedDir(name);
    await apply(
      pod(name, {
        terminationGracePeriodSeconds: 300,
        containers: [{ name: "c", image: BUSYBOX, command: ["sh", "-c", "trap 'touch /shared/term' TERM; while true; do sleep 0.2; done"], volumeMounts: [{ name: "shared", mountPath: "/shared" }] }],
        volumes: [{ name: "shared", hostPath: { path: shared, type: "DirectoryOrCreate" } }],
      }),
    );
    await waitForPod(name, "Running", (s) => (s.containerStatuses?.[0]?.state.running ? true : undefined));
    await cluster.kubectl(["delete", "pod", name, "--wait=false"]);
    await waitUntil("SIGTERM delivered", async () => ((await readdir(shared)).includes("term") ? true : undefined), { timeoutMs: 30_000, intervalMs: 300 });
  };

  before(async () => {
    suite = await prepareNodeSuite("lifecycle-e2e");
    cluster = await startMini(suite.options);
  });

  after(() => endNodeSuite(cluster, suite));

  it("starts a sidecar before the next init container, keeps it beside the main container and restarts it under restartPolicy Never", async () => {
    // The sidecar's first run exits 1 after a few seconds; its second runs until stopped.
    const sidecarScript = "trap 'exit 0' TERM; touch /work/sidecar-up; if [ -f /work/ran ]; then while true; do sleep 0.2; done; fi; touch /work/ran; sleep 4; exit 1";
    await apply(
      pod("sidecars", {
        restartPolicy: "Never",
        terminationGracePeriodSeconds: 5,
        initContainers: [
          { name: "setup", image: BUSYBOX, command: ["sh", "-c", "echo set > /work/setup"], volumeMounts: [{ name: "work", mountPath: "/work" }] },
          {
            name: "proxy",
            image: BUSYBOX,
            restartPolicy: "Always",
            command: ["sh", "-c", sidecarScript],
            // The next init container starts only once this passes.
            startupProbe: { exec: { command: ["test", "-f", "/work/sidecar-up"] }, periodSeconds: 1 },
            readinessProbe: { exec: { command: ["test", "-f", "/work/sidecar-up"] }, periodSeconds: 1 },
            volumeMounts: [{ name: "work", mountPath: "/work" }],
          },
          // Fails (and fails the pod: restartPolicy Never) unless the sidecar started before it.
          { name: "after-proxy", image: BUSYBOX, command: ["test", "-f", "/work/sidecar-up"], volumeMounts: [{ name: "work", mountPath: "/work" }] },
        ],
        containers: [{ name: "main", image: BUSYBOX, command: untilTerm(), volumeMounts: [{ name: "work", mountPath: "/work" }] }],
        volumes: [{ name: "work", emptyDir: {} }],
      }),
    );
    const running = await waitForPod("sidecars", "Running and Ready", (s) => (s.phase === "Running" && condition(s, "Ready")?.status === "True" ? s : undefined));
    assert.equal(initStatus(running, "setup")?.state.terminated?.reason, "Completed");
    assert.equal(initStatus(running, "after-proxy")?.state.terminated?.exitCode, 0, "the sidecar had started before the next init container ran");
    const proxy = initStatus(running, "proxy");
    assert.ok(proxy?.state.running, "the sidecar runs beside the main container");
    assert.deepEqual([proxy?.started, proxy?.ready], [true, true]);
    assert.equal(condition(running, "Initialized")?.status, "True");
    assert.match((await cluster.kubectl(["get", "pod", "sidecars"])).stdout, /sidecars\s+2\/2\s+Running\s/);

    const restarted = await waitForPod("sidecars", "the sidecar restarted", (s) => {
      const status = initStatus(s, "proxy");
      return (status?.restartCount ?? 0) >= 1 && status?.state.running && status.ready ? s : undefined;
    });
    assert.equal(restarted.phase, "Running", "a restarting sidecar leaves the pod Running");
    assert.equal(initStatus(restarted, "proxy")?.lastState.terminated?.exitCode, 1);
    assert.equal(restarted.containerStatuses?.[0]?.restartCount, 0, "the main container ran on");
    assert.equal(initStatus(restarted, "after-proxy")?.restartCount, 0, "init containers do not run again");
    const table = (await cluster.kubectl(["get", "pod", "sidecars"])).stdout;
    assert.match(table, /sidecars\s+2\/2\s+Running\s+1 \(/, table);
    await cluster.kubectl(["delete", "pod", "sidecars"], { timeoutMs: 60_000 });
  });

  it("backs off a crashing sidecar (CrashLoopBackOff) while the main container runs on", async () => {
    await apply(
      pod("crashing-sidecar", {
        terminationGracePeriodSeconds: 5,
        initContainers: [{ name: "flaky", image: BUSYBOX, restartPolicy: "Always", command: ["sh", "-c", "exit 1"] }],
        containers: [{ name: "main", image: BUSYBOX, command: untilTerm() }],
      }),
    );
    const backingOff = await waitForPod("crashing-sidecar", "the sidecar in CrashLoopBackOff", (s) => (initStatus(s, "flaky")?.state.waiting?.reason === "CrashLoopBackOff" ? s : undefined));
    assert.equal(backingOff.phase, "Running");
    assert.equal(initStatus(backingOff, "flaky")?.lastState.terminated?.exitCode, 1);
    assert.ok(backingOff.containerStatuses?.[0]?.state.running, "the main container is not held back");
    assert.equal(backingOff.containerStatuses?.[0]?.restartCount, 0);
    assert.equal(condition(backingOff, "Ready")?.status, "False", "an unready sidecar makes the pod unready");
    assert.match((await cluster.kubectl(["get", "pod", "crashing-sidecar"])).stdout, /crashing-sidecar\s+1\/2\s+Init:CrashLoopBackOff\s/);
    await cluster.kubectl(["delete", "pod", "crashing-sidecar"], { timeoutMs: 60_000 });
  });

  it("lets a Job's pod complete while its sidecar runs, and fails a pod by its main container", async () => {
    const sidecar = { name: "logger", image: BUSYBOX, restartPolicy: "Always", command: untilTerm() };
    await apply(
      { apiVersion: "batch/v1", kind: "Job", metadata: { name: "with-sidecar" }, spec: { backoffLimit: 0, template: { spec: { restartPolicy: "Never", terminationGracePeriodSeconds: 5, initContainers: [sidecar], containers: [{ name: "work", image: BUSYBOX, command: ["sh", "-c", "sleep 1; echo done"] }] } } } },
      pod("failing-main", { restartPolicy: "Never", terminationGracePeriodSeconds: 5, initContainers: [sidecar], containers: [{ name: "work", image: BUSYBOX, command: ["sh", "-c", "sleep 1; exit 3"] }] }),
    );
    const job = await waitUntil("the Job complete", async () => {
      const got = await kubectlJson(cluster, ["get", "job", "with-sidecar"]);
      return ((got["status"] as { succeeded?: number }).succeeded ?? 0) === 1 ? got : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500 });
    assert.ok(job);
    const items = (await kubectlJson(cluster, ["get", "pods", "-l", "job-name=with-sidecar"]))["items"] as { metadata: { name: string }; status: PodStatus }[];
    const jobPod = items[0]?.status;
    assert.equal(jobPod?.phase, "Succeeded");
    assert.equal(jobPod?.containerStatuses?.[0]?.state.terminated?.reason, "Completed");
    const stopped = await waitForPod(items[0]?.metadata.name ?? "", "the sidecar's stop recorded", (s) => initStatus(s, "logger")?.state.terminated);
    assert.equal(stopped.exitCode, 0, "the sidecar was stopped with SIGTERM, not left running");
    assert.equal(condition(jobPod ?? { phase: "" }, "Ready")?.reason, "PodCompleted");

    const failed = await waitForPod("failing-main", "Failed", (s) => (s.phase === "Failed" ? s : undefined));
    assert.equal(failed.containerStatuses?.[0]?.state.terminated?.exitCode, 3);
    await waitForPod("failing-main", "the sidecar stopped", (s) => initStatus(s, "logger")?.state.terminated);
    await cluster.kubectl(["delete", "job", "with-sidecar"]);
    await cluster.kubectl(["delete", "pod", "failing-main"], { timeoutMs: 60_000 });
  });

  it("stops the sidecars after the main container, in reverse order", async () => {
    const shared = await sharedDir("order");
    const mount = [{ name: "shared", mountPath: "/shared" }];
    await apply(
      pod("ordered", {
        terminationGracePeriodSeconds: 20,
        initContainers: [
          { name: "first", image: BUSYBOX, restartPolicy: "Always", command: untilTerm("echo first >> /shared/order"), volumeMounts: mount },
          { name: "second", image: BUSYBOX, restartPolicy: "Always", command: untilTerm("echo second >> /shared/order"), volumeMounts: mount },
        ],
        // The main container takes 2 s to stop: sidecars that did not wait would write first.
        containers: [{ name: "main", image: BUSYBOX, command: untilTerm("sleep 2; echo main >> /shared/order"), volumeMounts: mount }],
        volumes: [{ name: "shared", hostPath: { path: shared, type: "DirectoryOrCreate" } }],
      }),
    );
    await waitForPod("ordered", "Running", (s) => (s.containerStatuses?.[0]?.state.running ? true : undefined));
    await cluster.kubectl(["delete", "pod", "ordered"], { timeoutMs: 60_000 });
    assert.equal(await readFile(join(shared, "order"), "utf8"), "main\nsecond\nfirst\n");
  });

  it("fails a pod past its activeDeadlineSeconds with DeadlineExceeded and stops its containers", async () => {
    await apply(pod("deadline", { activeDeadlineSeconds: 4, terminationGracePeriodSeconds: 5, containers: [{ name: "c", image: BUSYBOX, command: untilTerm() }] }));
    await waitForPod("deadline", "Running", (s) => (s.containerStatuses?.[0]?.state.running ? true : undefined));
    const failed = await waitForPod("deadline", "Failed", (s) => (s.phase === "Failed" ? s : undefined));
    assert.deepEqual([failed.reason, failed.message], ["DeadlineExceeded", "Pod was active on the node longer than the specified deadline"]);
    const final = await waitForPod("deadline", "its container stopped", (s) => (s.containerStatuses?.[0]?.state.terminated ? s : undefined));
    const finishedAt = Date.parse(final.containerStatuses?.[0]?.state.terminated?.finishedAt ?? "");
    assert.ok(finishedAt - Date.parse(final.startTime ?? "") >= 4000, "not before the deadline");
    assert.equal(condition(final, "Ready")?.status, "False");
    // STATUS shows the container's reason over the pod's, as upstream's printer does: Completed (its trap exits 0).
    assert.match((await cluster.kubectl(["get", "pod", "deadline"])).stdout, /deadline\s+0\/1\s+Completed\s/);
    const events = await cluster.kubectl(["get", "events", "--field-selector", "involvedObject.name=deadline,reason=DeadlineExceeded"]);
    assert.match(events.stdout, /Normal\s+DeadlineExceeded\s+pod\/deadline\s+Pod was active on the node longer than the specified deadline/);
    await cluster.kubectl(["delete", "pod", "deadline"], { timeoutMs: 60_000 });
  });

  it("lets a force delete cut a graceful stop short: kubectl returns at once and the container is killed within the minimum grace", async () => {
    await startSlowStop("slow-stop");
    const uid = ((await kubectlJson(cluster, ["get", "pod", "slow-stop"]))["metadata"] as { uid: string }).uid;
    const started = Date.now();
    const forced = await cluster.kubectl(["delete", "pod", "slow-stop", "--force", "--grace-period=0"]);
    assert.ok(Date.now() - started < 5000, `kubectl delete --force returned after ${Date.now() - started} ms`);
    assert.match(forced.stderr, /Immediate deletion does not wait for confirmation/);
    const gone = await cluster.kubectl(["get", "pod", "slow-stop"], { allowFail: true });
    assert.match(gone.stderr, /pods "slow-stop" not found/);
    // The pod's containers and sandbox are removed once stopped.
    const left = async (): Promise<number> => {
      const listed = await runProcess("ctr", ["-a", join(cluster.dataDir, "containerd", "containerd.sock"), "-n", "k8s.io", "containers", "ls", "-q", `labels."io.kubernetes.pod.uid"==${uid}`]);
      assert.equal(listed.code, 0, listed.stderr);
      return listed.stdout.split("\n").filter((line) => line.trim() !== "").length;
    };
    await waitUntil("the container killed, not left for its 300 s grace period", async () => ((await left()) === 0 ? true : undefined), { timeoutMs: 20_000, intervalMs: 300 });
    assert.ok(Date.now() - started < 15_000, `stopped ${Date.now() - started} ms after the force delete`);
  });

  it("lets a second delete with a shorter grace period cut a graceful stop short, as upstream restarts the kill", async () => {
    await startSlowStop("short-stop");
    const started = Date.now();
    await cluster.kubectl(["delete", "pod", "short-stop", "--grace-period=3", "--wait=false"]);
    const grace = (await kubectlJson(cluster, ["get", "pod", "short-stop"]))["metadata"] as { deletionGracePeriodSeconds?: number };
    assert.equal(grace.deletionGracePeriodSeconds, 3, "the API keeps the shorter period");
    await waitUntil("the pod gone within its new grace period, not its first 300 s", async () => ((await cluster.kubectl(["get", "pod", "short-stop"], { allowFail: true })).stderr.includes("not found") ? true : undefined), { timeoutMs: 30_000, intervalMs: 300 });
    const took = Date.now() - started;
    assert.ok(took >= 2000 && took < 15_000, `gone ${took} ms after the second delete (3 s grace)`);
  });

  it("starts stopping every pod of a mass deletion at once, each with its own grace period", async () => {
    // More pods than the kubelet has pod workers (16): each takes its whole grace period, as its
    // container notes SIGTERM and carries on; a stop held in a worker would hold the 17th back that long.
    const count = 17;
    const grace = 15;
    const shared = await sharedDir("terms");
    const names = Array.from({ length: count }, (_, i) => `many-${i}`);
    await apply(
      ...names.map((name) =>
        pod(name, {
          terminationGracePeriodSeconds: grace,
          containers: [{ name: "c", image: BUSYBOX, command: ["sh", "-c", `trap 'date +%s > /shared/.${name} && mv /shared/.${name} /shared/${name}' TERM; while true; do sleep 0.2; done`], volumeMounts: [{ name: "shared", mountPath: "/shared" }] }],
          volumes: [{ name: "shared", hostPath: { path: shared, type: "DirectoryOrCreate" } }],
        }, { app: "many" }),
      ),
    );
    await waitUntil("every pod Running", async () => {
      const items = (await kubectlJson(cluster, ["get", "pods", "-l", "app=many"]))["items"] as { status: PodStatus }[];
      return items.length === count && items.every((p) => p.status.containerStatuses?.[0]?.state.running) ? true : undefined;
    }, { timeoutMs: 180_000, intervalMs: 1000 });
    // All at once, as a controller deleting them would (kubectl deletes one by one).
    await Promise.all(names.map(async (name) => {
      const response = await cluster.request({ method: "DELETE", path: `/api/v1/namespaces/default/pods/${name}` });
      assert.equal(response.status, 200, response.body);
    }));
    const terms = await waitUntil("every container got SIGTERM", async () => {
      // Each file appears whole (written beside it, then renamed), so none is read half-written.
      const files = (await readdir(shared)).filter((file) => !file.startsWith("."));
      return files.length === count ? Promise.all(files.map(async (file) => Number((await readFile(join(shared, file), "utf8")).trim()))) : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500 });
    const spread = Math.max(...terms) - Math.min(...terms);
    assert.ok(spread < grace - 3, `SIGTERM reached the pods within ${spread} s of each other, not one grace period (${grace} s) apart`);
    await waitUntil("every pod gone", async () => (((await kubectlJson(cluster, ["get", "pods", "-l", "app=many"]))["items"] as unknown[]).length === 0 ? true : undefined), { timeoutMs: 90_000, intervalMs: 1000 });
  });
});

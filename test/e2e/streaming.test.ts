/**
 * Pod streams through mini's API server with the real kubectl and real
 * containers on containerd: `kubectl logs` (tail, follow, container,
 * previous, timestamps, upstream's refusals), `exec` (exit code, stdin,
 * separate stdout and stderr, the SPDY-only kubectl 1.27 as well),
 * `attach`, and `port-forward` to a busybox httpd. Needs root, containerd,
 * runc, the CNI plugins and busybox-static; fails (never skips) without them.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freePort, gcloudKubectl, jsonOf, kubectlJson, manifest, runProcess, startMini, waitUntil, type Mini } from "../harness.js";
import { endNodeSuite, httpGetLocal, prepareNodeSuite, type NodeSuite } from "../node-kit.js";

const BUSYBOX = "mini.test/busybox:1";

interface TestContainer {
  readonly name: string;
  readonly script: string;
  readonly image?: string;
  readonly volumeMounts?: readonly object[];
}

function pod(name: string, containers: readonly TestContainer[], extra: Record<string, unknown> = {}): object {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: containers.map(({ script, image, ...rest }) => ({ ...rest, image: image ?? BUSYBOX, imagePullPolicy: "Never", command: ["sh", "-c", script] })),
      ...extra,
    },
  };
}

describe("pod streams through the API server", () => {
  let suite: NodeSuite;
  let cluster: Mini;

  const apply = async (...objects: object[]): Promise<void> => {
    await cluster.kubectl(["apply", "-f", "-"], { stdin: manifest(...objects) });
  };
  type Status = { containerStatuses?: { name: string; restartCount: number; state: { running?: object } }[] };
  const podStatus = async (name: string): Promise<Status> => (await kubectlJson(cluster, ["get", "pod", name]))["status"] as Status;
  const waitRunning = (name: string, restarts = 0): Promise<true> =>
    waitUntil(
      `${name} running (restarts ≥ ${restarts})`,
      async () => {
        const statuses = (await podStatus(name)).containerStatuses ?? [];
        return statuses.length > 0 && statuses.every((s) => s.state.running !== undefined && s.restartCount >= restarts) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300 },
    );
  /** kubectl logs, which must succeed. */
  const logs = async (...args: string[]): Promise<string> => (await cluster.kubectl(["logs", ...args])).stdout;

  before(async () => {
    suite = await prepareNodeSuite("streaming-e2e");
    cluster = await startMini(suite.options);
    await apply(
      // stdout and stderr reach the log through separate pipes: the pause keeps their order fixed.
      pod("printer", [{ name: "main", script: "for w in one two three; do echo $w; done; sleep 0.3; echo oops >&2; exec sleep 3600" }]),
      pod("duo", [
        { name: "a", script: "echo I am a; exec sleep 3600" },
        { name: "b", script: "echo I am b; exec sleep 3600" },
      ]),
      pod("ticker", [{ name: "main", script: "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done" }]),
      { ...pod("web", [{ name: "httpd", script: "mkdir -p /www && echo hello from httpd > /www/index.html && exec httpd -f -p 8080 -h /www" }]), metadata: { name: "web", labels: { app: "web" } } },
      { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] } },
      // Fails its first run, then stays up: its previous instance has a log of its own.
      pod(
        "second-try",
        [{ name: "main", script: "n=$(cat /data/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /data/n; echo attempt $n; [ $n -ge 2 ] || exit 1; exec sleep 3600", volumeMounts: [{ name: "data", mountPath: "/data" }] }],
        { volumes: [{ name: "data", emptyDir: {} }] },
      ),
      pod("missing-image", [{ name: "main", script: "true", image: "mini.test/not-there:1" }]),
    );
    for (const name of ["printer", "duo", "ticker", "web"]) await waitRunning(name);
  });

  after(() => endNodeSuite(cluster, suite));

  describe("kubectl logs", () => {
    it("prints stdout and stderr, and the last lines with --tail", async () => {
      assert.equal(await logs("printer"), "one\ntwo\nthree\noops\n");
      assert.equal(await logs("printer", "--tail", "2"), "three\noops\n");
    });

    it("prefixes each line with its RFC 3339 time with --timestamps", async () => {
      const lines = (await logs("printer", "--timestamps", "--tail", "1")).trimEnd().split("\n");
      assert.equal(lines.length, 1);
      assert.match(lines[0] ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z oops$/);
    });

    it("cuts at --limit-bytes and leaves out old lines with --since", async () => {
      assert.equal(await logs("printer", "--limit-bytes", "6"), "one\ntw");
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(await logs("printer", "--since", "1s"), "");
    });

    it("reads the container named with -c, and the API asks for one when there are several", async () => {
      assert.equal(await logs("duo", "-c", "b"), "I am b\n");
      const raw = await cluster.request({ path: "/api/v1/namespaces/default/pods/duo/log" });
      assert.equal(raw.status, 400);
      assert.equal(jsonOf(raw)["message"], "a container name must be specified for pod duo, choose one of: [a b]");
      const unknown = await cluster.kubectl(["logs", "duo", "-c", "nope"], { allowFail: true });
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /container nope is not valid for pod duo/);
    });

    it("follows new lines with -f", async () => {
      const follow = cluster.kubectlWatch(["logs", "-f", "ticker", "--tail", "1"]);
      try {
        const first = Number((await follow.waitForLine(/^tick \d+$/, { timeoutMs: 10_000 })).split(" ")[1]);
        await follow.waitForLine((line) => line === `tick ${first + 5}`, { timeoutMs: 10_000 });
      } finally {
        await follow.stop();
      }
    });

    it("ends -f with exit 0 when the container stops", async () => {
      await apply(pod("short", [{ name: "main", script: "echo start; sleep 2; echo end" }], { restartPolicy: "Never" }));
      await waitRunning("short");
      const started = Date.now();
      const result = await cluster.kubectl(["logs", "-f", "short"], { timeoutMs: 20_000 });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "start\nend\n");
      assert.ok(Date.now() - started < 8_000, `logs -f ended ${Date.now() - started} ms after it started`);
    });

    it("reads the last terminated instance with --previous", async () => {
      await waitRunning("second-try", 1);
      assert.equal(await logs("second-try"), "attempt 2\n");
      assert.equal(await logs("second-try", "--previous"), "attempt 1\n");
      const none = await cluster.kubectl(["logs", "printer", "--previous"], { allowFail: true });
      assert.notEqual(none.code, 0);
      assert.match(none.stderr, /previous terminated container "main" in pod "printer" not found/);
    });

    it("says why a container that never started has no log", async () => {
      await waitUntil("missing-image waiting", async () => ((await podStatus("missing-image")).containerStatuses?.[0]?.state as { waiting?: { reason: string } } | undefined)?.waiting?.reason, {
        timeoutMs: 30_000,
      });
      const result = await cluster.kubectl(["logs", "missing-image"], { allowFail: true });
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /Error from server \(BadRequest\): container "main" in pod "missing-image" is waiting to start: \w+/);
    });
  });

  describe("kubectl exec and attach", () => {
    it("returns the remote command's exit code", async () => {
      const result = await cluster.kubectl(["exec", "printer", "--", "sh", "-c", "exit 3"], { allowFail: true });
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /command terminated with exit code 3/);
    });

    it("keeps stdout and stderr apart", async () => {
      const result = await cluster.kubectl(["exec", "printer", "--", "sh", "-c", "echo out; echo err >&2"]);
      assert.equal(result.stdout, "out\n");
      assert.equal(result.stderr, "err\n");
    });

    it("passes stdin with -i and ends at its EOF", async () => {
      const result = await cluster.kubectl(["exec", "-i", "printer", "--", "sh", "-c", "tr a-z A-Z; echo done"], { stdin: "hello stdin\n" });
      assert.equal(result.stdout, "HELLO STDIN\ndone\n");
    });

    it("runs a command on a terminal with -it, and returns its exit code", async () => {
      // `script` gives kubectl a pseudo-terminal as its stdin, as a user's shell would.
      const invocation = cluster.kubectlInvocation(["exec", "-it", "printer", "--", "sh", "-c", "tty; exit 5"]);
      const command = [invocation.command, ...invocation.args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(" ");
      const result = await runProcess("script", ["-qec", command, "/dev/null"], { env: invocation.env });
      assert.equal(result.code, 5, result.stdout + result.stderr);
      assert.match(result.stdout, /\/dev\/pts\/\d+/);
    });

    it("works with kubectl 1.27 (SPDY only) and 1.33 (WebSocket first, then SPDY)", async () => {
      for (const minor of [27, 33]) {
        const invocation = cluster.kubectlInvocation(["exec", "printer", "--", "sh", "-c", "cat /proc/1/cmdline; exit 4"]);
        const result = await runProcess(gcloudKubectl(minor), invocation.args, { env: invocation.env });
        assert.equal(result.code, 4, `kubectl 1.${minor}: ${result.stderr}`);
        assert.match(result.stdout, /sleep/, `kubectl 1.${minor}`);
      }
    });

    it("refuses a container that is not running, in the kubelet's words", async () => {
      const result = await cluster.request({ method: "POST", path: "/api/v1/namespaces/default/pods/missing-image/exec?command=true&stdout=true", headers: { Connection: "Upgrade", Upgrade: "SPDY/3.1", "X-Stream-Protocol-Version": "v4.channel.k8s.io" } });
      assert.equal(result.status, 400);
      assert.equal(jsonOf(result)["message"], 'container not found ("main")');
      const plain = await cluster.request({ path: "/api/v1/namespaces/default/pods/printer/exec?command=true&stdout=true" });
      assert.equal(plain.status, 400);
      assert.equal(jsonOf(plain)["message"], "Upgrade request required");
    });

    it("attaches to a running container's output", async () => {
      const attach = cluster.kubectlWatch(["attach", "ticker"]);
      try {
        await attach.waitForLine(/^tick \d+$/, { timeoutMs: 10_000 });
      } finally {
        await attach.stop();
      }
    });
  });

  describe("kubectl port-forward", () => {
    it("forwards a local port to the pod's httpd", async () => {
      const local = await freePort();
      const forward = cluster.kubectlWatch(["port-forward", "pod/web", `${local}:8080`]);
      try {
        await forward.waitForLine(/Forwarding from 127\.0\.0\.1/, { timeoutMs: 15_000 });
        assert.equal(await httpGetLocal(local), "hello from httpd\n");
        // A second connection over the same forward.
        assert.equal(await httpGetLocal(local), "hello from httpd\n");
      } finally {
        await forward.stop();
      }
    });

    it("forwards to a service's pod, mapping the service port to its target port", async () => {
      const local = await freePort();
      const forward = cluster.kubectlWatch(["port-forward", "svc/web", `${local}:80`]);
      try {
        await forward.waitForLine(/Forwarding from 127\.0\.0\.1/, { timeoutMs: 15_000 });
        assert.equal(await httpGetLocal(local), "hello from httpd\n");
      } finally {
        await forward.stop();
      }
    });
  });
});

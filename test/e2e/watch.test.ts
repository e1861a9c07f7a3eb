/**
 * Watching: `kubectl get -w` while another kubectl changes things, and the raw watch stream
 * (headers at once, resume from a resourceVersion, synthetic ADDED events, timeoutSeconds).
 */
import assert from "node:assert/strict";
import { request as httpsRequest } from "node:https";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createNamespaces, jsonOf, manifest, parseTable, settlesWithin, startMini, type Mini } from "../harness.js";

const NS = "e2e-watch";
let mini: Mini;

before(async () => {
  mini = await startMini();
  await mini.kubectl(["apply", "-f", "-"], {
    stdin: manifest(
      { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "w-seed", namespace: NS }, data: { a: "1" } },
    ),
  });
});
after(async () => {
  await mini?.dispose();
});

/** The first two whitespace-separated fields of a watch line: event type and name. */
function eventOf(line: string): { type: string; name: string; rest: string[] } {
  const [type = "", name = "", ...rest] = line.trim().split(/\s+/);
  return { type, name, rest };
}

test("get -w --output-watch-events prints ADDED, MODIFIED and DELETED in order while another kubectl works", async () => {
  const watch = mini.kubectlWatch(["get", "configmaps", "-n", NS, "-w", "--output-watch-events"]);
  try {
    await watch.waitForLine(/^ADDED\s+w-seed\s/);
    assert.match(watch.lines[0] ?? "", /^EVENT\s+NAME\s+DATA\s+AGE$/);

    await mini.kubectl(["create", "-f", "-"], {
      stdin: manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "w1", namespace: NS }, data: { k: "v" } }),
    });
    await watch.waitForLine(/^ADDED\s+w1\s/);
    await mini.kubectl(["label", "configmap", "w1", "-n", NS, "changed=yes"]);
    await watch.waitForLine(/^MODIFIED\s+w1\s/);
    await mini.kubectl(["delete", "configmap", "w1", "-n", NS]);
    await watch.waitForLine(/^DELETED\s+w1\s/);
    await sleep(300); // Room for a duplicate or stray event to show up.
  } finally {
    await watch.stop();
  }
  const events = watch.lines.slice(1).map(eventOf);
  assert.deepEqual(
    events.filter((event) => event.name === "w1").map((event) => [event.type, event.rest[0]]),
    [["ADDED", "1"], ["MODIFIED", "1"], ["DELETED", "1"]],
    `watch lines: ${JSON.stringify(watch.lines)}`,
  );
  assert.deepEqual(events.filter((event) => event.name === "w-seed").map((event) => event.type), ["ADDED"]);
});

test("get deploy -w prints the new READY column when the deployment is scaled", async () => {
  await mini.kubectl(["create", "-f", "-"], {
    stdin: manifest({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "watched", namespace: NS },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "watched" } },
        template: { metadata: { labels: { app: "watched" } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } },
      },
    }),
  });
  const watch = mini.kubectlWatch(["get", "deploy", "-n", NS, "-w"]);
  try {
    await watch.waitForLine(/^watched\s/);
    const header = parseTable(watch.lines.slice(0, 2).join("\n"));
    assert.deepEqual(header.headers, ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
    assert.match(header.rows[0]?.["READY"] ?? "", /^\d+\/2$/);
    await mini.kubectl(["scale", "deploy", "watched", "-n", NS, "--replicas=4"]);
    const line = await watch.waitForLine(/^watched\s+\d+\/4\s/);
    assert.match(line, /^watched\s+\d+\/4\s+\d+\s+\d+\s+\d+[smhd]/);
  } finally {
    await watch.stop();
  }
});

test("get NAME -w on one object shows its current state, then its changes", async () => {
  await mini.kubectl(["create", "-f", "-"], {
    stdin: manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "single", namespace: NS }, data: { a: "1" } }),
  });
  const watch = mini.kubectlWatch(["get", "configmap", "single", "-n", NS, "-w", "--output-watch-events"]);
  try {
    await watch.waitForLine(/^ADDED\s+single\s/);
    await mini.kubectl(["patch", "configmap", "single", "-n", NS, "--type=merge", "-p", '{"data":{"b":"2"}}']);
    const modified = await watch.waitForLine(/^MODIFIED\s+single\s/);
    assert.equal(eventOf(modified).rest[0], "2", "the DATA column counts the new key");
  } finally {
    await watch.stop();
  }
});

// ---------------------------------------------------------------------------
// Raw watch streams

interface Stream {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly events: { type: string; object: Record<string, unknown> }[];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  waitForEvents(count: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Opens a watch over HTTPS and resolves as soon as the response headers arrive. */
async function openWatch(path: string, headersWithinMs: number): Promise<Stream> {
  const credentials = await mini.credentials();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`GET ${path}: no response headers within ${headersWithinMs} ms (headers must be flushed at once)`));
    }, headersWithinMs);
    const req = httpsRequest(new URL(path, credentials.server), {
      ca: credentials.ca,
      cert: credentials.cert,
      key: credentials.key,
      agent: false,
      headers: { Accept: "application/json" },
    });
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on("response", (res) => {
      clearTimeout(timer);
      const events: Stream["events"] = [];
      let partial = "";
      const waiters = new Set<() => void>();
      let done = false;
      res.on("data", (chunk: Buffer) => {
        const parts = (partial + chunk.toString("utf8")).split("\n");
        partial = parts.pop() ?? "";
        for (const part of parts) if (part.trim() !== "") events.push(JSON.parse(part) as Stream["events"][number]);
        for (const waiter of waiters) waiter();
      });
      const ended = new Promise<void>((resolveEnd) => {
        const finish = () => {
          done = true;
          for (const waiter of waiters) waiter();
          resolveEnd();
        };
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", finish);
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        ended,
        waitForEvents: (count, timeoutMs = 10_000) =>
          new Promise((resolveWait, rejectWait) => {
            const check = () => {
              if (events.length >= count) finish(() => resolveWait());
              else if (done) finish(() => rejectWait(new Error(`stream ended after ${events.length} of ${count} events: ${JSON.stringify(events)}`)));
            };
            const timeout = setTimeout(
              () => finish(() => rejectWait(new Error(`${events.length} of ${count} events within ${timeoutMs} ms: ${JSON.stringify(events)}`))),
              timeoutMs,
            );
            const finish = (then: () => void) => {
              clearTimeout(timeout);
              waiters.delete(check);
              then();
            };
            waiters.add(check);
            check();
          }),
        close: () => req.destroy(),
      });
    });
    req.end();
  });
}

function nameOf(event: { object: Record<string, unknown> }): string {
  return String((event.object["metadata"] as { name?: string } | undefined)?.name);
}
function rvOf(event: { object: Record<string, unknown> }): number {
  return Number((event.object["metadata"] as { resourceVersion?: string } | undefined)?.resourceVersion);
}

test("a raw watch sends its headers at once and then one JSON line per event", async () => {
  const ns = "e2e-watch-raw";
  await createNamespaces(mini, ns);
  const list = jsonOf(await mini.request({ path: `/api/v1/namespaces/${ns}/configmaps` }));
  const listRv = String((list["metadata"] as { resourceVersion?: string }).resourceVersion);
  assert.match(listRv, /^\d+$/, "a list carries the store's resourceVersion");

  const stream = await openWatch(`/api/v1/namespaces/${ns}/configmaps?watch=1&resourceVersion=${listRv}`, 2_000);
  try {
    assert.equal(stream.status, 200);
    assert.match(String(stream.headers["content-type"]), /^application\/json/);
    await mini.kubectl(["create", "-f", "-"], {
      stdin: manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "raw-1", namespace: ns }, data: { a: "1" } }),
    });
    await stream.waitForEvents(1);
    const [event] = stream.events;
    assert.equal(event?.type, "ADDED");
    assert.equal(event?.object["kind"], "ConfigMap");
    assert.equal(event?.object["apiVersion"], "v1");
    assert.equal(nameOf(event ?? { object: {} }), "raw-1");
    assert.ok(rvOf(event ?? { object: {} }) > Number(listRv));
  } finally {
    stream.close();
  }
});

test("a raw watch from a resourceVersion replays later changes in order and ends at timeoutSeconds", async () => {
  const ns = "e2e-watch-resume";
  await createNamespaces(mini, ns);
  await mini.kubectl(["create", "-f", "-"], {
    stdin: manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "r1", namespace: ns } }),
  });
  const from = (await mini.kubectl(["get", "configmap", "r1", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}"])).stdout;
  await mini.kubectl(["label", "configmap", "r1", "-n", ns, "step=2"]);
  await mini.kubectl(["create", "-f", "-"], {
    stdin: manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "r2", namespace: ns } }),
  });
  await mini.kubectl(["delete", "configmap", "r1", "-n", ns]);

  const started = performance.now();
  const stream = await openWatch(`/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${from}&timeoutSeconds=1`, 2_000);
  await settlesWithin(stream.ended, 6_000);
  const elapsed = performance.now() - started;
  stream.close();
  assert.deepEqual(
    stream.events.map((event) => [event.type, nameOf(event)]),
    [["MODIFIED", "r1"], ["ADDED", "r2"], ["DELETED", "r1"]],
  );
  const rvs = stream.events.map(rvOf);
  assert.ok(rvs.every((rv, index) => rv > Number(from) && (index === 0 || rv > (rvs[index - 1] ?? 0))), `increasing resourceVersions: ${rvs.join(",")}`);
  assert.ok(elapsed >= 900 && elapsed < 5_000, `timeoutSeconds=1 ends the stream after about a second (took ${Math.round(elapsed)} ms)`);
});

test("a raw watch without a resourceVersion, or from 0, starts with ADDED events for what exists", async () => {
  const ns = "e2e-watch-resume"; // Holds only r2 after the previous test.
  const paths = [
    `/api/v1/namespaces/${ns}/configmaps?watch=1&timeoutSeconds=1`,
    `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=0&timeoutSeconds=1`,
    `/api/v1/watch/namespaces/${ns}/configmaps?timeoutSeconds=1`,
  ];
  const streams = await Promise.all(paths.map((path) => openWatch(path, 2_000)));
  await Promise.all(streams.map((stream) => settlesWithin(stream.ended, 6_000)));
  streams.forEach((stream, index) => {
    stream.close();
    assert.deepEqual(
      stream.events.map((event) => [event.type, nameOf(event)]).filter(([, name]) => name !== "kube-root-ca.crt"),
      [["ADDED", "r2"]],
      paths[index],
    );
  });
});

test("a raw watch with a label selector sees objects enter and leave the selection", async () => {
  const ns = "e2e-watch-selector";
  await createNamespaces(mini, ns);
  const list = jsonOf(await mini.request({ path: `/api/v1/namespaces/${ns}/configmaps` }));
  const from = String((list["metadata"] as { resourceVersion?: string }).resourceVersion);
  const stream = await openWatch(`/api/v1/namespaces/${ns}/configmaps?watch=1&labelSelector=tier%3Dweb&resourceVersion=${from}`, 2_000);
  try {
    await mini.kubectl(["apply", "-f", "-"], {
      stdin: manifest(
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "outsider", namespace: ns, labels: { tier: "db" } } },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "mover", namespace: ns, labels: { tier: "web" } } },
      ),
    });
    await stream.waitForEvents(1);
    await mini.kubectl(["label", "configmap", "mover", "-n", ns, "tier=db", "--overwrite"]);
    await stream.waitForEvents(2);
    await mini.kubectl(["label", "configmap", "mover", "-n", ns, "tier=web", "--overwrite"]);
    await stream.waitForEvents(3);
    await mini.kubectl(["label", "configmap", "outsider", "-n", ns, "touched=yes"]);
    await mini.kubectl(["delete", "configmap", "mover", "-n", ns]);
    await stream.waitForEvents(4);
  } finally {
    stream.close();
  }
  // Leaving the selection is a DELETED event, entering it an ADDED one; the outsider never shows.
  assert.deepEqual(
    stream.events.map((event) => [event.type, nameOf(event)]),
    [["ADDED", "mover"], ["DELETED", "mover"], ["ADDED", "mover"], ["DELETED", "mover"]],
  );
});

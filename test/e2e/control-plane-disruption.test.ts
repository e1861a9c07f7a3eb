/**
 * Issue 4, end to end with the real kubectl on `mini up --fake-nodes 2`: PodDisruptionBudgets get
 * their status from the disruption controller (`kubectl get pdb`), the eviction subresource refuses
 * what a budget does not allow (429, upstream's Status), and `kubectl drain` empties a node without
 * ever going below the budget, retrying while replacements start elsewhere; `kubectl uncordon`
 * opens the node again. One mini for the file; the tests run in order.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createNamespaces, jsonOf, kubectlJson, manifest, parseTable, startMini, waitUntil, type Mini } from "../harness.js";

const NS = "e2e-disruption";
const DRAINED = "mini-fake-1";
const SPARE = "mini-fake-2";

interface PodJson {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
}

let mini: Mini;

before(async () => {
  mini = await startMini({ extraArgs: ["--fake-nodes", "2"] });
  await waitUntil("2 Ready nodes", async () => {
    const out = await mini.kubectl(["get", "nodes", "--no-headers"]);
    return out.stdout.split("\n").filter((line) => /\sReady\s/.test(line)).length === 2 ? true : undefined;
  });
  await createNamespaces(mini, NS);
});

after(async () => {
  await mini?.dispose();
});

function deployment(name: string, replicas: number): object {
  const labels = { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: NS },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "web", image: "nginx:1.25" }] } } },
  };
}

function budget(name: string, minAvailable: number): object {
  return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, namespace: NS }, spec: { minAvailable, selector: { matchLabels: { app: name } } } };
}

async function pods(app: string): Promise<PodJson[]> {
  return ((await kubectlJson(mini, ["get", "pods", "-n", NS, "-l", `app=${app}`])) as unknown as { items: PodJson[] }).items;
}

function isReady(pod: PodJson): boolean {
  return !pod.metadata.deletionTimestamp && pod.status.conditions?.some((c) => c.type === "Ready" && c.status === "True") === true;
}

/** The `kubectl get pdb` row of a budget, once its ALLOWED DISRUPTIONS column shows `allowed`. */
function pdbRow(name: string, allowed: string): Promise<Record<string, string>> {
  return waitUntil(`pdb ${name} allowing ${allowed}`, async () => {
    const row = parseTable((await mini.kubectl(["get", "pdb", name, "-n", NS])).stdout).rows[0];
    return row?.["ALLOWED DISRUPTIONS"] === allowed ? row : undefined;
  });
}

describe("PodDisruptionBudgets and kubectl drain", { timeout: 180_000 }, () => {
  test("kubectl get pdb shows a budget of minAvailable 2 over 3 ready replicas allowing 1 disruption", async () => {
    // Every replica starts on the node to be drained, so the drain below has to move all of them.
    await mini.kubectl(["cordon", SPARE]);
    await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(deployment("web", 3), budget("web", 2)) });
    await waitUntil("3 ready web pods", async () => {
      const ready = (await pods("web")).filter(isReady);
      return ready.length === 3 ? ready : undefined;
    });
    const row = await pdbRow("web", "1");
    assert.deepEqual(row, { NAME: "web", "MIN AVAILABLE": "2", "MAX UNAVAILABLE": "N/A", "ALLOWED DISRUPTIONS": "1", AGE: row["AGE"] });
    for (const pod of await pods("web")) assert.equal(pod.spec.nodeName, DRAINED, pod.metadata.name);
    const status = ((await kubectlJson(mini, ["get", "pdb", "web", "-n", NS])) as { status?: Record<string, unknown> }).status ?? {};
    assert.deepEqual(
      { expectedPods: status["expectedPods"], desiredHealthy: status["desiredHealthy"], currentHealthy: status["currentHealthy"], disruptionsAllowed: status["disruptionsAllowed"] },
      { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 },
    );
  });

  test("an eviction the budget does not allow is refused with 429 and upstream's Status", async () => {
    await mini.kubectl(["apply", "-f", "-"], { stdin: manifest(deployment("db", 2), budget("db", 2)) });
    await pdbRow("db", "0");
    await waitUntil("2 ready db pods", async () => ((await pods("db")).filter(isReady).length === 2 ? true : undefined));
    const victim = (await pods("db"))[0]?.metadata.name ?? "";
    const response = await mini.request({
      method: "POST",
      path: `/api/v1/namespaces/${NS}/pods/${victim}/eviction`,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiVersion: "policy/v1", kind: "Eviction", metadata: { name: victim, namespace: NS } }),
    });
    assert.equal(response.status, 429, response.body);
    assert.deepEqual(jsonOf(response), {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: "TooManyRequests",
      details: { causes: [{ reason: "DisruptionBudget", message: "The disruption budget db needs 2 healthy pods and has 2 currently" }] },
      code: 429,
    });
    const kept = (await pods("db")).find((pod) => pod.metadata.name === victim);
    assert.ok(kept && !kept.metadata.deletionTimestamp, "the pod is still there");
    // Out of the way of the drain: a budget that allows nothing would block it for good.
    await mini.kubectl(["delete", "deployment/db", "pdb/db", "-n", NS, "--wait=true"]);
  });

  test("kubectl drain cordons the node and evicts within the budget, retrying until replacements are ready elsewhere", async () => {
    await mini.kubectl(["uncordon", SPARE]);
    // Sample the healthy replicas all through the drain: the budget says never fewer than 2.
    let fewestReady = Infinity;
    let draining = true;
    const sampler = (async () => {
      while (draining) {
        fewestReady = Math.min(fewestReady, (await pods("web")).filter(isReady).length);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const drain = await mini.kubectl(["drain", DRAINED, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=120s"], { timeoutMs: 150_000, allowFail: true });
    draining = false;
    await sampler;
    assert.equal(drain.code, 0, `${drain.stdout}\n${drain.stderr}`);
    assert.match(drain.stdout, new RegExp(`node/${DRAINED} cordoned`));
    assert.match(drain.stdout, new RegExp(`node/${DRAINED} drained`));
    assert.equal((drain.stdout.match(/pod\/web-\S+ evicted/g) ?? []).length, 3, drain.stdout);
    // Evicting all three at once, kubectl met the budget and retried (every 5 s) until it allowed more.
    assert.match(drain.stderr, /error when evicting pods\/"web-\S+" -n "e2e-disruption" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
    assert.ok(fewestReady >= 2, `the budget held: at least 2 web pods stayed ready (fewest seen: ${fewestReady})`);

    const ready = await waitUntil("3 ready web pods on the spare node", async () => {
      const current = (await pods("web")).filter(isReady);
      return current.length === 3 && current.every((pod) => pod.spec.nodeName === SPARE) ? current : undefined;
    });
    assert.equal(ready.length, 3);
    const node = parseTable((await mini.kubectl(["get", "node", DRAINED])).stdout).rows[0];
    assert.equal(node?.["STATUS"], "Ready,SchedulingDisabled");
    await pdbRow("web", "1");
  });

  test("kubectl uncordon makes the node schedulable again", async () => {
    const uncordon = await mini.kubectl(["uncordon", DRAINED]);
    assert.match(uncordon.stdout, new RegExp(`node/${DRAINED} uncordoned`));
    const node = (await kubectlJson(mini, ["get", "node", DRAINED])) as { spec?: { unschedulable?: boolean } };
    assert.notEqual(node.spec?.unschedulable, true);
    assert.equal(parseTable((await mini.kubectl(["get", "node", DRAINED])).stdout).rows[0]?.["STATUS"], "Ready");
  });
});

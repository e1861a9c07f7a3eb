/**
 * A restart keeps everything: SIGTERM stops `mini up` cleanly, and a new `mini up` on the same data
 * dir serves the same objects with the same uids and resourceVersions, through the same kubeconfig.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fixturePath, manifest, runProcess, startMini, waitUntil, type Mini } from "../harness.js";

interface Item {
  kind: string;
  metadata: { namespace?: string; name: string; uid: string; resourceVersion: string; creationTimestamp: string; generation?: number };
  spec?: unknown;
  data?: unknown;
}

let first: Mini | undefined;
let second: Mini | undefined;
let oldKubeconfig = "";
after(async () => {
  // The second instance runs on the first one's data dir: stop it before that dir is removed.
  await second?.dispose();
  await first?.dispose();
});

async function everything(mini: Mini): Promise<Item[]> {
  const { stdout } = await mini.kubectl(["get", "namespaces,deployments,services,configmaps,secrets", "-A", "-o", "json"]);
  return ((JSON.parse(stdout) as { items: Item[] }).items)
    .map((item) => ({ kind: item.kind, metadata: item.metadata, spec: item.spec, data: item.data }))
    .sort((a, b) => `${a.kind}/${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.namespace}/${b.metadata.name}`));
}

test("a restart on the same data dir keeps every object and resourceVersion", async () => {
  first = await startMini();
  await first.kubectl(["apply", "-f", fixturePath("seed-app.yaml")]);
  await first.kubectl(["create", "-f", "-"], {
    stdin: manifest(
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kept", namespace: "my-project-dev" }, data: { a: "1" } },
      { apiVersion: "v1", kind: "Secret", metadata: { name: "kept", namespace: "my-project-dev" }, stringData: { password: "s3cret" } },
    ),
  });
  await first.kubectl(["label", "configmap", "kept", "-n", "my-project-dev", "version=2"]);
  await first.kubectl(["scale", "deploy", "my-app-deployment", "-n", "my-project-dev", "--replicas=4"]);
  // Let any controller finish its writes, so `before` is the state that gets stopped.
  const firstMini = first;
  let previous = await everything(firstMini);
  const before = await waitUntil("the stored objects to settle", async () => {
    await sleep(300);
    const current = await everything(firstMini);
    const settled = JSON.stringify(current) === JSON.stringify(previous);
    previous = current;
    return settled ? current : undefined;
  });
  assert.ok(before.some((item) => item.kind === "Deployment" && item.metadata.name === "my-app-deployment"));
  const caBefore = (await first.credentials()).ca;
  oldKubeconfig = await readFile(first.kubeconfig, "utf8");

  const stopped = await first.stop({ signal: "SIGTERM", timeoutMs: 10_000 });
  assert.equal(stopped.killed, false, `mini up ignored SIGTERM for 10 s; output:\n${first.output()}`);
  assert.equal(stopped.code, 0, `mini up exits 0 on SIGTERM (got code ${String(stopped.code)}, signal ${String(stopped.signal)}); output:\n${first.output()}`);

  second = await startMini({ dataDir: first.dataDir, port: first.port });
  const afterRestart = await everything(second);
  assert.deepEqual(afterRestart, before);
  assert.equal((await second.credentials()).ca, caBefore, "the CA survives, so old kubeconfigs keep working");
  const secret = await second.kubectl(["get", "secret", "kept", "-n", "my-project-dev", "-o", "jsonpath={.data.password}"]);
  assert.equal(Buffer.from(secret.stdout, "base64").toString("utf8"), "s3cret");
});

test("after a restart new writes get resourceVersions above every old one", async () => {
  assert.ok(second, "the restart test ran");
  const old = await everything(second);
  const newest = Math.max(...old.map((item) => Number(item.metadata.resourceVersion)));
  await second.kubectl(["create", "-f", "-"], {
    stdin: manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "after-restart", namespace: "my-project-dev" } }),
  });
  const created = await second.kubectl(["get", "configmap", "after-restart", "-n", "my-project-dev", "-o", "jsonpath={.metadata.resourceVersion}"]);
  assert.ok(Number(created.stdout) > newest, `new resourceVersion ${created.stdout} > ${newest}`);
  await second.kubectl(["label", "configmap", "kept", "-n", "my-project-dev", "version=3", "--overwrite"]);
  const relabelled = await second.kubectl(["get", "configmap", "kept", "-n", "my-project-dev", "-o", "jsonpath={.metadata.resourceVersion}"]);
  assert.ok(Number(relabelled.stdout) > Number(created.stdout));
});

test("the kubeconfig written before the restart still works", async () => {
  assert.ok(second, "the restart test ran");
  assert.notEqual(oldKubeconfig, "");
  const saved = join(second.dataDir, "..", "before-restart.kubeconfig");
  await writeFile(saved, oldKubeconfig);
  const invocation = second.kubectlInvocation(["get", "ns", "my-project-dev", "-o", "jsonpath={.status.phase}"]);
  const args = invocation.args.map((arg) => (arg.startsWith("--kubeconfig=") ? `--kubeconfig=${saved}` : arg));
  const result = await runProcess(invocation.command, args, { env: invocation.env });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, "Active");
});

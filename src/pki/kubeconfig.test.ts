import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { ensurePki, readKubeconfigServer, writeKubeconfig } from "./index.js";

test("writeKubeconfig() writes the admin credentials as cluster, user and context mini", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "mini-kubeconfig-"));
  try {
    const ensured = await ensurePki(dataDir);
    assert.ok(ensured.ok);
    const { pki } = ensured.value;
    const written = await writeKubeconfig(dataDir, { server: "https://127.0.0.1:6443", pki });
    assert.deepEqual(written, { ok: true, value: join(dataDir, "kubeconfig") });
    assert.equal((await stat(join(dataDir, "kubeconfig"))).mode & 0o777, 0o600);

    const b64 = (pem: string): string => Buffer.from(pem).toString("base64");
    assert.deepEqual(parse(await readFile(join(dataDir, "kubeconfig"), "utf8")), {
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        { name: "mini", cluster: { server: "https://127.0.0.1:6443", "certificate-authority-data": b64(pki.ca.cert) } },
      ],
      users: [
        { name: "mini", user: { "client-certificate-data": b64(pki.admin.cert), "client-key-data": b64(pki.admin.key) } },
      ],
      contexts: [{ name: "mini", context: { cluster: "mini", user: "mini" } }],
      "current-context": "mini",
      preferences: {},
    });
    assert.deepEqual(await readKubeconfigServer(dataDir), { ok: true, value: "https://127.0.0.1:6443" });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test("readKubeconfigServer() reports a missing kubeconfig as a failed result", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "mini-kubeconfig-"));
  try {
    const result = await readKubeconfigServer(dataDir);
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : result.error.message, /^Cannot read the server address from .*kubeconfig: ENOENT/);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { request, createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { ensurePki, issueClientCertificate, userFromCertificate } from "./index.js";
import type { CertificatePem, Pki } from "./index.js";

interface Seen {
  readonly authorized: boolean;
  readonly user: unknown;
}

/** A real HTTPS server set up as the API server will be: client certs requested, not required. */
async function withServer(pki: Pki, run: (port: number) => Promise<void>): Promise<void> {
  const server = createServer(
    { requestCert: true, rejectUnauthorized: false, ca: pki.ca.cert, cert: pki.server.cert, key: pki.server.key },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const seen: Seen = {
        authorized: socket.authorized,
        user: socket.authorized ? (userFromCertificate(socket.getPeerCertificate()) ?? null) : null,
      };
      res.setHeader("content-type", "application/json").end(JSON.stringify(seen));
    },
  );
  server.listen(0, "::");
  await once(server, "listening");
  try {
    await run((server.address() as AddressInfo).port);
  } finally {
    server.close();
    await once(server, "close");
  }
}

/** GET / over TLS, verifying the server against the cluster CA under `host`. */
async function ask(port: number, options: { ca: string; host: string; client?: CertificatePem }): Promise<Seen> {
  const req = request({
    host: options.host,
    port,
    path: "/",
    ca: options.ca,
    agent: false,
    ...(options.client ? { cert: options.client.cert, key: options.client.key } : {}),
  });
  req.end();
  const [res] = (await once(req, "response")) as [NodeJS.ReadableStream];
  let body = "";
  for await (const chunk of res) body += String(chunk);
  return JSON.parse(body) as Seen;
}

async function withPki(run: (pki: Pki) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "mini-pki-"));
  try {
    const ensured = await ensurePki(dataDir);
    assert.ok(ensured.ok, ensured.ok ? "" : ensured.error.message);
    await run(ensured.value.pki);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

test("a client with the admin certificate is authorized as mini-admin in system:masters", () =>
  withPki((pki) =>
    withServer(pki, async (port) => {
      const seen = await ask(port, { ca: pki.ca.cert, host: "127.0.0.1", client: pki.admin });
      assert.deepEqual(seen, { authorized: true, user: { name: "mini-admin", groups: ["system:masters"] } });
    }),
  ));

test("a client without a certificate completes the handshake but is not authorized", () =>
  withPki((pki) =>
    withServer(pki, async (port) => {
      assert.deepEqual(await ask(port, { ca: pki.ca.cert, host: "127.0.0.1" }), { authorized: false, user: null });
    }),
  ));

test("the serving certificate verifies as localhost, 127.0.0.1 and ::1", () =>
  withPki((pki) =>
    withServer(pki, async (port) => {
      for (const host of ["localhost", "127.0.0.1", "::1"]) {
        const seen = await ask(port, { ca: pki.ca.cert, host, client: pki.admin });
        assert.equal(seen.authorized, true, host);
      }
    }),
  ));

test("a certificate from issueClientCertificate() authenticates as its CN and O", () =>
  withPki(async (pki) => {
    const issued = await issueClientCertificate(pki, {
      commonName: "system:node:mini",
      organizations: ["system:nodes", "mini:kubelets"],
    });
    assert.ok(issued.ok);
    await withServer(pki, async (port) => {
      const seen = await ask(port, { ca: pki.ca.cert, host: "localhost", client: issued.value });
      assert.deepEqual(seen, {
        authorized: true,
        user: { name: "system:node:mini", groups: ["system:nodes", "mini:kubelets"] },
      });
    });
  }));

test("a certificate from another CA is not authorized", () =>
  withPki(async (pki) =>
    withPki(async (other) => {
      await withServer(pki, async (port) => {
        const seen = await ask(port, { ca: pki.ca.cert, host: "localhost", client: other.admin });
        assert.deepEqual(seen, { authorized: false, user: null });
      });
    }),
  ));

test("issueClientCertificate() reports an unusable CA key as a failed result", async () => {
  const result = await issueClientCertificate(
    { ca: { cert: "", key: "not a key" } },
    { commonName: "system:kube-scheduler" },
  );
  assert.equal(result.ok, false);
  assert.match(result.ok ? "" : result.error.message, /^Cannot issue a client certificate for system:kube-scheduler: /);
});

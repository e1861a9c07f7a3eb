import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePki, loadPki } from "./index.js";
import type { EnsuredPki, EnsurePkiOptions } from "./index.js";

async function withDataDir(run: (dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "mini-pki-"));
  try {
    await run(dataDir);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function ensure(dataDir: string, options: EnsurePkiOptions = {}): Promise<EnsuredPki> {
  const result = await ensurePki(dataDir, options);
  assert.ok(result.ok, result.ok ? "" : result.error.message);
  return result.value;
}

function issuedParts(ensured: EnsuredPki): string[] {
  return ensured.issued.map((issued) => issued.part);
}

const DAY_MS = 24 * 60 * 60 * 1000;

test("ensurePki() creates the CA, serving and admin pairs, keys readable by the owner only", () =>
  withDataDir(async (dataDir) => {
    const ensured = await ensure(dataDir);
    assert.deepEqual(issuedParts(ensured), ["ca", "server", "admin"]);
    const dir = join(dataDir, "pki");
    for (const part of ["ca", "server", "admin"] as const) {
      assert.equal(await readFile(join(dir, `${part}.crt`), "utf8"), ensured.pki[part].cert);
      assert.equal(await readFile(join(dir, `${part}.key`), "utf8"), ensured.pki[part].key);
      assert.equal((await stat(join(dir, `${part}.key`))).mode & 0o777, 0o600, `${part}.key`);
      assert.equal((await stat(join(dir, `${part}.crt`))).mode & 0o777, 0o644, `${part}.crt`);
    }
    assert.equal((await stat(dir)).mode & 0o777, 0o700);

    const ca = new X509Certificate(ensured.pki.ca.cert);
    assert.equal(ca.subject, "CN=mini-ca");
    assert.equal(ca.ca, true);
    assert.equal(ca.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
    const tenYears = Date.parse(ca.validTo) - Date.parse(ca.validFrom);
    assert.ok(tenYears > 3649 * DAY_MS && tenYears < 3651 * DAY_MS, `CA validity ${tenYears}`);

    const server = new X509Certificate(ensured.pki.server.cert);
    assert.equal(server.subject, "CN=mini-apiserver");
    assert.equal(server.ca, false);
    assert.ok(server.verify(ca.publicKey));
    for (const name of ["DNS:localhost", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1", `DNS:${hostname()}`]) {
      assert.ok(server.subjectAltName?.split(", ").includes(name), `${name} in ${server.subjectAltName}`);
    }

    const admin = new X509Certificate(ensured.pki.admin.cert);
    assert.equal(admin.subject, "CN=mini-admin\nO=system:masters");
    assert.ok(admin.verify(ca.publicKey));
  }));

test("ensurePki() reuses what it made on a later call", () =>
  withDataDir(async (dataDir) => {
    const first = await ensure(dataDir);
    const second = await ensure(dataDir);
    assert.deepEqual(second.issued, []);
    assert.deepEqual(second.pki, first.pki);
    const loaded = await loadPki(dataDir);
    assert.ok(loaded.ok);
    assert.deepEqual(loaded.value, first.pki);
  }));

test("ensurePki() reissues only the serving certificate for an extra SAN it does not cover", () =>
  withDataDir(async (dataDir) => {
    const first = await ensure(dataDir);
    const extraSans = ["10.1.2.3", "Mini.Example.Test", "fd00::7"];
    const second = await ensure(dataDir, { extraSans });
    assert.deepEqual(issuedParts(second), ["server"]);
    assert.match(second.issued[0]?.reason ?? "", /not valid for 10\.1\.2\.3, mini\.example\.test, fd00::7/);
    assert.equal(second.pki.ca.cert, first.pki.ca.cert);
    assert.equal(second.pki.admin.cert, first.pki.admin.cert);
    const server = new X509Certificate(second.pki.server.cert);
    assert.equal(server.checkIP("10.1.2.3"), "10.1.2.3");
    assert.equal(server.checkIP("fd00::7"), "fd00::7");
    assert.equal(server.checkHost("mini.example.test", { subject: "never" }), "mini.example.test");

    assert.deepEqual((await ensure(dataDir, { extraSans })).issued, [], "extras now covered");
    assert.deepEqual((await ensure(dataDir)).issued, [], "fewer names than the certificate has are fine");
  }));

test("ensurePki() renews leaves a month before they expire and keeps the CA", () =>
  withDataDir(async (dataDir) => {
    const first = await ensure(dataDir);
    assert.deepEqual((await ensure(dataDir, { now: new Date(Date.now() + 300 * DAY_MS) })).issued, []);
    const later = await ensure(dataDir, { now: new Date(Date.now() + 340 * DAY_MS) });
    assert.deepEqual(issuedParts(later), ["server", "admin"]);
    assert.match(later.issued[0]?.reason ?? "", /^expires /);
    assert.equal(later.pki.ca.cert, first.pki.ca.cert);
  }));

test("ensurePki() reissues an unreadable or mismatched leaf", () =>
  withDataDir(async (dataDir) => {
    const first = await ensure(dataDir);
    const dir = join(dataDir, "pki");
    await writeFile(join(dir, "server.crt"), "garbage");
    await writeFile(join(dir, "admin.key"), first.pki.server.key);
    const second = await ensure(dataDir);
    assert.deepEqual(
      second.issued.map(({ part, reason }) => `${part}: ${reason.replace(/ \(.*\)$/, "")}`),
      ["server: unreadable", "admin: its key does not match"],
    );
  }));

test("ensurePki() refuses to replace a CA whose key is missing", () =>
  withDataDir(async (dataDir) => {
    await ensure(dataDir);
    await unlink(join(dataDir, "pki", "ca.key"));
    const result = await ensurePki(dataDir);
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : result.error.message, /^Cannot prepare the PKI in .*: ca\.key is missing; remove /);
  }));

test("loadPki() reports a data dir without a PKI as a failed result", () =>
  withDataDir(async (dataDir) => {
    const result = await loadPki(dataDir);
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : result.error.message, /ca\.crt does not exist$/);
  }));

/**
 * What the e2e suites of the real node share: the check that this machine
 * can run containers (failing, never skipping, with what to install), and a
 * plain HTTP GET to a local port (a port-forward's end).
 */
import assert from "node:assert/strict";
import { get } from "node:http";
import { findNodeBinaries, INSTALL_HINT } from "../src/node/binaries.js";

/** Fails the suite unless containerd, runc, the CNI plugins and root are here. */
export function requireNodeRuntime(): void {
  const found = findNodeBinaries();
  assert.ok(found.ok, `these tests need containerd: ${found.ok ? "" : found.missing.join(", ")} not found; install with: ${INSTALL_HINT} busybox-static`);
  assert.equal(process.getuid?.(), 0, "these tests need root: mini runs containerd only as root");
}

/** The body of `GET /` on 127.0.0.1:`port`, failing after 10 s without an answer. */
export function httpGetLocal(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get({ host: "127.0.0.1", port, path: "/", timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve(Buffer.concat(chunks).toString()));
    });
    request.on("timeout", () => request.destroy(new Error(`no answer from 127.0.0.1:${port} within 10 s`)));
    request.on("error", reject);
  });
}

/**
 * What the e2e suites of the real node share: the check that this machine
 * can run containers (failing, never skipping, with what to install), a
 * suite's own node (temp dir, test images, mini on containerd), and a plain
 * HTTP GET to a local port (a port-forward's end).
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTestImages } from "../fixtures/images/build.js";
import { findNodeBinaries, INSTALL_HINT } from "../src/node/binaries.js";
import type { Mini, StartOptions } from "./harness.js";

/** Fails the suite unless containerd, runc, the CNI plugins and root are here. */
export function requireNodeRuntime(): void {
  const found = findNodeBinaries();
  assert.ok(found.ok, `these tests need containerd: ${found.ok ? "" : found.missing.join(", ")} not found; install with: ${INSTALL_HINT} busybox-static`);
  assert.equal(process.getuid?.(), 0, "these tests need root: mini runs containerd only as root");
}

export interface NodeSuite {
  /** The suite's temp dir; the data dir is `<work>/data`. */
  readonly work: string;
  /** How to start (and restart) the suite's mini: its data dir, containerd, its node name and kubelet config. */
  readonly options: StartOptions;
}

/**
 * Prepares one suite's node: fails unless this machine can run containers, makes a temp dir
 * whose data dir holds the test images (imported when mini starts), and writes `kubeletConfig`
 * (KubeletConfiguration fields, one per line) to `<work>/kubelet.yaml` when given.
 */
export async function prepareNodeSuite(nodeName: string, kubeletConfig?: readonly string[]): Promise<NodeSuite> {
  requireNodeRuntime();
  const work = await mkdtemp(join(tmpdir(), `mini-${nodeName}-`));
  try {
    const dataDir = join(work, "data");
    buildTestImages(join(dataDir, "images"));
    const extraArgs = ["--node-name", nodeName];
    if (kubeletConfig) {
      const file = join(work, "kubelet.yaml");
      await writeFile(file, ["apiVersion: kubelet.config.k8s.io/v1beta1", "kind: KubeletConfiguration", ...kubeletConfig, ""].join("\n"));
      extraArgs.push("--kubelet-config", file);
    }
    return { work, options: { dataDir, runtime: "containerd", extraArgs } };
  } catch (error: unknown) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

/** Stops the suite's mini and removes its temp dir; either may be missing when the suite's start failed. */
export async function endNodeSuite(cluster: Mini | undefined, suite: NodeSuite | undefined): Promise<void> {
  await cluster?.stop();
  if (suite) await rm(suite.work, { recursive: true, force: true });
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

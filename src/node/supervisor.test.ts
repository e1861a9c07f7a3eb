/**
 * The supervisor with a real containerd: start, adoption after a "crash" of
 * mini, restart after containerd dies, stop. Needs root and containerd.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { isRunning } from "../cli/processes.js";
import { CriClient } from "../cri/client.js";
import { createLogger } from "../log.js";
import { findNodeBinaries, INSTALL_HINT, type NodeBinaries } from "./binaries.js";
import { renderContainerdConfig } from "./config.js";
import { containerdPaths, type ContainerdPaths } from "./paths.js";
import { ContainerdSupervisor } from "./supervisor.js";

let dataDir: string;
let paths: ContainerdPaths;
let binaries: NodeBinaries;
const lines: string[] = [];
const log = createLogger("test", { level: "info", write: (line) => lines.push(line) });

before(async () => {
  const found = findNodeBinaries();
  assert.ok(found.ok, `containerd is needed for this test: ${found.ok ? "" : found.missing.join(", ")} missing (install with: ${INSTALL_HINT})`);
  binaries = found.binaries;
  dataDir = await mkdtemp("/tmp/mini-sup-");
  paths = containerdPaths(dataDir);
  await mkdir(paths.cniConfDir, { recursive: true });
  await writeFile(paths.config, renderContainerdConfig({ paths, sandboxImage: "mini.local/pause:1", cniBinDir: binaries.cniBinDir }));
});

after(async () => {
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

async function answers(): Promise<boolean> {
  const cri = CriClient.connect(paths.socket);
  try {
    return (await cri.version({ timeoutMs: 2_000 })).ok;
  } finally {
    cri.close();
  }
}

/**
 * A mini that starts containerd and is then killed with SIGKILL: a child
 * process running a supervisor, so nothing of it is left in this process.
 */
async function startInCrashingMini(): Promise<number> {
  const script = `
    const { ContainerdSupervisor } = require(${JSON.stringify(join(__dirname, "supervisor.ts"))});
    const { createLogger } = require(${JSON.stringify(join(__dirname, "..", "log.ts"))});
    const supervisor = new ContainerdSupervisor({ containerd: ${JSON.stringify(binaries.containerd)}, paths: ${JSON.stringify(paths)}, log: createLogger("crashing") });
    supervisor.start().then(() => { process.stdout.write(String(supervisor.pid)); setInterval(() => {}, 1000); });
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString())));
    child.once("exit", (code) => reject(new Error(`the crashing mini exited early with ${code}`)));
  });
  child.kill("SIGKILL");
  await new Promise((resolve) => child.once("exit", resolve));
  return pid;
}

test("adopts the containerd of a crashed mini, restarts it when it dies, stops it", async () => {
  const orphan = await startInCrashingMini();
  assert.ok(isRunning(orphan), "containerd outlives the mini that started it");

  const supervisor = new ContainerdSupervisor({ containerd: binaries.containerd, paths, log });
  await supervisor.start();
  assert.equal(supervisor.adopted, true);
  assert.equal(supervisor.pid, orphan);
  assert.ok(await answers());

  // containerd dies: the supervisor starts a new one after its back-off (1 s first).
  const longLived = CriClient.connect(paths.socket);
  assert.ok((await longLived.version()).ok);
  process.kill(orphan, "SIGKILL");
  const deadline = Date.now() + 10_000;
  while ((supervisor.pid === orphan || !(await answers())) && Date.now() < deadline) await delay(100);
  assert.notEqual(supervisor.pid, orphan, "a new containerd runs");
  assert.ok(await answers());
  assert.ok(lines.some((line) => /WARN .*"containerd exited; restarting".*inMs=1000/.test(line)), lines.join("\n"));
  // A client from before the restart (the kubelet's) reconnects within a few seconds.
  const reconnectBy = Date.now() + 5_000;
  while (!(await longLived.version({ timeoutMs: 1_000 })).ok && Date.now() < reconnectBy) await delay(100);
  assert.ok((await longLived.version()).ok, "the old client talks to the new containerd");
  longLived.close();

  const restarted = supervisor.pid;
  await supervisor.stop();
  assert.ok(restarted !== undefined && !isRunning(restarted), "stopped");
  assert.equal(existsSync(paths.socket), false);
  assert.equal(existsSync(paths.pidFile), false);
});

test("start fails with containerd's own words when it cannot run", async () => {
  const broken = { ...paths, config: join(dataDir, "broken.toml"), pidFile: join(dataDir, "broken.pid") };
  await writeFile(broken.config, "version = 2\nroot = [\n");
  const supervisor = new ContainerdSupervisor({ containerd: binaries.containerd, paths: broken, log });
  await assert.rejects(supervisor.start(), /containerd exited with code 1 at start:\n.*toml/s);
  await supervisor.stop();
});

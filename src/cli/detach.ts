/**
 * `mini up --detach`: start the foreground `up` again as a background
 * process writing to `<dataDir>/mini.log`, wait until it answers /readyz,
 * then leave it running.
 */
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { ensurePki } from "../pki/index.js";
import type { Pki } from "../pki/index.js";
import { clientUrl, extraSansFor } from "./address.js";
import { EXIT, failure } from "./command.js";
import { logFilePath, makeDataDir, pidFilePath } from "./data-dir.js";
import { hasCode } from "../machinery/errors.js";
import { alreadyRunning, printReady } from "./output.js";
import { readRunningPid } from "./pid-file.js";
import { probeReadyz } from "./readyz.js";
import { selfInvocation } from "./self.js";
import type { UpSettings } from "./serve.js";

const READY_TIMEOUT_MS = 30_000;
const POLL_MS = 100;
const LOG_TAIL_LINES = 20;

export async function detach(settings: UpSettings): Promise<number> {
  const { dataDir, host } = settings;
  await makeDataDir(dataDir);
  const holder = await readRunningPid(pidFilePath(dataDir));
  if (holder !== undefined) return failure("up", alreadyRunning(dataDir, holder));
  // Made here, before the child starts, so the two never race to create it; the child reuses it.
  const ensured = await ensurePki(dataDir, { extraSans: extraSansFor(host) });
  if (!ensured.ok) return failure("up", ensured.error.message);

  // The parent must know the port to probe it, so it picks the free one itself.
  const port = settings.port === 0 ? await freePort(host) : settings.port;
  const logPath = logFilePath(dataDir);
  const logStart = await fileSize(logPath);
  const logFd = openSync(logPath, "a", 0o600);
  const self = selfInvocation();
  const verbose = settings.verbosity > 0 ? [`-${"v".repeat(settings.verbosity)}`] : [];
  const child = spawn(
    self.command,
    [...self.args, "up", "--data-dir", dataDir, "--host", host, "--port", String(port), ...verbose, ...(settings.forwardedArgs ?? [])],
    // detached: its own session, so closing this terminal does not hang it up.
    { detached: true, stdio: ["ignore", logFd, logFd] },
  );
  closeSync(logFd);

  let ended: string | undefined;
  child.once("exit", (code, signal) => {
    ended = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
  });
  child.once("error", (error) => {
    ended = `could not start: ${error.message}`;
  });

  const url = clientUrl(host, port);
  const outcome = await waitUntilReady(url, ensured.value.pki, () => ended);
  if (outcome === "ready") {
    child.unref();
    printReady({ elapsedMs: performance.now(), url, dataDir });
    return EXIT.ok;
  }
  if (ended === undefined) child.kill("SIGTERM");
  const tail = await readTail(logPath, logStart);
  return failure("up", `mini ${outcome}; the last lines of ${logPath}:\n${tail}`);
}

/** "ready", or why waiting stopped. */
async function waitUntilReady(url: string, pki: Pki, ended: () => string | undefined): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const exit = ended();
    if (exit !== undefined) return exit;
    const readiness = await probeReadyz(url, { pki, timeoutMs: 1000 });
    if (readiness.ready) return "ready";
    if (Date.now() >= deadline) {
      return `was not ready after ${READY_TIMEOUT_MS / 1000}s (${readiness.reason}) and was stopped`;
    }
    await delay(POLL_MS);
  }
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error: unknown) {
    if (hasCode(error, "ENOENT")) return 0;
    throw error;
  }
}

/** The last lines written to `path` after byte `from`: this start's output only. */
async function readTail(path: string, from: number): Promise<string> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const buffer = Buffer.alloc(Math.max(0, size - from));
    await file.read(buffer, 0, buffer.length, from);
    const text = buffer.toString("utf8").trimEnd();
    if (text === "") return "  (nothing)";
    return text.split("\n").slice(-LOG_TAIL_LINES).map((line) => `  ${line}`).join("\n");
  } finally {
    await file.close();
  }
}

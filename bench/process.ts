/**
 * A `mini up` process for benchmarks that need the server on its own (its
 * start time, its resident memory, its CPU profile): which executable to
 * run, a free port, waiting for /readyz, RSS from /proc, and a clean stop.
 *
 * MINI_BIN picks the executable, as in the e2e tests; MINI_BENCH_CPU_PROF=dir
 * starts it with `node --cpu-prof`, writing the profile into dir at exit.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { request } from "node:https";
import { createServer } from "node:net";
import type { Credentials } from "./client.js";
import { cpuSeconds, rssMiB } from "./proc.js";

const ROOT = resolve(__dirname, "..");

/**
 * MINI_BIN when set; else the single executable when it has been built (`npm run build`), since that
 * is what users run; else the bundled CommonJS file; else the development shim (slower to start: it
 * compiles TypeScript as it loads).
 */
export function miniCommand(): { command: string; args: string[]; label: string } {
  const wanted = process.env["MINI_BIN"];
  if (wanted) return { command: resolve(ROOT, wanted), args: [], label: wanted };
  const binary = join(ROOT, "dist", "mini");
  if (existsSync(binary)) return { command: binary, args: [], label: "dist/mini" };
  const bundle = join(ROOT, "dist", "mini.cjs");
  if (existsSync(bundle)) return { command: process.execPath, args: [bundle], label: "node dist/mini.cjs" };
  return { command: join(ROOT, "bin", "mini"), args: [], label: "bin/mini (tsx)" };
}

/**
 * With MINI_BENCH_CPU_PROF set, the same command run by `node --cpu-prof` (Node refuses that flag in
 * NODE_OPTIONS, so it must come first on the command line, which needs a JavaScript entry).
 */
function profiled(mini: { command: string; args: string[] }): { command: string; args: string[] } {
  const profileDir = process.env["MINI_BENCH_CPU_PROF"];
  if (!profileDir) return mini;
  const flags = ["--cpu-prof", `--cpu-prof-dir=${resolve(profileDir)}`];
  if (mini.command === process.execPath) return { command: process.execPath, args: [...flags, ...mini.args] };
  if (readFileSync(mini.command).subarray(0, 2).toString() !== "#!") {
    throw new Error(`MINI_BENCH_CPU_PROF needs a JavaScript entry, not ${mini.command}: set MINI_BIN=bin/mini`);
  }
  return { command: process.execPath, args: [...flags, mini.command, ...mini.args] };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("No port"))));
    });
  });
}

/** The admin credentials `mini up` wrote, once it has written them all (read again until /readyz answers, in case one was half written). */
function credentialsIn(dataDir: string): Credentials | undefined {
  const files = ["ca.crt", "admin.crt", "admin.key"].map((name) => join(dataDir, "pki", name));
  if (!files.every((file) => existsSync(file))) return undefined;
  const [ca = "", cert = "", key = ""] = files.map((file) => readFileSync(file, "utf8"));
  return { ca, cert, key };
}

function readyz(port: number, credentials: Credentials): Promise<boolean> {
  return new Promise((done) => {
    const req = request({ host: "127.0.0.1", port, path: "/readyz", ...credentials, agent: false }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on("error", () => done(false));
    req.end();
  });
}

export interface MiniProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly credentials: Credentials;
  /** From spawn to the first 200 from /readyz. */
  readonly readyMs: number;
  /** The server's resident memory now. */
  rssMiB(): number;
  /**
   * CPU time the server has used so far (user + system, all threads). On a machine shared with other
   * work, CPU per unit of work varies far less than wall-clock rates do.
   */
  cpuSeconds(): number;
  /** SIGTERM, then waits for the exit (and so for a CPU profile to be written). */
  stop(): Promise<void>;
}

/** Spawns `mini up --data-dir <dataDir> --port <free> ...extraArgs` and waits until /readyz answers 200. */
export async function startMiniProcess(dataDir: string, extraArgs: readonly string[] = []): Promise<MiniProcess> {
  const { command, args } = profiled(miniCommand());
  const port = await freePort();
  const start = performance.now();
  const child = spawn(command, [...args, "up", "--data-dir", dataDir, "--port", String(port), ...extraArgs], { stdio: "ignore" });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const deadline = Date.now() + 60_000;
  let credentials: Credentials | undefined;
  try {
    while (!(credentials = credentialsIn(dataDir)) || !(await readyz(port, credentials))) {
      if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) throw new Error(`mini did not become ready (exit ${child.exitCode})`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } catch (error: unknown) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    child,
    url: `https://127.0.0.1:${port}`,
    credentials,
    readyMs: performance.now() - start,
    rssMiB: () => rssMiB(child.pid ?? 0),
    cpuSeconds: () => cpuSeconds(child.pid ?? 0),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * `mini up` to a 200 from /readyz, and the resident memory of the idle
 * process afterwards. Runs the single executable when it has been built
 * (`npm run build`), since that is what users run; otherwise the bundled
 * CommonJS file, otherwise the development shim (slower: it compiles
 * TypeScript at start).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { request } from "node:https";
import { createServer } from "node:net";

const ROOT = resolve(__dirname, "..");

export function miniCommand(): { command: string; args: string[]; label: string } {
  const binary = join(ROOT, "dist", "mini");
  if (existsSync(binary)) return { command: binary, args: [], label: "dist/mini" };
  const bundle = join(ROOT, "dist", "mini.cjs");
  if (existsSync(bundle)) return { command: process.execPath, args: [bundle], label: "node dist/mini.cjs" };
  return { command: join(ROOT, "bin", "mini"), args: [], label: "bin/mini (tsx)" };
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

function readyz(port: number, dataDir: string): Promise<boolean> {
  const pki = join(dataDir, "pki");
  if (!existsSync(join(pki, "admin.key"))) return Promise.resolve(false);
  return new Promise((done) => {
    const req = request({ host: "127.0.0.1", port, path: "/readyz", ca: readFileSync(join(pki, "ca.crt")), cert: readFileSync(join(pki, "admin.crt")), key: readFileSync(join(pki, "admin.key")), agent: false }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on("error", () => done(false));
    req.end();
  });
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? "NaN");
  return kb / 1024;
}

async function timeToReady(dataDir: string): Promise<{ ms: number; child: ChildProcess; port: number }> {
  const { command, args } = miniCommand();
  const port = await freePort();
  const start = performance.now();
  const child = spawn(command, [...args, "up", "--data-dir", dataDir, "--port", String(port)], { stdio: "ignore" });
  const deadline = Date.now() + 30_000;
  while (!(await readyz(port, dataDir))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`mini did not become ready (exit ${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return { ms: performance.now() - start, child, port };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });
}

export async function benchStartup(): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), "mini-start-"));
  try {
    const first = await timeToReady(dataDir);
    await stop(first.child);
    const runs: number[] = [];
    let idleRss = Number.NaN;
    for (let i = 0; i < 3; i++) {
      const again = await timeToReady(dataDir);
      runs.push(again.ms);
      if (i === 0) {
        await new Promise((r) => setTimeout(r, 2000));
        idleRss = rssMiB(again.child.pid ?? 0);
      }
      await stop(again.child);
    }
    runs.sort((a, b) => a - b);
    return {
      "mini up to /readyz, new data dir (ms)": first.ms,
      "mini up to /readyz, existing data dir, median of 3 (ms)": runs[1] ?? Number.NaN,
      "idle RSS after start (MiB)": idleRss,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

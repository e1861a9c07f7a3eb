/**
 * The `mini` commands a user types: `up` in the foreground (readiness line, kubeconfig), `down`,
 * `up --detach` and `status`. A smoke file: `npm test` also runs it against the bin/mini shim.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  freePort,
  miniBinary,
  rawHttps,
  readCredentials,
  runProcess,
  startMini,
  waitUntil,
  type Mini,
} from "../harness.js";

let foreground: Mini | undefined;
let detachedDir: string | undefined;
let detachedPid: number | undefined;

after(async () => {
  await foreground?.dispose();
  if (detachedPid !== undefined && alive(detachedPid)) process.kill(detachedPid, "SIGKILL");
  if (detachedDir !== undefined) await rm(detachedDir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function mini(args: string[], home: string) {
  return runProcess(miniBinary(), args, { env: { ...process.env, HOME: home, KUBECONFIG: "" }, timeoutMs: 60_000 });
}

test("mini up prints a readiness line naming the kubeconfig path", async (t) => {
  foreground = await startMini();
  t.diagnostic(`mini up was ready after ${Math.round(foreground.startupMs)} ms (${miniBinary()})`);
  const started = foreground;
  await waitUntil("the readiness line", async () => (started.output().includes(started.kubeconfig) ? true : undefined), { timeoutMs: 3_000 });
  const { stdout } = await started.kubectl(["config", "current-context"]);
  assert.equal(stdout.trim(), "mini");
});

test("mini down --data-dir stops a foreground mini up, which exits 0", async () => {
  assert.ok(foreground, "mini up started");
  const running = foreground;
  const down = await mini(["down", "--data-dir", running.dataDir], join(running.dataDir, ".."));
  assert.equal(down.code, 0, `mini down: ${down.stdout}${down.stderr}`);
  await waitUntil("mini up to exit", async () => (running.running() ? undefined : true), { timeoutMs: 10_000 });
  const stopped = await running.stop();
  assert.equal(stopped.code, 0, `mini up exit: ${String(stopped.code)} ${String(stopped.signal)}\n${running.output()}`);
  const credentials = await running.credentials();
  await assert.rejects(rawHttps(credentials, { path: "/readyz", timeoutMs: 2_000 }), "nothing answers after mini down");
});

test("mini up --detach returns once /readyz answers, and mini down stops it", async () => {
  detachedDir = await mkdtemp(join(tmpdir(), "mini-e2e-detach-"));
  const dataDir = join(detachedDir, "data");
  const port = await freePort();
  const up = await mini(["up", "--detach", "--data-dir", dataDir, "--port", String(port)], detachedDir);
  assert.equal(up.code, 0, `mini up --detach: ${up.stdout}${up.stderr}`);

  // Ready the moment the command returns: no polling here.
  const credentials = await readCredentials(join(dataDir, "kubeconfig"), dataDir);
  const readyz = await rawHttps(credentials, { path: "/readyz" });
  assert.equal(readyz.status, 200);
  assert.equal(readyz.body.trim(), "ok");

  const pidFile = readdirSync(dataDir).find((name) => /pid/i.test(name));
  assert.ok(pidFile, `a pid file in ${dataDir}: ${readdirSync(dataDir).join(", ")}`);
  detachedPid = Number(readFileSync(join(dataDir, pidFile), "utf8").trim());
  assert.ok(Number.isInteger(detachedPid) && alive(detachedPid), `pid ${String(detachedPid)} is running`);
  assert.ok(readdirSync(dataDir).some((name) => /\.log$/.test(name)), `a log file in ${dataDir}: ${readdirSync(dataDir).join(", ")}`);

  const status = await mini(["status", "--data-dir", dataDir], detachedDir);
  assert.equal(status.code, 0, `mini status: ${status.stdout}${status.stderr}`);
  assert.match(status.stdout, new RegExp(`running|ready|${port}`, "i"));

  const down = await mini(["down", "--data-dir", dataDir], detachedDir);
  assert.equal(down.code, 0, `mini down: ${down.stdout}${down.stderr}`);
  const pid = detachedPid;
  await waitUntil(`pid ${pid} to exit`, async () => (alive(pid) ? undefined : true), { timeoutMs: 10_000 });
  await assert.rejects(rawHttps(credentials, { path: "/readyz", timeoutMs: 2_000 }));

  const after = await mini(["status", "--data-dir", dataDir], detachedDir);
  assert.ok(after.code !== 0 || /not running|stopped/i.test(after.stdout + after.stderr), `mini status after down: ${after.code} ${after.stdout}${after.stderr}`);
});

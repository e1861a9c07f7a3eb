/**
 * A smoke test of the executable a user runs: `mini up` in the foreground prints its readiness line
 * with the kubeconfig path, kubectl works through that kubeconfig, and `mini down --data-dir` stops
 * it cleanly. `npm test` also runs `*.smoke.test.ts` against the bin/mini shim when it tests
 * dist/mini. (cli.test.ts covers --detach, status, pid files and usage errors in depth.)
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, test } from "node:test";
import { miniBinary, rawHttps, runProcess, startMini, waitUntil, type Mini } from "../harness.js";

let foreground: Mini | undefined;
after(async () => {
  await foreground?.dispose();
});

test("mini up prints a readiness line naming the kubeconfig path", async (t) => {
  foreground = await startMini();
  t.diagnostic(`mini up was ready after ${Math.round(foreground.startupMs)} ms (${miniBinary()})`);
  const started = foreground;
  await waitUntil("the readiness line", async () => (started.output().includes(started.kubeconfig) ? true : undefined), { timeoutMs: 3_000 });
  const { stdout } = await started.kubectl(["config", "current-context"]);
  assert.equal(stdout.trim(), "mini");
  const namespaces = await started.kubectl(["get", "namespaces", "-o", "name"]);
  assert.match(namespaces.stdout, /^namespace\/default$/m);
});

test("mini down --data-dir stops a foreground mini up, which exits 0", async () => {
  assert.ok(foreground, "mini up started");
  const running = foreground;
  const down = await runProcess(miniBinary(), ["down", "--data-dir", running.dataDir], {
    env: { ...process.env, HOME: join(running.dataDir, ".."), KUBECONFIG: "" },
    timeoutMs: 60_000,
  });
  assert.equal(down.code, 0, `mini down: ${down.stdout}${down.stderr}`);
  await waitUntil("mini up to exit", async () => (running.running() ? undefined : true), { timeoutMs: 10_000 });
  const stopped = await running.stop();
  assert.equal(stopped.code, 0, `mini up exit: ${String(stopped.code)} ${String(stopped.signal)}\n${running.output()}`);
  const credentials = await running.credentials();
  await assert.rejects(rawHttps(credentials, { path: "/readyz", timeoutMs: 2_000 }), "nothing answers after mini down");
});

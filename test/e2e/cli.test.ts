/**
 * The real CLI as a child process (bin/mini, or the executable in MINI_BIN)
 * on a temporary data dir: what a user types, what they see, what is left
 * on disk.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { isRunning } from "../../src/cli/processes.js";

const MINI = process.env["MINI_BIN"] ?? resolve(__dirname, "../../bin/mini");
const TIMEOUT = { timeout: 90_000 };

/** Every process a test started, so none outlives the suite even when an assertion fails. */
const started = new Set<number>();
const dataDirs: string[] = [];
after(async () => {
  for (const pid of started) if (isRunning(pid)) process.kill(pid, "SIGKILL");
  await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mini-cli-"));
  dataDirs.push(dir);
  return dir;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function launch(args: readonly string[]): ChildProcess {
  const child = spawn(MINI, args, { stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid !== undefined) started.add(child.pid);
  return child;
}

/** Runs `mini <args>` to completion. */
async function mini(...args: string[]): Promise<Run> {
  const child = launch(args);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stdout, stderr };
}

/** Starts a foreground `mini up` and resolves once it has printed its readiness lines. */
interface Foreground {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
}

async function upInForeground(dataDir: string): Promise<Foreground> {
  const child = launch(["up", "--data-dir", dataDir, "--port", "0"]);
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((done, fail) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("export KUBECONFIG=")) done();
    });
    child.once("exit", (code) => fail(new Error(`mini up exited with ${code} before it was ready: ${stderr}`)));
  });
  return { child, stdout: () => stdout, stderr: () => stderr };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

const READY = /^mini is ready in \d+\.\d\ds: (https:\/\/127\.0\.0\.1:\d+)\nexport KUBECONFIG=(\S+)\n$/;

test("up --detach starts mini in the background, status reports it ready, down stops it", TIMEOUT, async () => {
  const dataDir = await newDataDir();
  const upRun = await mini("up", "--detach", "--data-dir", dataDir, "--port", "0");
  assert.equal(upRun.code, 0, upRun.stderr);
  const [, url, kubeconfig] = READY.exec(upRun.stdout) ?? assert.fail(`unexpected output: ${upRun.stdout}`);
  assert.equal(kubeconfig, join(dataDir, "kubeconfig"));
  const pid = Number(await readFile(join(dataDir, "mini.pid"), "utf8"));
  started.add(pid);
  assert.ok(isRunning(pid));
  assert.ok(await exists(join(dataDir, "mini.log")));

  const statusRun = await mini("status", "--data-dir", dataDir);
  assert.equal(statusRun.code, 0, statusRun.stdout + statusRun.stderr);
  assert.equal(
    statusRun.stdout,
    `data dir: ${dataDir}\nrunning:  yes (pid ${pid})\nurl:      ${url}\nreadyz:   ok\n`,
  );

  const downRun = await mini("down", "--data-dir", dataDir);
  assert.equal(downRun.code, 0, downRun.stderr);
  assert.equal(downRun.stdout, `mini stopped (pid ${pid})\n`);
  assert.equal(isRunning(pid), false);
  assert.equal(await exists(join(dataDir, "mini.pid")), false, "the pid file is gone");

  const stoppedStatus = await mini("status", "--data-dir", dataDir);
  assert.equal(stoppedStatus.code, 3);
  assert.equal(stoppedStatus.stdout, `data dir: ${dataDir}\nrunning:  no\n`);

  const downAgain = await mini("down", "--data-dir", dataDir, "--purge");
  assert.equal(downAgain.code, 0, downAgain.stderr);
  assert.equal(downAgain.stdout, `mini is not running (data dir ${dataDir})\nremoved ${dataDir}\n`);
  assert.equal(await exists(dataDir), false);
});

test("a foreground up serves until SIGTERM, then exits 0 and removes its pid file", TIMEOUT, async () => {
  const dataDir = await newDataDir();
  const running = await upInForeground(dataDir);
  assert.match(running.stdout(), READY);
  assert.equal(await readFile(join(dataDir, "mini.pid"), "utf8"), `${running.child.pid}\n`);
  assert.equal((await stat(join(dataDir, "kubeconfig"))).mode & 0o777, 0o600);

  running.child.kill("SIGTERM");
  const [code, signal] = (await once(running.child, "exit")) as [number | null, string | null];
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, running.stderr());
  assert.equal(await exists(join(dataDir, "mini.pid")), false);
  assert.equal(running.stderr(), "", "quiet by default");
});

test("a second up on the same data dir refuses, naming the running pid", TIMEOUT, async () => {
  const dataDir = await newDataDir();
  const running = await upInForeground(dataDir);
  const refusal =
    `mini up: mini is already running for ${dataDir} (pid ${running.child.pid}); ` +
    `stop it with: mini down --data-dir ${dataDir}\n`;
  for (const flags of [[], ["--detach"]]) {
    const second = await mini("up", "--data-dir", dataDir, "--port", "0", ...flags);
    assert.deepEqual({ code: second.code, stderr: second.stderr }, { code: 1, stderr: refusal }, flags.join(" "));
  }
  running.child.kill("SIGTERM");
  assert.deepEqual(await once(running.child, "exit"), [0, null]);
});

test("up replaces a stale pid file left by a mini that died", TIMEOUT, async () => {
  const dataDir = await newDataDir();
  const gone = spawn(process.execPath, ["-e", ""]);
  await once(gone, "exit");
  await writeFile(join(dataDir, "mini.pid"), `${gone.pid}\n`);
  const running = await upInForeground(dataDir);
  assert.equal(await readFile(join(dataDir, "mini.pid"), "utf8"), `${running.child.pid}\n`);
  running.child.kill("SIGINT");
  assert.deepEqual(await once(running.child, "exit"), [0, null]);
});

test("up --detach shows the end of mini.log when the server cannot start", TIMEOUT, async () => {
  const dataDir = await newDataDir();
  const blocker = createServer().listen(0, "127.0.0.1");
  await once(blocker, "listening");
  try {
    const port = String((blocker.address() as AddressInfo).port);
    const run = await mini("up", "--detach", "--data-dir", dataDir, "--port", port);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^mini up: mini exited with code 1; the last lines of .*mini\.log:\n/);
    assert.match(run.stderr, /EADDRINUSE/);
    assert.equal(await exists(join(dataDir, "mini.pid")), false, "the failed start left no pid file");
  } finally {
    blocker.close();
  }
});

test("status, down and kubeconfig on a data dir where mini never ran", TIMEOUT, async () => {
  const dataDir = await newDataDir();
  assert.deepEqual(await mini("status", "--data-dir", dataDir), {
    code: 3,
    stdout: `data dir: ${dataDir}\nrunning:  no\n`,
    stderr: "",
  });
  assert.deepEqual(await mini("down", "--data-dir", dataDir), {
    code: 0,
    stdout: `mini is not running (data dir ${dataDir})\n`,
    stderr: "",
  });
  const kubeconfig = await mini("kubeconfig", "--data-dir", dataDir);
  assert.equal(kubeconfig.code, 1);
  assert.match(kubeconfig.stderr, /kubeconfig does not exist; start mini first: mini up --data-dir /);
});

test("down --purge refuses a directory that is not a mini data dir", TIMEOUT, async () => {
  const dataDir = await newDataDir();
  await writeFile(join(dataDir, "thesis.tex"), "precious");
  const run = await mini("down", "--data-dir", dataDir, "--purge");
  assert.equal(run.code, 1);
  assert.match(run.stderr, /does not look like a mini data dir/);
  assert.equal(await readFile(join(dataDir, "thesis.tex"), "utf8"), "precious");
});

test("up and up --detach fail at once, with the system's error, on a data dir that cannot be created", TIMEOUT, async () => {
  // /proc cannot hold directories; Node's own recursive mkdir loops forever there.
  for (const args of [["up"], ["up", "--detach"]]) {
    const run = await mini(...args, "--data-dir", "/proc/mini-cannot-exist/data", "--port", "0");
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^mini up: ENOENT: no such file or directory, mkdir '\/proc\/mini-cannot-exist'\n$/);
  }
});

test("usage errors exit 2 with a pointer to help; --version and help exit 0", TIMEOUT, async () => {
  const cases: ReadonlyArray<{ args: string[]; code: number; stdout?: RegExp; stderr?: RegExp }> = [
    { args: ["up", "--bogus"], code: 2, stderr: /^mini up: Unknown option '--bogus'\nRun 'mini up --help' for usage\.\n$/ },
    { args: ["up", "--port", "70000"], code: 2, stderr: /^mini up: --port must be a number from 0 to 65535, not "70000"\n/ },
    { args: ["status", "extra"], code: 2, stderr: /^mini status: Unexpected argument 'extra'\n/ },
    { args: ["frobnicate"], code: 2, stderr: /^mini: unknown command "frobnicate"\nRun 'mini help' for usage\.\n$/ },
    { args: [], code: 2, stderr: /^mini: a Kubernetes-compatible cluster/ },
    { args: ["--version"], code: 0, stdout: /^mini \d+\.\d+\.\d+ \(node 20\.\d+\.\d+, \w+\/\w+\)\n$/ },
    { args: ["version"], code: 0, stdout: /^mini \d+\.\d+\.\d+ / },
    { args: ["help"], code: 0, stdout: /\n {2}up {10}Start mini/ },
    { args: ["down", "--help"], code: 0, stdout: /^Usage: mini down \[flags\]\n/ },
    { args: ["help", "kubeconfig"], code: 0, stdout: /^Usage: mini kubeconfig \[flags\]\n/ },
  ];
  const runs = await Promise.all(cases.map(({ args }) => mini(...args)));
  cases.forEach(({ args, code, stdout, stderr }, index) => {
    const run = runs[index] ?? assert.fail();
    const label = `mini ${args.join(" ")}`;
    assert.equal(run.code, code, `${label}: ${run.stderr}`);
    if (stdout) assert.match(run.stdout, stdout, label);
    if (stderr) assert.match(run.stderr, stderr, label);
  });
});

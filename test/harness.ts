/**
 * The end-to-end harness: starts the real `mini up` as a child process on a
 * temporary data dir and a free port, and drives it the way a user does, with
 * the real kubectl (and raw HTTPS for what kubectl hides).
 *
 * Environment:
 * - MINI_BIN: the executable to start (default: bin/mini, the tsx shim).
 * - KUBECTL: the kubectl to drive it with (default: `kubectl` from PATH).
 * - MINI_E2E_KEEP=1: keep each run's temporary directory for a post-mortem.
 * - MINI_E2E_START_TIMEOUT_MS: how long `mini up` may take to become ready (default 30000).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parse as parseYaml } from "yaml";

export const repoRoot = resolve(__dirname, "..");

export function fixturePath(name: string): string {
  return join(repoRoot, "fixtures", name);
}

/** The folder holding the versioned kubectl binaries of the gcloud SDK. */
export const GCLOUD_KUBECTL_DIR = "/usr/lib/google-cloud-sdk/bin";

// ---------------------------------------------------------------------------
// Processes

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

interface RunOptions {
  readonly stdin?: string | Buffer;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** @default 30000 */
  readonly timeoutMs?: number;
}

/** Every child this process started and has not seen exit: killed if the test process dies first. */
const liveChildren = new Set<ChildProcess>();
function killLiveChildren(): void {
  for (const child of liveChildren) child.kill("SIGKILL");
}
process.on("exit", killLiveChildren);
// A signal's default action skips "exit" handlers, and the test runner ends a file's process with
// SIGTERM (on a timeout, or when its own output pipe closes): clean up first, then exit as signalled.
for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130], ["SIGHUP", 129]] as const) {
  process.once(signal, () => {
    killLiveChildren();
    process.exit(code);
  });
}

function track(child: ChildProcess): void {
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
}

/** Runs a command to completion; a spawn failure (ENOENT…) rejects. */
export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    track(child);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 30_000);
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        timedOut,
      });
    });
    // A child that exits without reading stdin makes the write fail with EPIPE; its exit code tells the story.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.stdin ?? "");
  });
}

// ---------------------------------------------------------------------------
// kubectl

/** The kubectl binary the suite drives: `KUBECTL`, else `kubectl` from PATH. */
export function defaultKubectl(): string {
  return process.env["KUBECTL"] ?? "kubectl";
}

export function gcloudKubectl(minor: number): string {
  return join(GCLOUD_KUBECTL_DIR, `kubectl.1.${minor}`);
}

const checkedKubectls = new Map<string, Promise<string>>();

/**
 * Proves `binary` is a working kubectl (`kubectl version --client` exits 0) and returns its version
 * line. Throws an error that says what to install: a missing kubectl fails the suite, never skips it.
 */
export function requireKubectl(binary: string): Promise<string> {
  let checked = checkedKubectls.get(binary);
  if (checked === undefined) {
    checked = checkKubectl(binary);
    checkedKubectls.set(binary, checked);
  }
  return checked;
}

async function checkKubectl(binary: string): Promise<string> {
  const howToInstall =
    "The mini e2e tests drive the real kubectl. Install it on PATH (for example the release binary from " +
    "https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl into /usr/bin/kubectl), or set KUBECTL=/path/to/kubectl; " +
    `the versioned tests also need kubectl.1.27 and kubectl.1.33 in ${GCLOUD_KUBECTL_DIR} (the gcloud SDK's kubectl component)`;
  let result: ProcessResult;
  try {
    result = await runProcess(binary, ["version", "--client"], { timeoutMs: 20_000 });
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`kubectl "${binary}" cannot be run (${reason}). ${howToInstall}`);
  }
  if (result.code !== 0) {
    throw new Error(
      `"${binary} version --client" exited with ${String(result.code)}: ${result.stderr.trim()}. ${howToInstall}`,
    );
  }
  return result.stdout.trim().split("\n")[0] ?? "";
}

export interface KubectlOptions {
  readonly stdin?: string | Buffer;
  /** Return a failed run instead of throwing. */
  readonly allowFail?: boolean;
  /** @default 30000 */
  readonly timeoutMs?: number;
}

export interface KubectlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KubectlWatch {
  /** Lines of stdout received so far, in order. */
  readonly lines: readonly string[];
  stderr(): string;
  /** Resolves with the first line (from `from` on) that matches; rejects on timeout or exit. */
  waitForLine(match: RegExp | ((line: string) => boolean), options?: { timeoutMs?: number; from?: number }): Promise<string>;
  /** Ends the watch (SIGTERM) and resolves when kubectl has exited. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// ---------------------------------------------------------------------------
// The mini instance

export interface RawRequest {
  readonly method?: string;
  /** Path and query, e.g. `/api/v1/namespaces?limit=1`. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Which client certificate to present. @default "admin" */
  readonly auth?: "admin" | "none" | { readonly cert: string; readonly key: string };
  /** @default 15000 */
  readonly timeoutMs?: number;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface Credentials {
  readonly server: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export interface StopResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** True when the process ignored the signal for `timeoutMs` and had to be killed. */
  readonly killed: boolean;
}

export interface Mini {
  readonly dataDir: string;
  readonly kubeconfig: string;
  readonly port: number;
  /** The kubectl binary this instance is driven with. */
  readonly kubectlBinary: string;
  /** Milliseconds from spawning `mini up` to a successful `kubectl get --raw /readyz`. */
  readonly startupMs: number;
  /** Everything `mini up` printed so far (stdout and stderr, interleaved). */
  output(): string;
  /** Whether the `mini up` process is still running. */
  running(): boolean;
  kubectl(args: readonly string[], options?: KubectlOptions): Promise<KubectlResult>;
  kubectlWatch(args: readonly string[]): KubectlWatch;
  /** The kubectl arguments (kubeconfig, fresh cache dir) and environment this instance uses. */
  kubectlInvocation(args: readonly string[]): { command: string; args: string[]; env: NodeJS.ProcessEnv };
  credentials(): Promise<Credentials>;
  request(request: RawRequest): Promise<RawResponse>;
  /** SIGTERM (or `signal`), then waits up to `timeoutMs` (default 10 s) before SIGKILL. */
  stop(options?: { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<StopResult>;
  /** stop(), then removes the temporary directory (unless MINI_E2E_KEEP=1). */
  dispose(): Promise<void>;
}

export interface StartOptions {
  /** Reuse a data dir (a restart); default: a new one under a fresh temp dir. */
  readonly dataDir?: string;
  /** Default: a free port. */
  readonly port?: number;
  /** Default: defaultKubectl(). */
  readonly kubectl?: string;
  /** Extra arguments after `up --data-dir D --port P`. */
  readonly extraArgs?: readonly string[];
  /**
   * `--runtime`: "none" by default, so the control-plane suites start no containerd; node suites pass
   * "containerd"; "auto" passes no flag (mini's own default).
   */
  readonly runtime?: "none" | "containerd" | "auto";
  /** Added to `mini up`'s environment (e.g. a PATH without containerd). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The `mini` executable under test: MINI_BIN or the repository's bin/mini. */
export function miniBinary(): string {
  const wanted = process.env["MINI_BIN"];
  return wanted === undefined || wanted === "" ? join(repoRoot, "bin", "mini") : resolve(repoRoot, wanted);
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

/**
 * Starts `mini up --data-dir <tmp> --port <free>` in the foreground and returns once its kubeconfig
 * exists and `kubectl get --raw /readyz` answers `ok`.
 */
export async function startMini(options: StartOptions = {}): Promise<Mini> {
  const kubectlBinary = options.kubectl ?? defaultKubectl();
  await requireKubectl(kubectlBinary);
  const bin = miniBinary();
  if (!existsSync(bin)) {
    throw new Error(`The mini executable ${bin} does not exist (set MINI_BIN, or create bin/mini)`);
  }

  const workDir = await mkdtemp(join(tmpdir(), "mini-e2e-"));
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? join(workDir, "data");
  const home = join(workDir, "home");
  await mkdir(home, { recursive: true });
  const port = options.port ?? (await freePort());
  const kubeconfig = join(dataDir, "kubeconfig");

  const started = performance.now();
  const runtime = options.runtime ?? "none";
  const runtimeArgs = runtime === "auto" ? [] : ["--runtime", runtime];
  const child = spawn(bin, ["up", "--data-dir", dataDir, "--port", String(port), ...runtimeArgs, ...(options.extraArgs ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env, HOME: home, KUBECONFIG: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  track(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolvePromise) => {
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolvePromise();
    });
    child.once("error", (error) => {
      spawnError = error;
      exit ??= { code: null, signal: null };
      resolvePromise();
    });
  });

  let cacheCounter = 0;
  const kubectlInvocation = (args: readonly string[]) => {
    cacheCounter += 1;
    return {
      command: kubectlBinary,
      // A fresh discovery cache per command, so no run's discovery leaks into another's.
      args: [`--kubeconfig=${kubeconfig}`, `--cache-dir=${join(workDir, "kubectl-cache", String(cacheCounter))}`, ...args],
      env: { ...process.env, HOME: home, KUBECONFIG: "" },
    };
  };

  const kubectl = async (args: readonly string[], kubectlOptions: KubectlOptions = {}): Promise<KubectlResult> => {
    const invocation = kubectlInvocation(args);
    const result = await runProcess(invocation.command, invocation.args, {
      env: invocation.env,
      timeoutMs: kubectlOptions.timeoutMs ?? 30_000,
      ...(kubectlOptions.stdin === undefined ? {} : { stdin: kubectlOptions.stdin }),
    });
    if (result.timedOut) {
      throw new Error(`kubectl ${args.join(" ")} timed out\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
    }
    if (result.code !== 0 && kubectlOptions.allowFail !== true) {
      throw new Error(
        `kubectl ${args.join(" ")} exited with ${String(result.code)}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
      );
    }
    return { code: result.code, stdout: result.stdout, stderr: result.stderr };
  };

  let credentials: Promise<Credentials> | undefined;
  const getCredentials = () => (credentials ??= readCredentials(kubeconfig, dataDir));

  const mini: Mini = {
    dataDir,
    kubeconfig,
    port,
    kubectlBinary,
    startupMs: 0,
    output: () => output,
    running: () => exit === undefined,
    kubectl,
    kubectlWatch: (args) => startWatch(kubectlInvocation(args)),
    kubectlInvocation,
    credentials: getCredentials,
    request: async (raw) => rawHttps(await getCredentials(), raw),
    stop: async ({ signal = "SIGTERM", timeoutMs = 10_000 } = {}) => {
      if (exit === undefined) {
        child.kill(signal);
        const inTime = await settlesWithin(exited, timeoutMs);
        if (!inTime) {
          child.kill("SIGKILL");
          await exited;
          return { ...(exit ?? { code: null, signal: null }), killed: true };
        }
      }
      return { ...(exit ?? { code: null, signal: null }), killed: false };
    },
    dispose: async () => {
      await mini.stop();
      if (process.env["MINI_E2E_KEEP"] === "1") {
        console.error(`MINI_E2E_KEEP: kept ${workDir}`);
        return;
      }
      await rm(workDir, { recursive: true, force: true });
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };

  // Wait for readiness: the kubeconfig, then /readyz over raw HTTPS (cheap to poll), then through kubectl.
  const timeoutMs = Number(process.env["MINI_E2E_START_TIMEOUT_MS"] ?? 30_000);
  const deadline = started + timeoutMs;
  let lastProblem = "the kubeconfig was never written";
  for (;;) {
    if (exit !== undefined) {
      const how = spawnError !== undefined ? `could not be started (${spawnError.message})` : `exited (code ${String(exit.code)}, signal ${String(exit.signal)})`;
      await rm(workDir, { recursive: true, force: true });
      throw new Error(`mini up ${how} before it was ready; its output:\n${output}`);
    }
    if (performance.now() > deadline) {
      await mini.dispose();
      throw new Error(`mini up was not ready after ${timeoutMs} ms (${lastProblem}); its output:\n${output}`);
    }
    if (existsSync(kubeconfig)) {
      try {
        credentials = readCredentials(kubeconfig, dataDir);
        const response = await rawHttps(await credentials, { path: "/readyz", timeoutMs: 2_000 });
        if (response.status === 200) break;
        lastProblem = `/readyz answered ${response.status}: ${response.body.slice(0, 200)}`;
      } catch (error: unknown) {
        credentials = undefined;
        lastProblem = error instanceof Error ? error.message : String(error);
      }
    }
    await sleep(25);
  }
  const readyz = await kubectl(["get", "--raw", "/readyz"], { allowFail: true });
  if (readyz.code !== 0 || readyz.stdout.trim() !== "ok") {
    await mini.dispose();
    throw new Error(
      `/readyz answered raw HTTPS but "kubectl get --raw /readyz" did not print ok (exit ${String(readyz.code)}):\n` +
        `${readyz.stdout}${readyz.stderr}\nmini output:\n${output}`,
    );
  }
  return { ...mini, startupMs: performance.now() - started };
}

function startWatch(invocation: { command: string; args: string[]; env: NodeJS.ProcessEnv }): KubectlWatch {
  const child = spawn(invocation.command, invocation.args, { cwd: repoRoot, env: invocation.env, stdio: ["ignore", "pipe", "pipe"] });
  track(child);
  const lines: string[] = [];
  let partial = "";
  let stderr = "";
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  child.stdout.on("data", (chunk: Buffer) => {
    const parts = (partial + chunk.toString("utf8")).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
    notify();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolvePromise) => {
    child.once("close", (code, signal) => {
      if (partial !== "") lines.push(partial);
      partial = "";
      exit = { code, signal };
      notify();
      resolvePromise();
    });
  });
  return {
    lines,
    stderr: () => stderr,
    waitForLine: (match, { timeoutMs = 10_000, from = 0 } = {}) => {
      const test = typeof match === "function" ? match : (line: string) => match.test(line);
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          const found = lines.slice(from).find(test);
          if (found !== undefined) {
            done();
            resolvePromise(found);
          } else if (exit !== undefined) {
            done();
            reject(new Error(`kubectl ${invocation.args.slice(2).join(" ")} exited (${String(exit.code)}) before printing ${String(match)}\nlines: ${JSON.stringify(lines)}\nstderr: ${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`No line matching ${String(match)} within ${timeoutMs} ms\nlines: ${JSON.stringify(lines)}\nstderr: ${stderr}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    stop: async () => {
      if (exit === undefined) child.kill("SIGTERM");
      await exited;
      return exit ?? { code: null, signal: null };
    },
  };
}

// ---------------------------------------------------------------------------
// Raw HTTPS

interface KubeconfigFile {
  clusters?: { name?: string; cluster?: Record<string, unknown> }[];
  users?: { name?: string; user?: Record<string, unknown> }[];
  contexts?: { name?: string; context?: { cluster?: string; user?: string } }[];
  "current-context"?: string;
}

/** Reads the server URL and the admin credentials from the kubeconfig, falling back to `<dataDir>/pki/`. */
export async function readCredentials(kubeconfigPath: string, dataDir: string): Promise<Credentials> {
  const config = parseYaml(await readFile(kubeconfigPath, "utf8")) as KubeconfigFile | null;
  if (config === null || typeof config !== "object") throw new Error(`${kubeconfigPath} is not a kubeconfig`);
  const contextName = config["current-context"];
  const context = config.contexts?.find((entry) => entry.name === contextName)?.context;
  const cluster = config.clusters?.find((entry) => entry.name === context?.cluster)?.cluster ?? config.clusters?.[0]?.cluster;
  const user = config.users?.find((entry) => entry.name === context?.user)?.user ?? config.users?.[0]?.user;
  const server = cluster?.["server"];
  if (typeof server !== "string") throw new Error(`${kubeconfigPath} names no server`);
  const base = dirname(kubeconfigPath);
  const pki = join(dataDir, "pki");
  const pick = async (entry: Record<string, unknown> | undefined, field: string, fallback: string): Promise<string> => {
    const data = entry?.[`${field}-data`];
    if (typeof data === "string") return Buffer.from(data, "base64").toString("utf8");
    const file = entry?.[field];
    if (typeof file === "string") return readFile(resolve(base, file), "utf8");
    return readFile(join(pki, fallback), "utf8");
  };
  return {
    server,
    ca: await pick(cluster, "certificate-authority", "ca.crt"),
    cert: await pick(user, "client-certificate", "admin.crt"),
    key: await pick(user, "client-key", "admin.key"),
  };
}

export function rawHttps(credentials: Credentials, raw: RawRequest): Promise<RawResponse> {
  const url = new URL(raw.path, credentials.server);
  const auth = raw.auth ?? "admin";
  const clientCert =
    auth === "none" ? {} : auth === "admin" ? { cert: credentials.cert, key: credentials.key } : { cert: auth.cert, key: auth.key };
  const body = raw.body === undefined ? undefined : Buffer.isBuffer(raw.body) ? raw.body : Buffer.from(raw.body, "utf8");
  return new Promise((resolvePromise, reject) => {
    const req = httpsRequest(
      url,
      {
        method: raw.method ?? "GET",
        ca: credentials.ca,
        ...clientCert,
        agent: false,
        headers: {
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Length": String(body.length) }),
          ...raw.headers,
        },
        timeout: raw.timeoutMs ?? 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${raw.method ?? "GET"} ${raw.path} timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Parses a response body that must be JSON, with the body in the error if it is not. */
export function jsonOf(response: RawResponse): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(response.body);
    if (typeof value !== "object" || value === null) throw new Error("not an object");
    return value as Record<string, unknown>;
  } catch {
    throw new Error(`Expected a JSON object, got HTTP ${response.status}: ${response.body.slice(0, 500)}`);
  }
}

// ---------------------------------------------------------------------------
// Output helpers

export interface Table {
  readonly headers: string[];
  readonly rows: Record<string, string>[];
}

/**
 * Parses kubectl's column output (one table per blank-line-separated block) by the header's column
 * positions, so empty cells (such as NAMESPACE for cluster-scoped rows) stay empty.
 */
export function parseTables(text: string): Table[] {
  const blocks = text.split(/\n\s*\n/).map((block) => block.split("\n").filter((line) => line.trim() !== ""));
  return blocks
    .filter((block) => block.length > 0)
    .map((block) => {
      const [header = "", ...body] = block;
      // Columns are at least three spaces apart; a single space belongs to a header ("NOMINATED NODE").
      const starts = [...header.matchAll(/\S+(?: \S+)*/g)].map((match) => ({ name: match[0], at: match.index ?? 0 }));
      const rows = body.map((line) => {
        const row: Record<string, string> = {};
        starts.forEach((column, index) => {
          const end = starts[index + 1]?.at ?? line.length;
          row[column.name] = line.slice(column.at, end).trim();
        });
        return row;
      });
      return { headers: starts.map((column) => column.name), rows };
    });
}

/** The only table in `text`; fails when there is not exactly one. */
export function parseTable(text: string): Table {
  const tables = parseTables(text);
  if (tables.length !== 1) throw new Error(`Expected one table, found ${tables.length} in:\n${text}`);
  return tables[0] as Table;
}

/**
 * Whether `promise` settles within `ms`. The timer is cleared either way: a pending timer would keep
 * the test file's process (and so the whole run) alive until it fires.
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolvePromise) => {
    timer = setTimeout(() => resolvePromise(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  { timeoutMs = 15_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** GET `path` over raw HTTPS with the admin certificate; a non-200 answer throws with its body. */
export async function apiGet<T = Record<string, unknown>>(mini: Mini, path: string): Promise<T> {
  const response = await mini.request({ path });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.body.slice(0, 400)}`);
  return jsonOf(response) as T;
}

/** `kubectl … -o json`, parsed. */
export async function kubectlJson(mini: Mini, args: readonly string[]): Promise<Record<string, unknown>> {
  const result = await mini.kubectl([...args, "-o", "json"]);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/**
 * A fingerprint of everything a bad request could have touched: every namespace, configmap, secret,
 * service and deployment, by uid, generation and a digest of its content (metadata that users set,
 * spec and data), read over raw HTTPS. Status is left out, and so is the resourceVersion, which a
 * controller's status write moves.
 */
export async function snapshot(mini: Mini): Promise<string[]> {
  const lists = ["/api/v1/namespaces", "/api/v1/configmaps", "/api/v1/secrets", "/api/v1/services", "/apis/apps/v1/deployments"];
  const entries: string[] = [];
  for (const path of lists) {
    const response = await mini.request({ path });
    // A kind the server does not serve cannot have changed; other tests catch its absence.
    if (response.status === 404) {
      entries.push(`${path} not served`);
      continue;
    }
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.body.slice(0, 300)}`);
    const items = (jsonOf(response)["items"] ?? []) as Record<string, unknown>[];
    for (const item of items) {
      const meta = (item["metadata"] ?? {}) as Record<string, unknown>;
      const content = JSON.stringify([
        meta["labels"], meta["annotations"], meta["finalizers"], meta["deletionTimestamp"],
        item["spec"], item["data"], item["binaryData"],
      ]);
      const digest = createHash("sha256").update(content).digest("hex").slice(0, 12);
      entries.push(
        `${path} ${String(meta["namespace"] ?? "")}/${String(meta["name"])} uid=${String(meta["uid"])} ` +
          `generation=${String(meta["generation"] ?? "-")} content=${digest}`,
      );
    }
  }
  return entries.sort();
}

/**
 * A multi-document stream for kubectl's stdin: each document as JSON (quoted strings, so YAML 1.1's
 * `y`/`on`/`no` booleans cannot bite), after a leading `---` so kubectl reads the stream as YAML.
 */
export function manifest(...objects: readonly object[]): string {
  return objects.map((object) => `---\n${JSON.stringify(object)}\n`).join("");
}

/** Creates namespaces with `kubectl apply` (JSON), not `kubectl create namespace` (protobuf). */
export async function createNamespaces(mini: Mini, ...names: readonly string[]): Promise<void> {
  await mini.kubectl(["apply", "-f", "-"], {
    stdin: manifest(...names.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } }))),
  });
}

/**
 * Runs a mini's own containerd: starts it as a child in its own session (a
 * Ctrl-C meant for mini must not kill it before mini stops the pods), waits
 * until it answers, restarts it with back-off when it dies, and stops it
 * (SIGTERM, then SIGKILL after a grace period) on close.
 *
 * Its pid is kept in a file: after a crash of mini (kill -9) the containerd it
 * started is still running with the pods, and the next start adopts it
 * instead of starting a second one on the same root.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";
import { hasCode, messageOf } from "../machinery/errors.js";
import { isRunning, waitForExit } from "../cli/processes.js";
import type { Logger } from "../log.js";
import { loadCriClient } from "./cri-module.js";
import type { ContainerdPaths } from "./paths.js";

export interface SupervisorOptions {
  readonly containerd: string;
  readonly paths: ContainerdPaths;
  readonly log: Logger;
  /** How long containerd may take to answer after a start. @default 15000 */
  readonly startTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL on close. @default 10000 */
  readonly stopGraceMs?: number;
}

/** Restart back-off: 1 s doubling to 30 s; a containerd that ran a minute starts over at 1 s. */
const BACKOFF = { firstMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 } as const;
/** containerd answers 50–150 ms after its spawn; a finer poll would only spin. */
const POLL_MS = 10;
/** An adopted containerd is not our child: we see it die only by looking. */
const ADOPTED_POLL_MS = 1_000;

export class ContainerdSupervisor {
  readonly #options: SupervisorOptions;
  #pid: number | undefined;
  #stopping = false;
  #backoffMs: number = BACKOFF.firstMs;
  #restartTimer: NodeJS.Timeout | undefined;
  #adoptedWatch: NodeJS.Timeout | undefined;
  /** True when this start found a containerd from an earlier mini and kept it. */
  adopted = false;

  constructor(options: SupervisorOptions) {
    this.#options = options;
  }

  get pid(): number | undefined {
    return this.#pid;
  }

  /**
   * Adopts our earlier containerd or starts one, and resolves once it answers CRI calls.
   * The spawn happens before the first await, so a caller that goes on with other work
   * (building the API server) has containerd starting on another core meanwhile.
   */
  async start(): Promise<void> {
    try {
      const previous = this.#previousPid();
      if (previous !== undefined) {
        this.#pid = previous;
        this.adopted = true;
        this.#options.log.info("adopting running containerd", { pid: previous });
        await this.#waitReady(undefined);
        this.#watchAdopted();
        return;
      }
      await this.#waitReady(await this.#launch());
    } catch (error: unknown) {
      // A start that failed must not leave a restart loop or a half-started containerd behind.
      await this.stop();
      throw error;
    }
  }

  /** Stops containerd: SIGTERM, SIGKILL after the grace period; removes its pid file and sockets. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    clearInterval(this.#adoptedWatch);
    const pid = this.#pid;
    // Polled (waitForExit), not awaited through "exit": the same for an adopted containerd.
    if (pid !== undefined && isRunning(pid)) {
      process.kill(pid, "SIGTERM");
      if (!(await waitForExit(pid, this.#options.stopGraceMs ?? 10_000))) {
        this.#options.log.warn("containerd did not stop in time; killing it", { pid });
        process.kill(pid, "SIGKILL");
        await waitForExit(pid, 5_000);
      }
    }
    const { paths } = this.#options;
    await Promise.all([rm(paths.pidFile, { force: true }), rm(paths.socket, { force: true }), rm(paths.ttrpcSocket, { force: true })]);
    this.#options.log.info("containerd stopped", { pid });
  }

  /** Spawns containerd and records its pid; from then on its exit schedules a restart. */
  async #launch(): Promise<ChildProcess> {
    const { paths, log } = this.#options;
    const logFd = openSync(paths.log, "a");
    let child: ChildProcess;
    try {
      child = spawn(this.#options.containerd, ["--config", paths.config], { detached: true, stdio: ["ignore", logFd, logFd] });
    } finally {
      closeSync(logFd);
    }
    const pid = await new Promise<number>((resolve, reject) => {
      child.once("spawn", () => resolve(child.pid ?? -1));
      child.once("error", reject);
    });
    const startedAt = Date.now();
    child.once("exit", (code, signal) => this.#onExit({ code, signal, ranMs: Date.now() - startedAt }));
    this.#pid = pid;
    await writeFile(paths.pidFile, `${pid}\n`);
    log.info("containerd started", { pid, log: paths.log });
    return child;
  }

  #onExit(how: { code: number | null; signal: NodeJS.Signals | null; ranMs: number }): void {
    if (this.#stopping) return;
    if (how.ranMs >= BACKOFF.resetAfterMs) this.#backoffMs = BACKOFF.firstMs;
    const delayMs = this.#backoffMs;
    this.#backoffMs = Math.min(this.#backoffMs * 2, BACKOFF.maxMs);
    this.#options.log.warn("containerd exited; restarting", { code: how.code, signal: how.signal, inMs: delayMs, log: this.#options.paths.log });
    this.#restartTimer = setTimeout(() => void this.#restart(), delayMs);
  }

  async #restart(): Promise<void> {
    let child: ChildProcess;
    try {
      child = await this.#launch();
    } catch (error: unknown) {
      // No process, so no exit event will come: schedule the next try here.
      this.#options.log.error("containerd restart failed", { error: messageOf(error) });
      this.#onExit({ code: null, signal: null, ranMs: 0 });
      return;
    }
    try {
      await this.#waitReady(child);
    } catch (error: unknown) {
      // If it exited, its exit handler has scheduled the next try; if it hangs, it may still come up.
      this.#options.log.error("restarted containerd is not answering", { error: messageOf(error) });
    }
  }

  #watchAdopted(): void {
    this.#adoptedWatch = setInterval(() => {
      const pid = this.#pid;
      if (pid === undefined || isRunning(pid)) return;
      clearInterval(this.#adoptedWatch);
      this.#onExit({ code: null, signal: null, ranMs: 0 });
    }, ADOPTED_POLL_MS);
    this.#adoptedWatch.unref();
  }

  /**
   * Polls CRI Version until containerd answers; fails early if the child exits.
   * A fresh client per attempt: a gRPC channel that failed to connect waits
   * out a reconnect back-off (1 s) before trying again.
   */
  async #waitReady(child: ChildProcess | undefined): Promise<void> {
    const { paths } = this.#options;
    const timeoutMs = this.#options.startTimeoutMs ?? 15_000;
    const deadline = Date.now() + timeoutMs;
    const { CriClient } = await loadCriClient();
    for (;;) {
      const cri = existsSync(paths.socket) ? CriClient.connect(paths.socket) : undefined;
      const answer = await cri?.version({ timeoutMs: 500 });
      cri?.close();
      if (answer?.ok === true) return;
      if (child !== undefined && child.exitCode !== null) {
        throw new Error(`containerd exited with code ${child.exitCode} at start:\n${await logTail(paths.log)}`);
      }
      if (Date.now() > deadline) {
        const why = answer === undefined ? "no socket" : answer.ok ? "" : answer.error.message;
        throw new Error(`containerd did not answer on ${paths.socket} within ${timeoutMs / 1000}s (${why}); see ${paths.log}`);
      }
      await delay(POLL_MS);
    }
  }

  /** The pid in our pid file when it is a live containerd running our config (read synchronously: see start()). */
  #previousPid(): number | undefined {
    let text: string;
    try {
      text = readFileSync(this.#options.paths.pidFile, "utf8");
    } catch (error: unknown) {
      if (hasCode(error, "ENOENT")) return undefined; // no earlier containerd recorded
      throw error;
    }
    const pid = Number(text.trim());
    if (!Number.isSafeInteger(pid) || pid <= 0 || !isRunning(pid)) return undefined;
    return commandLineOf(pid).includes(this.#options.paths.config) ? pid : undefined;
  }
}

/** A process's argv joined by spaces ("" if it is gone), to tell our containerd from a reused pid. */
function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return ""; // exited meanwhile: not ours to adopt
  }
}

/** The end of containerd's log for an error message; an unreadable log just leaves it out. */
async function logTail(path: string, lines = 10): Promise<string> {
  const text = await readFile(path, "utf8").catch((error: unknown) => `(cannot read ${path}: ${messageOf(error)})`);
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * Container log rotation, as upstream's container log manager: every
 * containerLogMonitorInterval each running container's CRI log file is
 * checked, and one at containerLogMaxSize or more is rotated: leftovers of
 * an interrupted rotation are removed, the oldest rotated files go so at
 * most containerLogMaxFiles remain, the older rotated ones are gzipped, and
 * the current file is renamed `<log>.<YYYYMMDD-hhmmss>` before the runtime
 * reopens it (ReopenContainerLog). The newest rotated file stays
 * uncompressed, so a reader following it can finish; `kubectl logs` reads
 * the current file, as upstream.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { Logger } from "../log.js";
import { MANAGED_LABEL, MANAGED_VALUE } from "./labels.js";
import type { KubeletRuntime } from "./runtime.js";
import { isMissingFile } from "../machinery/errors.js";

export interface RotationPolicy {
  readonly maxSizeBytes: number;
  readonly maxFiles: number;
  readonly monitorIntervalMs: number;
  readonly maxWorkers: number;
}

const COMPRESS_SUFFIX = ".gz";
const TMP_SUFFIX = ".tmp";

/** Go's "20060102-150405" in local time, upstream's suffix for a rotated log. */
export function rotationStamp(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
}

/**
 * What to do with the rotated files of one log (`<log>.*`, names only)
 * before the current file is rotated: remove temporaries, uncompressed
 * copies of compressed files and the oldest beyond maxFiles - 2 (the current
 * file and the one about to be rotated make up the rest), then compress the
 * rest that is not compressed yet.
 */
export function planRotation(rotated: readonly string[], maxFiles: number): { remove: string[]; compress: string[] } {
  const unused = rotated.filter((name) => name.endsWith(TMP_SUFFIX) || (!name.endsWith(COMPRESS_SUFFIX) && rotated.includes(`${name}${COMPRESS_SUFFIX}`)));
  const inUse = rotated.filter((name) => !unused.includes(name)).sort();
  const keep = Math.max(0, maxFiles - 2);
  const excess = inUse.slice(0, Math.max(0, inUse.length - keep));
  const kept = inUse.slice(excess.length);
  return { remove: [...unused, ...excess], compress: kept.filter((name) => !name.endsWith(COMPRESS_SUFFIX)) };
}

async function compress(path: string): Promise<void> {
  const tmp = `${path}${TMP_SUFFIX}`;
  try {
    await pipeline(createReadStream(path), createGzip(), createWriteStream(tmp));
    await rename(tmp, `${path}${COMPRESS_SUFFIX}`);
  } finally {
    await rm(tmp, { force: true });
  }
  await rm(path);
}

export class LogRotator {
  readonly #runtime: KubeletRuntime;
  readonly #policy: RotationPolicy;
  readonly #log: Logger;

  constructor(runtime: KubeletRuntime, policy: RotationPolicy, log: Logger) {
    this.#runtime = runtime;
    this.#policy = policy;
    this.#log = log;
  }

  start(signal: AbortSignal): void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.rotateAll()
        .catch((error: unknown) => this.#log.warn("failed to rotate container logs", { error: String(error) }))
        .finally(() => {
          running = false;
        });
    }, this.#policy.monitorIntervalMs);
    timer.unref();
    signal.addEventListener("abort", () => clearInterval(timer), { once: true });
  }

  /** One check of every running container of ours, maxWorkers at a time. */
  async rotateAll(): Promise<void> {
    const containers = await this.#runtime.listContainers({ labelSelector: { [MANAGED_LABEL]: MANAGED_VALUE } });
    // Stopped containers write nothing more; rotating them would only leave an empty current file.
    const ids = containers.filter((c) => c.state === "CONTAINER_RUNNING").map((c) => c.id);
    const worker = async (): Promise<void> => {
      for (let id = ids.shift(); id !== undefined; id = ids.shift()) {
        await this.#checkOne(id).catch((error: unknown) => this.#log.warn("failed to rotate log for container", { container: id, error: String(error) }));
      }
    };
    await Promise.all(Array.from({ length: this.#policy.maxWorkers }, worker));
  }

  async #checkOne(id: string): Promise<void> {
    const status = await this.#runtime.containerStatus(id);
    if (!status?.logPath) return;
    const path = status.logPath;
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (error: unknown) {
      if (!isMissingFile(error)) throw error;
      // Lost (removed by hand, or a rotation stopped half-way): the runtime recreates it.
      await this.#runtime.reopenContainerLog(id);
      size = (await stat(path)).size;
    }
    if (size < this.#policy.maxSizeBytes) return;
    await this.#rotate(id, path);
  }

  async #rotate(id: string, path: string): Promise<void> {
    const dir = dirname(path);
    const prefix = `${basename(path)}.`;
    const rotated = (await readdir(dir)).filter((name) => name.startsWith(prefix)).map((name) => join(dir, name));
    const plan = planRotation(rotated, this.#policy.maxFiles);
    for (const file of plan.remove) await rm(file, { force: true });
    for (const file of plan.compress) await compress(file);
    const target = `${path}.${rotationStamp(new Date())}`;
    await rename(path, target);
    try {
      await this.#runtime.reopenContainerLog(id);
    } catch (error: unknown) {
      // Put it back so the next round can try again, as upstream does.
      await rename(target, path);
      throw error;
    }
    this.#log.debug("container log rotated", { container: id, to: target });
  }
}

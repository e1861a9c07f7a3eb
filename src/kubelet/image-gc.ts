/**
 * Image garbage collection, as upstream's realImageGCManager: the kubelet
 * keeps, per image, when it was first seen and last seen in use; a pass
 * first removes images unused for longer than imageMaximumGCAge, then, when
 * the image file system is at least imageGCHighThresholdPercent full,
 * removes unused images least recently used first until usage would be
 * under imageGCLowThresholdPercent — sparing images younger than
 * imageMinimumGCAge, images any container uses (running or not), pinned
 * images and the sandbox (pause) image. When it cannot free enough it says
 * so on the Node (FreeDiskSpaceFailed; ImageGCFailed after two failed
 * passes in a row).
 */
import { statfs } from "node:fs/promises";
import type { KubeObject } from "../apis/types.js";
import type { EventRecorder } from "../client/index.js";
import type { Logger } from "../log.js";
import { formatGoDuration } from "../machinery/duration.js";
import type { KubeletRuntime } from "./runtime.js";

export interface GcPolicy {
  readonly highThresholdPercent: number;
  readonly lowThresholdPercent: number;
  readonly minAgeMs: number;
  /** 0: no age limit. */
  readonly maxAgeMs: number;
}

export interface ImageRecord {
  readonly id: string;
  readonly firstDetected: number;
  /** 0 until the image is seen in use. */
  readonly lastUsed: number;
  readonly size: number;
  readonly pinned: boolean;
}

/** Unused, unpinned images, least recently used first (ties: first seen first). */
export function evictionOrder(records: Iterable<ImageRecord>, inUse: ReadonlySet<string>): ImageRecord[] {
  return [...records]
    .filter((record) => !inUse.has(record.id) && !record.pinned)
    .sort((a, b) => a.lastUsed - b.lastUsed || a.firstDetected - b.firstDetected);
}

/**
 * Images unused for longer than the maximum age. Upstream counts a never-used
 * image from the zero time, which can remove an image pulled a moment
 * before its container is created; here it counts from when it was first seen.
 */
export function tooOld(candidates: readonly ImageRecord[], now: number, maxAgeMs: number): ImageRecord[] {
  return candidates.filter((record) => now - Math.max(record.lastUsed, record.firstDetected) > maxAgeMs);
}

/** The candidates disk pressure may remove, in order: not used this pass, and at least the minimum age. */
export function eligibleForSpace(candidates: readonly ImageRecord[], now: number, minAgeMs: number): ImageRecord[] {
  return candidates.filter((record) => record.lastUsed < now && now - record.firstDetected >= minAgeMs);
}

/** Bytes to free to get under the low threshold, or 0 while usage is under the high one. */
export function bytesToFree(fs: { capacity: number; available: number }, policy: GcPolicy): number {
  const available = Math.min(fs.available, fs.capacity);
  const usagePercent = 100 - Math.floor((available * 100) / fs.capacity);
  if (usagePercent < policy.highThresholdPercent) return 0;
  return Math.floor((fs.capacity * (100 - policy.lowThresholdPercent)) / 100) - available;
}

/** Upstream checks every 5 minutes; a shorter imageMaximumGCAge is checked twice per age so it holds at small scale. */
export function gcPeriodMs(policy: GcPolicy): number {
  const FIVE_MINUTES = 300_000;
  return policy.maxAgeMs > 0 ? Math.min(FIVE_MINUTES, Math.max(1000, policy.maxAgeMs / 2)) : FIVE_MINUTES;
}

export interface ImageGcOptions {
  readonly runtime: KubeletRuntime;
  readonly events: EventRecorder;
  /** The Node events are recorded on. */
  readonly node: KubeObject;
  readonly policy: GcPolicy;
  readonly log: Logger;
}

export class ImageGc {
  readonly #options: ImageGcOptions;
  readonly #records = new Map<string, ImageRecord>();

  constructor(options: ImageGcOptions) {
    this.#options = options;
  }

  /** Runs a pass now and then every period until the signal aborts. */
  start(signal: AbortSignal): void {
    // Upstream's switch for turning image garbage collection off altogether.
    if (this.#options.policy.highThresholdPercent === 100) {
      this.#options.log.info("imageGCHighThresholdPercent is 100: image garbage collection is off");
      return;
    }
    const began = Date.now();
    let previousFailed = false;
    let running = false;
    const pass = (): void => {
      if (running) return;
      running = true;
      this.collect(began)
        .then(() => {
          previousFailed = false;
        })
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          // One failure may be a runtime still starting; upstream reports only repeated ones.
          if (previousFailed) this.#options.events.record(this.#options.node, "Warning", "ImageGCFailed", message);
          this.#options.log.info("image garbage collection failed", { error: message });
          previousFailed = true;
        })
        .finally(() => {
          running = false;
        });
    };
    pass();
    const timer = setInterval(pass, gcPeriodMs(this.#options.policy));
    timer.unref();
    signal.addEventListener("abort", () => clearInterval(timer), { once: true });
  }

  /** One pass; throws when it could not do what the policy asks. `began`: when collection started (ages count from it). */
  async collect(began: number): Promise<void> {
    const { policy, events, node } = this.#options;
    const now = Date.now();
    let candidates = evictionOrder(this.#records.values(), await this.#detect(now));
    if (policy.maxAgeMs > 0 && now - began > policy.maxAgeMs) {
      const old = tooOld(candidates, now, policy.maxAgeMs);
      const failures = await this.#remove(old);
      candidates = candidates.filter((record) => !old.includes(record) || failures.has(record.id));
      if (failures.size > 0) throw new Error(`wanted to free images older than ${formatGoDuration(policy.maxAgeMs)}, encountered errors in image deletion: ${[...failures.values()].join(", ")}`);
    }
    const fs = await this.#imageFs();
    if (fs.capacity === 0) {
      const message = "invalid capacity 0 on image filesystem";
      events.record(node, "Warning", "InvalidDiskCapacity", message);
      throw new Error(message);
    }
    const wanted = bytesToFree(fs, policy);
    if (wanted <= 0) return;
    this.#options.log.info("disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold", { wanted, high: policy.highThresholdPercent, low: policy.lowThresholdPercent });
    let freed = 0;
    const failures = new Map<string, string>();
    for (const record of eligibleForSpace(candidates, now, policy.minAgeMs)) {
      const failed = await this.#remove([record]);
      for (const [id, message] of failed) failures.set(id, message);
      if (failed.size === 0) freed += record.size;
      if (freed >= wanted) break;
    }
    if (failures.size > 0) throw new Error(`wanted to free ${wanted} bytes, but freed ${freed} bytes space with errors in image deletion: ${[...failures.values()].join(", ")}`);
    if (freed < wanted) {
      const message = `Failed to garbage collect required amount of images. Attempted to free ${wanted} bytes, but only found ${freed} bytes eligible to free.`;
      events.record(node, "Warning", "FreeDiskSpaceFailed", message);
      throw new Error(message);
    }
  }

  /** Refreshes the records; resolves to the ids of images in use (every container's, and the sandbox image). */
  async #detect(now: number): Promise<Set<string>> {
    const { runtime } = this.#options;
    const [images, containers, sandboxImage] = await Promise.all([runtime.listImages(), runtime.listContainers(), runtime.sandboxImage()]);
    const inUse = new Set(containers.map((container) => container.imageRef));
    if (sandboxImage !== undefined) {
      // containerd 1.6 does not pin its sandbox image; upstream kubelets spared it by name before pinning existed.
      const pause = await runtime.imageStatus(sandboxImage);
      if (pause) inUse.add(pause.id);
    }
    const current = new Set<string>();
    for (const image of images) {
      current.add(image.id);
      const known = this.#records.get(image.id);
      this.#records.set(image.id, {
        id: image.id,
        firstDetected: known?.firstDetected ?? now,
        lastUsed: inUse.has(image.id) ? now : (known?.lastUsed ?? 0),
        size: image.size,
        pinned: image.pinned,
      });
    }
    for (const id of this.#records.keys()) if (!current.has(id)) this.#records.delete(id);
    return inUse;
  }

  /** Removes images; resolves to the failures by id. */
  async #remove(records: readonly ImageRecord[]): Promise<Map<string, string>> {
    const failures = new Map<string, string>();
    for (const record of records) {
      this.#options.log.info("removing image to free bytes", { image: record.id, size: record.size });
      try {
        await this.#options.runtime.removeImage(record.id);
        this.#records.delete(record.id);
      } catch (error: unknown) {
        failures.set(record.id, error instanceof Error ? error.message : String(error));
      }
    }
    return failures;
  }

  /** Capacity and free bytes of the file system holding the images (statfs, as cadvisor reads it for upstream). */
  async #imageFs(): Promise<{ capacity: number; available: number }> {
    const [mountpoint] = await this.#options.runtime.imageFsMountpoints();
    if (mountpoint === undefined) throw new Error("the container runtime reports no image filesystem");
    const stats = await statfs(mountpoint);
    return { capacity: stats.blocks * stats.bsize, available: stats.bavail * stats.bsize };
  }
}

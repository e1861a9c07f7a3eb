/**
 * The back-off between failed pods and their replacements: each job
 * remembers how many pods failed since its last success and when the last
 * one failed; a replacement waits base × 2^(failures-1), capped.
 */
import { finishedTime } from "./pods.js";
import type { Pod } from "./types.js";

export interface BackoffRecord {
  readonly key: string;
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureTime: number | undefined;
}

export interface BackoffDelays {
  /** The first delay. */
  readonly baseMs: number;
  readonly maxMs: number;
}

const byFinish = (a: Pod, b: Pod): number => finishedTime(a) - finishedTime(b);

export class BackoffStore {
  readonly #records = new Map<string, BackoffRecord>();

  /** The record after this sync's newly finished pods (not stored until `update`). */
  next(key: string, newSucceeded: readonly Pod[], newFailed: readonly Pod[]): BackoffRecord {
    const old = this.#records.get(key) ?? { key, failuresAfterLastSuccess: 0, lastFailureTime: undefined };
    const failed = [...newFailed].sort(byFinish);
    const lastFailed = failed[failed.length - 1];
    if (newSucceeded.length === 0) {
      if (!lastFailed) return old;
      return { key, failuresAfterLastSuccess: old.failuresAfterLastSuccess + failed.length, lastFailureTime: finishedTime(lastFailed) };
    }
    // A success resets the count: only failures after the latest success count.
    const lastSuccess = Math.max(...newSucceeded.map(finishedTime));
    const after = failed.filter((pod) => finishedTime(pod) > lastSuccess);
    return { key, failuresAfterLastSuccess: after.length, lastFailureTime: after.length ? finishedTime(after[after.length - 1] as Pod) : undefined };
  }

  update(record: BackoffRecord): void {
    this.#records.set(record.key, record);
  }

  remove(key: string): void {
    this.#records.delete(key);
  }
}

/** How long a replacement must still wait, 0 if it may start now. */
export function remainingBackoff(record: BackoffRecord, now: number, delays: BackoffDelays): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  const backoff = Math.min(delays.baseMs * 2 ** (record.failuresAfterLastSuccess - 1), delays.maxMs);
  return Math.max(0, backoff - (now - record.lastFailureTime));
}

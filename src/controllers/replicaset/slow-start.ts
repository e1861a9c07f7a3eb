/**
 * Slow start (upstream's slowStartBatch): calls are made in batches of 1,
 * 2, 4, … run concurrently, and the first batch with a failure stops the
 * rest. A request that fails for every call (quota, admission, a
 * terminating namespace) then costs a handful of calls, not hundreds.
 */

export interface SlowStartResult {
  readonly successes: number;
  /** The first error of the failing batch, if one failed. */
  readonly error?: unknown;
}

export async function slowStartBatch(count: number, initialBatchSize: number, call: () => Promise<void>): Promise<SlowStartResult> {
  let remaining = count;
  let successes = 0;
  for (let size = Math.min(remaining, initialBatchSize); size > 0; size = Math.min(2 * size, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: size }, () => call()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    successes += results.filter((r) => r.status === "fulfilled").length;
    if (failed) return { successes, error: failed.reason };
    remaining -= size;
  }
  return { successes };
}

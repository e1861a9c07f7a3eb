/**
 * The loop every controller shares: workers take keys from a rate-limited
 * queue and call the controller's `sync(key)`. Success forgets the key's
 * failures; an error requeues it with exponential back-off (5 ms doubling)
 * up to MAX_RETRIES, after which the key is dropped until an informer event
 * adds it again: a persistently broken object must not spin forever.
 */
import { WorkQueue } from "../client/workqueue.js";
import type { Logger } from "../log.js";

/** 15 retries from 5 ms doubling reach about 82 s, as upstream's controllers do. */
export const MAX_RETRIES = 15;

export interface ControllerOptions {
  readonly name: string;
  readonly queue: WorkQueue;
  /** Reconciles one object by its `namespace/name` key; level-triggered, reading caches. */
  readonly sync: (key: string) => Promise<void>;
  /** @default 1 */
  readonly workers?: number;
  readonly log: Logger;
}

/** Runs workers until `signal` aborts. Returns at once; workers run in the background. */
export function runController(options: ControllerOptions, signal: AbortSignal): void {
  const { queue, sync, log, name } = options;
  signal.addEventListener("abort", () => queue.shutDown(), { once: true });
  const worker = async (): Promise<void> => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await sync(key);
        queue.forget(key);
      } catch (error: unknown) {
        if (queue.failures(key) < MAX_RETRIES) {
          log.debug("sync failed; retrying", { controller: name, key, error: String(error) });
          queue.addRateLimited(key);
        } else {
          log.warn("sync failed too often; dropping the key until it changes", { controller: name, key, error: String(error) });
          queue.forget(key);
        }
      } finally {
        queue.done(key);
      }
    }
  };
  for (let i = 0; i < (options.workers ?? 1); i++) {
    worker().catch((error: unknown) => log.error("controller worker stopped", { controller: name, error: String(error) }));
  }
}

/**
 * Back-off for replacing failed daemon pods, per DaemonSet and node
 * (upstream's failedPodsBackoff): a kubelet that keeps rejecting a pod must
 * not make the controller recreate it in a hot loop. The first failure is
 * replaced at once; each further one waits twice as long, up to 15 minutes.
 */
const INITIAL_MS = 1_000;
const MAX_MS = 15 * 60_000;

export class FailedPodBackoff {
  readonly #entries = new Map<string, { delayMs: number; readyAt: number }>();

  /** True if a failed pod under `key` may be replaced now (and starts the next, longer wait). */
  tryReplace(key: string, now: number): boolean {
    const entry = this.#entries.get(key);
    if (entry && now < entry.readyAt) return false;
    const delayMs = entry ? Math.min(entry.delayMs * 2, MAX_MS) : INITIAL_MS;
    this.#entries.set(key, { delayMs, readyAt: now + delayMs });
    return true;
  }

  /** Milliseconds until `key` may replace a failed pod again; 0 if it may now. */
  remaining(key: string, now: number): number {
    return Math.max((this.#entries.get(key)?.readyAt ?? 0) - now, 0);
  }
}

/**
 * Crash-loop back-off, as upstream's flowcontrol.Backoff drives it for the
 * kubelet: each restart of a container waits twice as long as the one
 * before (10 s, 20 s, … up to 5 min). The delay is measured from when the
 * container last finished, and a container that has stayed quiet for twice
 * the longest delay (10 min) starts again from the first step.
 */

export interface BackoffOptions {
  /** @default 10_000 */
  readonly initialMs?: number;
  /** @default 300_000 */
  readonly maxMs?: number;
}

interface Entry {
  delayMs: number;
  /** When the back-off was last stepped. */
  updatedAt: number;
}

export class CrashBackoff {
  readonly #entries = new Map<string, Entry>();
  readonly #initialMs: number;
  readonly #maxMs: number;

  constructor(options: BackoffOptions = {}) {
    this.#initialMs = options.initialMs ?? 10_000;
    this.#maxMs = options.maxMs ?? 300_000;
  }

  /** The current delay for the key (0 when it has none). */
  delay(key: string): number {
    return this.#entries.get(key)?.delayMs ?? 0;
  }

  /** Steps the back-off after a restart at `now`: first delay, or double the last, capped. */
  next(key: string, now: number): number {
    const entry = this.#entries.get(key);
    if (!entry || now - entry.updatedAt > 2 * this.#maxMs) {
      this.#entries.set(key, { delayMs: this.#initialMs, updatedAt: now });
      return this.#initialMs;
    }
    entry.delayMs = Math.min(entry.delayMs * 2, this.#maxMs);
    entry.updatedAt = now;
    return entry.delayMs;
  }

  /** How long (ms) until a container that finished at `finishedAt` may restart; 0 when it may now. */
  remaining(key: string, finishedAt: number, now: number): number {
    const entry = this.#entries.get(key);
    if (!entry) return 0;
    if (now - entry.updatedAt > 2 * this.#maxMs) {
      this.#entries.delete(key);
      return 0;
    }
    return Math.max(0, finishedAt + entry.delayMs - now);
  }

  /** How long (ms) until the back-off set at the key's last step has passed (image pulls). */
  remainingSinceStep(key: string, now: number): number {
    const entry = this.#entries.get(key);
    return entry ? this.remaining(key, entry.updatedAt, now) : 0;
  }

  /** Forgets every key that starts with `prefix` (a deleted pod's containers). */
  forgetPrefix(prefix: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }
}

/**
 * A probe's result over successive attempts, with upstream's thresholds: a
 * result changes only after `successThreshold` successes or
 * `failureThreshold` failures in a row. Readiness starts as failed (a
 * container is not ready until shown to be), liveness as succeeded (a
 * container is alive until shown not to be), startup as not yet passed.
 */
import type { Probe } from "../../apis/common/pod-types.js";

export type ProbeKind = "liveness" | "readiness" | "startup";

export interface ProbeTimings {
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/** The probe's timings with the API's defaults (period 10 s, timeout 1 s, thresholds 1 and 3). */
export function probeTimings(probe: Probe): ProbeTimings {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds ?? 10) * 1000,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

export class ProbeState {
  readonly #timings: ProbeTimings;
  #result: boolean;
  #successes = 0;
  #failures = 0;

  constructor(kind: ProbeKind, timings: ProbeTimings) {
    this.#timings = timings;
    this.#result = kind === "liveness";
  }

  get result(): boolean {
    return this.#result;
  }

  /** Records one attempt; returns whether the result changed. */
  record(ok: boolean): boolean {
    if (ok) {
      this.#successes++;
      this.#failures = 0;
    } else {
      this.#failures++;
      this.#successes = 0;
    }
    const before = this.#result;
    if (ok && this.#successes >= this.#timings.successThreshold) this.#result = true;
    if (!ok && this.#failures >= this.#timings.failureThreshold) this.#result = false;
    return before !== this.#result;
  }
}

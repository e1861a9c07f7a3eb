/**
 * The signals that stop a foreground mini: SIGINT (Ctrl-C), SIGTERM (`mini
 * down`, service managers) and SIGHUP (its terminal closed).
 */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export type StopSignalName = (typeof STOP_SIGNALS)[number];

export interface StopSignals {
  /** Resolves with the first stop signal received. */
  readonly received: Promise<StopSignalName>;
  /** True once a stop signal has arrived. */
  readonly stopping: boolean;
  /** Restores the default handlers. */
  dispose(): void;
}

/**
 * Catches the stop signals so shutdown can be clean. Any signal after the
 * first goes to `onRepeat`: a user pressing Ctrl-C twice wants out now.
 */
export function catchStopSignals(onRepeat: (signal: StopSignalName) => void): StopSignals {
  let first: StopSignalName | undefined;
  let resolve: (signal: StopSignalName) => void = () => {};
  const received = new Promise<StopSignalName>((done) => {
    resolve = done;
  });
  const handler = (signal: StopSignalName): void => {
    if (first !== undefined) {
      onRepeat(signal);
      return;
    }
    first = signal;
    resolve(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return {
    received,
    get stopping() {
      return first !== undefined;
    },
    dispose() {
      for (const signal of STOP_SIGNALS) process.off(signal, handler);
    },
  };
}

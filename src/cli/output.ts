/**
 * Lines `up` prints for people and scripts, shared by its foreground and
 * detached forms so both read the same.
 */
import { kubeconfigPath } from "../pki/index.js";

export interface ReadyReport {
  /** Milliseconds from process start to the first ready answer. */
  readonly elapsedMs: number;
  readonly url: string;
  readonly dataDir: string;
}

/** `mini is ready in 0.21s: https://…` and an `export KUBECONFIG=…` line to paste or eval. */
export function printReady(report: ReadyReport): void {
  const seconds = (report.elapsedMs / 1000).toFixed(2);
  process.stdout.write(
    `mini is ready in ${seconds}s: ${report.url}\nexport KUBECONFIG=${shellQuote(kubeconfigPath(report.dataDir))}\n`,
  );
}

export function alreadyRunning(dataDir: string, pid: number): string {
  return `mini is already running for ${dataDir} (pid ${pid}); stop it with: mini down --data-dir ${shellQuote(dataDir)}`;
}

/** `value` as one shell word: bare when safe, otherwise single-quoted. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * `mini up` in the foreground: take the data dir's pid file, prepare the
 * PKI, start the server, write the kubeconfig, then serve until a stop
 * signal and shut down cleanly.
 */
import { performance } from "node:perf_hooks";
import { createLogger, levelFromVerbosity } from "../log.js";
import { ensurePki, writeKubeconfig } from "../pki/index.js";
import type { RunningMini } from "../server.js";
import type { FakeNodesOptions } from "../fake/index.js";
import type { RequestedRuntime, RuntimeRequest } from "../node/index.js";
import type { KubeletConfig } from "../kubelet/config.js";
import { clientUrl, extraSansFor } from "./address.js";
import { EXIT, failure } from "./command.js";
import { makeDataDir, pidFilePath } from "./data-dir.js";
import { messageOf } from "../machinery/errors.js";
import { alreadyRunning, printReady } from "./output.js";
import { acquirePidFile } from "./pid-file.js";
import { catchStopSignals } from "./signals.js";

export interface UpSettings {
  /** Absolute. */
  readonly dataDir: string;
  readonly host: string;
  /** 0 lets the server pick a free port. */
  readonly port: number;
  /** The number of `-v` flags. */
  readonly verbosity: number;
  readonly fakeNodes?: FakeNodesOptions;
  readonly controllerSettings?: { readonly nodeGracePeriodMs?: number; readonly jobBackoffMs?: number };
  /** The container runtime (`--runtime`, `--containerd-socket`…); none when absent. */
  readonly runtime?: RuntimeRequest;
  /** The kubelet's name and configuration (`--node-name`, `--kubelet-config`). */
  readonly kubelet?: { readonly nodeName?: string; readonly config?: KubeletConfig };
  /** Flags a detached child must get again (simulated nodes, controller timings). */
  readonly forwardedArgs?: readonly string[];
}

export async function serve(settings: UpSettings): Promise<number> {
  const { dataDir, host } = settings;
  const log = createLogger("mini", { level: levelFromVerbosity(settings.verbosity) });
  await makeDataDir(dataDir);
  const lock = await acquirePidFile(pidFilePath(dataDir));
  if (!lock.ok) return failure("up", alreadyRunning(dataDir, lock.pid));
  const stop = catchStopSignals((signal) => {
    log.warn("second stop signal: exiting without a clean shutdown", { signal });
    process.exit(EXIT.failure);
  });
  // First of all, containerd: it comes up on another core while the certificates and the server are made.
  const runtime = settings.runtime ? (await import("../node/index.js")).requestNodeRuntime(settings.runtime, { dataDir, log: log.child("node") }) : undefined;
  // Until startMini has it (and closes it itself, on a failed start too), a containerd started here is ours to stop.
  let runtimeHandedOver = false;
  try {
    const ensured = await ensurePki(dataDir, { extraSans: extraSansFor(host) });
    if (!ensured.ok) return failure("up", ensured.error.message);
    const { pki, issued } = ensured.value;
    for (const { part, reason } of issued) log.info("certificate issued", { part, reason });
    if (stop.stopping) return EXIT.ok;

    // Loaded here, not at the top: the other commands never need the server's code.
    const { startMini } = await import("../server.js");
    let running: RunningMini;
    runtimeHandedOver = true;
    try {
      running = await startMini({
        dataDir,
        host,
        port: settings.port,
        verbose: settings.verbosity > 0,
        tls: { ca: pki.ca.cert, cert: pki.server.cert, key: pki.server.key },
        log,
        ...(settings.fakeNodes ? { fakeNodes: settings.fakeNodes } : {}),
        ...(settings.controllerSettings ? { controllerSettings: settings.controllerSettings } : {}),
        ...(runtime ? { runtime } : {}),
        ...(settings.kubelet ? { kubelet: settings.kubelet } : {}),
      });
    } catch (error: unknown) {
      return failure("up", `Cannot start: ${messageOf(error)}`);
    }
    try {
      // Written once the port is known, which with --port 0 is only after the start.
      const url = clientUrl(host, running.port);
      const written = await writeKubeconfig(dataDir, { server: url, pki });
      if (!written.ok) return failure("up", written.error.message);
      if (running.runtimeNotice !== undefined) process.stderr.write(`mini up: ${running.runtimeNotice}\n`);
      if (!stop.stopping) printReady({ elapsedMs: performance.now(), url, dataDir });
      log.info("stopping", { signal: await stop.received });
    } finally {
      await running.close();
    }
    log.info("stopped");
    return EXIT.ok;
  } finally {
    if (!runtimeHandedOver) await closeRuntime(runtime);
    stop.dispose();
    await lock.release();
  }
}

/** Stops a runtime begun for a start that ends early (a failed start has stopped its containerd already). */
async function closeRuntime(runtime: Promise<RequestedRuntime> | undefined): Promise<void> {
  const started = await runtime;
  if (started?.ok) await started.runtime?.close();
}

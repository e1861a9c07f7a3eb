/**
 * The composition root: opens the store, builds the registry over the
 * built-in kinds, creates the system namespaces, starts the controllers and
 * serves the API over HTTPS with client-certificate authentication.
 */
import { setMaxListeners } from "node:events";
import { mkdirSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createAdaptorServer } from "@hono/node-server";
import { builtinKinds } from "./apis/index.js";
import type { KindDefinition } from "./apis/types.js";
import { createApiApp } from "./api/app.js";
import { createStreamUpgrades } from "./api/streaming/index.js";
import { ServiceAccountTokens } from "./api/service-account-tokens.js";
import { ensureServiceAccountKey } from "./pki/index.js";
import { serveCustomResources } from "./api/crd/index.js";
import { ObjectCache, Registry } from "./api/registry/index.js";
import { Client } from "./client/index.js";
import { startControllers } from "./controllers/index.js";
import type { FakeNodesOptions } from "./fake/index.js";
import { createLogger, levelFromVerbosity, type Logger } from "./log.js";
import type { NodeRuntime, RequestedRuntime } from "./node/index.js";
import { criRuntime, startKubelet, type KubeletConfig } from "./kubelet/index.js";
import { sqliteNativeBinding } from "./native/addons.js";
import { openSqliteBackend, startCompactor } from "./store/index.js";
import { ensureSystemObjects } from "./bootstrap.js";

export interface MiniOptions {
  readonly dataDir: string;
  readonly host: string;
  /** 0 picks a free port; `url` reports the one chosen. */
  readonly port: number;
  readonly verbose: boolean | number;
  readonly tls: { readonly ca: string; readonly cert: string; readonly key: string };
  /** Simulated nodes (`--fake-nodes`); count 0 removes fake nodes left from an earlier run. */
  readonly fakeNodes?: FakeNodesOptions;
  /** Controller timings (`--node-monitor-grace-period`, `--job-backoff`). */
  readonly controllerSettings?: { readonly nodeGracePeriodMs?: number; readonly jobBackoffMs?: number };
  /** Replaces the built-in kinds (tests). */
  readonly kinds?: readonly KindDefinition[];
  readonly log?: Logger;
  /**
   * The node's container runtime (`--runtime`) as `requestNodeRuntime` is starting it: begun before
   * this, so containerd comes up while the server is built; its failure fails the start. None when absent.
   */
  readonly runtime?: Promise<RequestedRuntime>;
  /** The kubelet's settings (`--node-name`, `--kubelet-config`), used when a runtime runs. */
  readonly kubelet?: { readonly nodeName?: string; readonly config?: KubeletConfig };
}

export interface RunningMini {
  readonly url: string;
  readonly port: number;
  readonly registry: Registry;
  /** containerd, started or attached (the kubelet runs on it); undefined with `--runtime=none` or when it is missing. */
  readonly nodeRuntime: NodeRuntime | undefined;
  /** The one line to tell the user when the runtime was wanted but is missing. */
  readonly runtimeNotice: string | undefined;
  close(): Promise<void>;
}

export async function startMini(options: MiniOptions): Promise<RunningMini> {
  const verbosity = typeof options.verbose === "number" ? options.verbose : options.verbose ? 1 : 0;
  const log = options.log ?? createLogger("mini", { level: levelFromVerbosity(verbosity) });
  mkdirSync(options.dataDir, { recursive: true });
  try {
    return await startServing(options, log);
  } catch (error: unknown) {
    // containerd would outlive a failed start (a port in use, say) and keep this process alive.
    const node = await options.runtime;
    if (node?.ok) await node.runtime?.close();
    throw error;
  }
}

/** The store, the API server, the controllers and the kubelet; the parts that need no container runtime are built while it starts. */
async function startServing(options: MiniOptions, log: Logger): Promise<RunningMini> {
  const backend = await openSqliteBackend({ path: join(options.dataDir, "state.db"), nativeBinding: sqliteNativeBinding() });
  const compactor = startCompactor(backend);
  const stop = new AbortController();
  // Every informer, watch and controller listens on this one signal.
  setMaxListeners(0, stop.signal);
  const cache = new ObjectCache(backend, log.child("cache"));
  await cache.start(stop.signal);
  const registry = new Registry(backend, options.kinds ?? builtinKinds, { cache });
  const client = new Client(registry);
  await ensureSystemObjects(client);
  await serveCustomResources({ registry, log: log.child("crd"), signal: stop.signal });

  const serviceAccountKey = await ensureServiceAccountKey(options.dataDir);
  if (!serviceAccountKey.ok) throw serviceAccountKey.error;
  const node = (await options.runtime) ?? { ok: true, runtime: undefined, notice: undefined };
  if (!node.ok) throw new Error(node.message);

  let ready = false;
  const tokens = new ServiceAccountTokens(serviceAccountKey.value, registry);
  const app = createApiApp({
    registry,
    tokens,
    cri: node.runtime?.cri,
    log: log.child("api"),
    healthChecks: { ping: () => true, etcd: () => !stop.signal.aborted, "poststarthook/start-controllers": () => ready },
    serverAddress: `${options.host}:${options.port}`,
  });
  const server = createAdaptorServer({
    fetch: app.fetch,
    createServer,
    serverOptions: { ca: options.tls.ca, cert: options.tls.cert, key: options.tls.key, requestCert: true, rejectUnauthorized: false },
  });
  // exec, attach and port-forward upgrade the connection; they are proxied to containerd's stream server.
  const streams = createStreamUpgrades({ registry, bearer: (token) => tokens.authenticate(token), cri: node.runtime?.cri, log: log.child("streams") });
  server.on("upgrade", streams.handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const podCIDR = node.runtime?.network?.podCidr;
  // Side by side: the kubelet needs no controller to register its Node and post Ready.
  await Promise.all([
    startControllers({ client, log, signal: stop.signal, settings: { ...options.controllerSettings, apiPort: port, dataDir: options.dataDir }, ...(options.fakeNodes ? { fakeNodes: options.fakeNodes } : {}) }),
    node.runtime && startKubelet({ client, runtime: criRuntime(node.runtime.cri), dataDir: options.dataDir, log: log.child("kubelet"), signal: stop.signal, ...(podCIDR ? { podCIDR } : {}), ...options.kubelet }),
  ]);
  ready = true;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  log.info("api server listening", { url: `https://${host}:${port}` });

  return {
    url: `https://${host}:${port}`,
    port,
    registry,
    nodeRuntime: node.runtime,
    runtimeNotice: node.notice,
    async close() {
      stop.abort();
      await node.runtime?.close();
      compactor.stop();
      streams.closeAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Watches hold connections open; end them so close() finishes now.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await backend.close();
    },
  };
}

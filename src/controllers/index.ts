/**
 * The controllers mini runs, started together and stopped by one signal.
 * Each controller registers its informer handlers on the shared factory;
 * the factory then fills every cache once, and the workers start.
 */
import { InformerFactory, type Client } from "../client/index.js";
import type { Logger } from "../log.js";
import { NamespaceController } from "./namespace.js";
import { startCronJobController } from "./cronjob/index.js";
import { startJobController, startTtlAfterFinishedController } from "./job/index.js";
import { startServiceAccountController } from "./serviceaccount.js";
import { startReplicaSetController } from "./replicaset/index.js";
import { startDeploymentController } from "./deployment/index.js";
import { startGarbageCollector } from "./garbage-collector/index.js";
import { startScheduler } from "../scheduler/index.js";
import { startServiceIPController } from "./service-ip.js";
import { startEndpointsController } from "./endpoints.js";
import { startEndpointSliceController } from "./endpointslice.js";
import { startStatefulSetController } from "./statefulset/index.js";
import { startDaemonSetController } from "./daemonset/index.js";
import { nodeLifecycleStarter } from "./node-lifecycle.js";
import { startDisruptionController } from "./disruption/index.js";
import { startResourceQuotaController } from "./resourcequota/index.js";
import { volumeControllers } from "./volume/index.js";
import { startFakeNodes, type FakeNodesOptions } from "../fake/index.js";

export interface ControllerContext {
  readonly client: Client;
  readonly informers: InformerFactory;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

/** A controller's entry point: register handlers, then run its loop (via runController). */
export type ControllerStarter = (context: ControllerContext) => void;

/** Settings some controllers need from the server or the command line. */
export interface ControllerSettings {
  /** The API server's port, for the `kubernetes` Service's Endpoints. */
  readonly apiPort: number;
  /** First back-off after a Job's pod fails (upstream: 10 s). */
  readonly jobBackoffMs?: number;
  /** How long a node may miss heartbeats before it is NotReady (upstream: 40 s). */
  readonly nodeGracePeriodMs?: number;
  /** The data directory: the local-path provisioner keeps volumes under `<dataDir>/storage`; none without it. */
  readonly dataDir?: string;
}

function controllers(settings: ControllerSettings): ControllerStarter[] {
  return [
    startScheduler,
    startReplicaSetController,
    startDeploymentController,
    startGarbageCollector,
    startServiceAccountController,
    (context) => startServiceIPController(context, { apiPort: settings.apiPort }),
    (context) => startJobController(context, settings.jobBackoffMs === undefined ? {} : { podFailureBackoffMs: settings.jobBackoffMs }),
    startTtlAfterFinishedController,
    startCronJobController,
    startEndpointsController,
    startEndpointSliceController,
    startStatefulSetController,
    startDaemonSetController,
    startDisruptionController,
    startResourceQuotaController,
    ...volumeControllers(settings.dataDir === undefined ? {} : { dataDir: settings.dataDir }),
    nodeLifecycleStarter(settings.nodeGracePeriodMs === undefined ? {} : { gracePeriodMs: settings.nodeGracePeriodMs }),
  ];
}

export interface StartControllersOptions {
  readonly client: Client;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly fakeNodes?: FakeNodesOptions;
  readonly settings: ControllerSettings;
}

export async function startControllers(options: StartControllersOptions): Promise<void> {
  const { client, log, signal } = options;
  const informers = new InformerFactory(client, log.child("informers"));
  const context: ControllerContext = { client, informers, log, signal };
  for (const start of controllers(options.settings)) start(context);
  let fakeNodes: Promise<unknown> = Promise.resolve();
  if (options.fakeNodes) {
    // Registers its informers' indexes, so it must run before the factory starts.
    // Simulated nodes renew their leases well within the grace period, however short it is set.
    const grace = options.settings.nodeGracePeriodMs;
    const fake = grace === undefined ? options.fakeNodes : { ...options.fakeNodes, leaseRenewMs: Math.min(10_000, Math.floor(grace / 4)) };
    const started = startFakeNodes({ ...context, log: log.child("fake-nodes") }, fake);
    if (!started.ok) throw new Error(`Fake nodes not started: ${started.errors.join("; ")}`);
    fakeNodes = started.nodes;
  }
  await informers.start(signal);
  // Ready means the nodes exist: a workload applied right after `mini up` finds them.
  await fakeNodes;
  await new NamespaceController(client, log.child("namespace-controller")).start(signal);
}

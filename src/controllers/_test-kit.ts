/**
 * For reconcile tests of the controllers: a real registry on an in-memory
 * store, the in-process client, shared informers and the controllers under
 * test (not a mock: validation, conflicts and finalizers all apply), plus
 * objects to start from, a stand-in kubelet, and waiting for an outcome.
 */
import { builtinKinds } from "../apis/index.js";
import type { KubeObject } from "../apis/types.js";
import { Registry } from "../api/registry/index.js";
import { Client, Informer, InformerFactory } from "../client/index.js";
import { createLogger } from "../log.js";
import { openSqliteBackend } from "../store/index.js";
import type { ControllerContext, ControllerStarter } from "./index.js";

/** The namespace `startCluster` creates for a test's objects (beside `default`). */
export const NAMESPACE = "dev";

export interface TestCluster {
  readonly client: Client;
  /** For the controllers under test: their client, shared informers and stop signal. */
  readonly context: ControllerContext;
  createNamespace(name: string): Promise<void>;
  /** Starts the shared informers; call after the controllers registered their handlers. */
  start(): Promise<void>;
  /** Stops the controllers and gives a fresh context on the same store: a process restart. */
  restart(): ControllerContext;
  stop(): Promise<void>;
}

/** A cluster with no namespaces and nothing running yet: start controllers on `context`, then call `start`. */
export async function testCluster(): Promise<TestCluster> {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const client = new Client(new Registry(backend, builtinKinds));
  const log = createLogger("test", { level: "error" });
  let abort = new AbortController();
  const fresh = (): ControllerContext => ({ client, informers: new InformerFactory(client, log), log, signal: abort.signal });
  let context = fresh();
  return {
    client,
    get context() {
      return context;
    },
    createNamespace: async (name) => {
      await client.resource("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    },
    start: () => context.informers.start(context.signal),
    restart: () => {
      abort.abort();
      abort = new AbortController();
      context = fresh();
      return context;
    },
    stop: async () => {
      abort.abort();
      await backend.close();
    },
  };
}

/** A running cluster: namespaces `default` and NAMESPACE, and the given controllers started. */
export async function startCluster(starters: readonly ControllerStarter[]): Promise<TestCluster> {
  const cluster = await testCluster();
  for (const name of ["default", NAMESPACE]) await cluster.createNamespace(name);
  for (const start of starters) start(cluster.context);
  await cluster.start();
  return cluster;
}

/**
 * Polls `probe` until it returns a value other than undefined or false, or fails after `timeoutMs`;
 * a probe that throws is tried again. Tests wait for outcomes, never for fixed times.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error: unknown) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A pod template: one container with a named port, `image` (default nginx:1.25), and `spec` merged over the pod spec. */
export function podTemplate(labels: Record<string, string>, options: { image?: string; spec?: Record<string, unknown> } = {}): { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> } {
  const container = { name: "app", image: options.image ?? "nginx:1.25", ports: [{ name: "http", containerPort: 8080 }] };
  return { metadata: { labels }, spec: { containers: [container], ...options.spec } };
}

export function pod(name: string, labels: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", ...podTemplate(labels, { spec }), metadata: { name, labels } } as KubeObject;
}

export function node(name: string, labels: Record<string, string> = {}, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
    spec,
    status: { conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }] },
  };
}

/** Live pods in NAMESPACE whose labels include `labels`. */
export async function listPods(cluster: TestCluster, labels: Record<string, string>): Promise<KubeObject[]> {
  const selector = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const { items } = await cluster.client.resource("", "Pod").list({ namespace: NAMESPACE, labelSelector: selector });
  return items.filter((p) => !p.metadata.deletionTimestamp);
}

let nextIP = 10;

/** Sets a pod Running with an IP, and Ready or not, through the status subresource, as a kubelet would. */
export async function setPodRunning(client: Client, { namespace, name, ready }: { namespace: string; name: string; ready: boolean }): Promise<KubeObject> {
  const pods = client.resource("", "Pod");
  const current = await pods.get(namespace, name);
  const status = (current.status ?? {}) as { podIP?: string };
  const ip = status.podIP ?? `10.244.0.${nextIP++}`;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  return pods.updateStatus({
    ...current,
    status: {
      ...status,
      phase: "Running",
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [
        { type: "PodScheduled", status: "True", lastTransitionTime: now },
        { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: now },
      ],
    },
  });
}

/**
 * Plays every node at once: each new pod turns Running and Ready, and a
 * pod marked for deletion is let go. Returns a list of deleted pod names,
 * in the order they went.
 */
export function runFakeKubelet(client: Client, signal: AbortSignal): string[] {
  const pods = client.resource("", "Pod");
  const deleted: string[] = [];
  const handle = async (pod: KubeObject): Promise<void> => {
    const { namespace = "", name = "" } = pod.metadata;
    if (pod.metadata.deletionTimestamp) await pods.delete(namespace, name, { gracePeriodSeconds: 0 });
    else if ((pod.status as { phase?: string } | undefined)?.phase !== "Running") await setPodRunning(client, { namespace, name, ready: true });
  };
  const informer = new Informer(pods);
  // A pod may be gone or changed by the time it is handled; the informer brings its next state.
  const quietly = (pod: KubeObject) => void handle(pod).catch(() => undefined);
  informer.addHandlers({ onAdd: quietly, onUpdate: (_old, pod) => quietly(pod), onDelete: (pod) => deleted.push(pod.metadata.name ?? "") });
  void informer.start(signal);
  return deleted;
}

/** The Events recorded about an object, by reason. */
export async function eventReasons(client: Client, object: KubeObject): Promise<string[]> {
  const { items } = await client.resource("", "Event").list({ namespace: object.metadata.namespace ?? "default" });
  return items
    .filter((event) => (event.involvedObject as { name?: string } | undefined)?.name === object.metadata.name)
    .map((event) => String(event.reason));
}

/** Waits until an Event with `reason` was recorded about the object (events are written in the background). */
export async function waitForEvent(client: Client, object: KubeObject, reason: string): Promise<void> {
  await eventually(`a ${reason} event`, async () => (await eventReasons(client, object)).includes(reason));
}

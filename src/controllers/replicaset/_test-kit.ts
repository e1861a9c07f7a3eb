/**
 * Reconcile-test support for the workload controllers: a real registry on
 * an in-memory store, the controllers under test started on shared
 * informers, and helpers that play the node's part (pods turn ready).
 */
import { builtinKinds } from "../../apis/index.js";
import type { KubeObject } from "../../apis/types.js";
import { Registry } from "../../api/registry/index.js";
import { Client, InformerFactory } from "../../client/index.js";
import { createLogger } from "../../log.js";
import { openSqliteBackend } from "../../store/index.js";
import type { ControllerStarter } from "../index.js";
import { timestamp } from "./pods.js";

export interface TestCluster {
  readonly client: Client;
  readonly namespace: string;
  stop(): Promise<void>;
}

export async function startCluster(starters: readonly ControllerStarter[], namespace = "dev"): Promise<TestCluster> {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const client = new Client(new Registry(backend, builtinKinds));
  await client.resource("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
  const log = createLogger("test", { level: "error" });
  const informers = new InformerFactory(client, log);
  const controller = new AbortController();
  for (const start of starters) start({ client, informers, log, signal: controller.signal });
  await informers.start(controller.signal);
  return {
    client,
    namespace,
    stop: async () => {
      controller.abort();
      await backend.close();
    },
  };
}

/** Polls `probe` until it returns a value other than undefined or false, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
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
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const podTemplate = (labels: Record<string, string>, image = "nginx:1.25") => ({
  metadata: { labels },
  spec: { containers: [{ name: "web", image }] },
});

/** Plays the node: the pod runs and its Ready condition turns True. */
export async function markReady(client: Client, pod: KubeObject): Promise<void> {
  const pods = client.resource("", "Pod");
  const fresh = await pods.get(pod.metadata.namespace ?? "", pod.metadata.name ?? "");
  const now = timestamp();
  fresh.status = {
    ...(fresh.status as object),
    phase: "Running",
    conditions: [{ type: "Ready", status: "True", lastTransitionTime: now }],
  };
  await pods.updateStatus(fresh);
}

/** Active pods in the namespace whose labels include `labels`. */
export async function listPods(cluster: TestCluster, labels: Record<string, string>): Promise<KubeObject[]> {
  const selector = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const { items } = await cluster.client.resource("", "Pod").list({ namespace: cluster.namespace, labelSelector: selector });
  return items.filter((p) => !p.metadata.deletionTimestamp);
}

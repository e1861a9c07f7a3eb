/**
 * For reconcile tests of the controllers: a real registry on an in-memory
 * store, the in-process client, shared informers and the controllers under
 * test, plus helpers to make nodes and pods and to wait for an outcome.
 */
import { builtinKinds } from "../../apis/index.js";
import { ageColumn, nameColumn } from "../../apis/columns.js";
import { objectSchema } from "../../apis/common/meta.js";
import type { KindDefinition, KubeObject, Schema } from "../../apis/types.js";
import { Registry } from "../../api/registry/index.js";
import { Client, Informer, InformerFactory } from "../../client/index.js";
import { createLogger } from "../../log.js";
import { openSqliteBackend } from "../../store/index.js";
import type { ControllerStarter } from "../index.js";

export interface TestCluster {
  readonly client: Client;
  readonly stop: () => Promise<void>;
}

export async function startCluster(starters: readonly ControllerStarter[], extraKinds: readonly KindDefinition[] = []): Promise<TestCluster> {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const client = new Client(new Registry(backend, [...builtinKinds, ...extraKinds]));
  const namespaces = client.resource("", "Namespace");
  for (const name of ["default", "dev"]) await namespaces.create("", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  const log = createLogger("test", { level: "error" });
  const informers = new InformerFactory(client, log);
  const controller = new AbortController();
  for (const start of starters) start({ client, informers, log, signal: controller.signal });
  await informers.start(controller.signal);
  return {
    client,
    stop: async () => {
      controller.abort();
      await backend.close();
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error: unknown) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function podTemplate(labels: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { metadata: { labels }, spec: { containers: [{ name: "app", image: "nginx:1.27", ports: [{ name: "http", containerPort: 8080 }] }], ...extra } };
}

export function pod(name: string, labels: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", ...podTemplate(labels, spec), metadata: { name, labels } } as KubeObject;
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
  const quietly = (pod: KubeObject) => void handle(pod).catch(() => undefined);
  informer.addHandlers({ onAdd: quietly, onUpdate: (_old, pod) => quietly(pod), onDelete: (pod) => deleted.push(pod.metadata.name ?? "") });
  void informer.start(signal);
  return deleted;
}

const preserved = { type: "object", "x-kubernetes-preserve-unknown-fields": true } as const;

function testKind({ group, kind, plural, fields }: { group: string; kind: string; plural: string; fields: Record<string, unknown> }): KindDefinition {
  return {
    group,
    version: "v1",
    kind,
    listKind: `${kind}List`,
    plural,
    singular: plural.slice(0, -1),
    shortNames: [],
    categories: [],
    namespaced: true,
    schema: objectSchema(kind, fields as Record<string, Schema>),
    tracksGeneration: false,
    subresources: { status: false },
    strategy: {},
    columns: [nameColumn, ageColumn],
  };
}

/** Stand-ins for kinds other issues bring, with just enough schema to store them. */
export const persistentVolumeClaimKind = testKind({ group: "", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", fields: { spec: preserved, status: preserved } });
export const controllerRevisionKind = testKind({
  group: "apps",
  kind: "ControllerRevision",
  plural: "controllerrevisions",
  fields: { data: preserved, revision: { type: "integer" } },
});

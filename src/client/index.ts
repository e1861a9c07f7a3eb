/**
 * The typed in-process client: what the controllers use instead of the
 * store. It calls the same registry the HTTP handlers call, so every rule
 * (validation, conflicts, finalizers) applies to controllers as to kubectl.
 */
import type { KubeObject } from "../apis/types.js";
import type { DeleteOptions, Registry, ResourceStore, WatchSink } from "../api/registry/index.js";
import { parseSelection, replacement } from "../api/registry/index.js";
import type { ActiveWatch } from "../api/registry/index.js";
import { tokensOf, type IssuedToken } from "../api/service-account-tokens.js";

const WRITE = { dryRun: false, fieldValidation: "Ignore" } as const;

export interface ListOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/**
 * What a write answers: the written object (the caller's own copy), or nothing when the caller said
 * it will not read it (`{ result: false }`: leases, events, status writes of fake nodes), which
 * spares a copy of the object on every write.
 */
export interface WriteResultOption {
  readonly result: false;
}

/** Objects given to a write are never modified (the registry copies them), so callers may pass shallow copies of cached ones. */
export class ResourceClient {
  readonly #store: ResourceStore;
  constructor(store: ResourceStore) {
    this.#store = store;
  }

  get namespaced(): boolean {
    return this.#store.kind.namespaced;
  }

  get resource(): string {
    return this.#store.kind.group ? `${this.#store.kind.plural}.${this.#store.kind.group}` : this.#store.kind.plural;
  }

  async get(namespace: string, name: string): Promise<KubeObject> {
    return (await this.#store.get(namespace, name)).object;
  }

  async list(options: ListOptions = {}): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const selection = parseSelection(this.#store.kind, options.labelSelector ?? "", options.fieldSelector ?? "");
    const page = await this.#store.list(options.namespace ?? "", { selection, resourceVersion: "", resourceVersionMatch: "", limit: 0, continueToken: "" });
    return { items: page.items.map((i) => i.object), resourceVersion: String(page.revision) };
  }

  create(namespace: string, object: KubeObject): Promise<KubeObject>;
  create(namespace: string, object: KubeObject, options: WriteResultOption): Promise<void>;
  async create(namespace: string, object: KubeObject, options?: WriteResultOption): Promise<KubeObject | void> {
    const outcome = await this.#store.create(namespace, object, WRITE);
    return options ? undefined : outcome.object;
  }

  update(object: KubeObject): Promise<KubeObject>;
  update(object: KubeObject, options: WriteResultOption): Promise<void>;
  async update(object: KubeObject, options?: WriteResultOption): Promise<KubeObject | void> {
    const { namespace = "", name = "" } = object.metadata;
    const outcome = await this.#store.update(namespace, name, object, WRITE);
    return options ? undefined : outcome.object;
  }

  updateStatus(object: KubeObject): Promise<KubeObject>;
  updateStatus(object: KubeObject, options: WriteResultOption): Promise<void>;
  async updateStatus(object: KubeObject, options?: WriteResultOption): Promise<KubeObject | void> {
    const { namespace = "", name = "" } = object.metadata;
    const outcome = await this.#store.update(namespace, name, object, { ...WRITE, subresource: "status" });
    return options ? undefined : outcome.object;
  }

  /** Namespaces only: replaces spec.finalizers, the one way to let a terminating namespace go. */
  async finalize(object: KubeObject): Promise<KubeObject> {
    const name = object.metadata.name ?? "";
    return (await this.#store.update("", name, object, { ...WRITE, subresource: "finalize" })).object;
  }

  /** Pods only: the binding subresource, as the scheduler uses it. Like upstream's, it answers with no pod. */
  async bind(namespace: string, name: string, nodeName: string): Promise<void> {
    const binding: KubeObject = { apiVersion: "v1", kind: "Binding", metadata: { name, namespace }, target: { apiVersion: "v1", kind: "Node", name: nodeName } };
    await this.#store.guaranteedUpdate(namespace, name, replacement(binding), { ...WRITE, subresource: "binding" });
  }

  async delete(namespace: string, name: string, options: DeleteOptions = {}): Promise<void> {
    await this.#store.delete(namespace, name, options, false);
  }

  watch(options: ListOptions & { resourceVersion?: string }, sink: WatchSink, signal: AbortSignal): Promise<ActiveWatch> {
    const selection = parseSelection(this.#store.kind, options.labelSelector ?? "", options.fieldSelector ?? "");
    return this.#store.watch(options.namespace ?? "", { selection, resourceVersion: options.resourceVersion ?? "", sendInitialEvents: false }, sink, signal);
  }
}

export class Client {
  readonly #registry: Registry;
  constructor(registry: Registry) {
    this.#registry = registry;
  }

  /** The client for a kind, e.g. `client.resource("apps", "Deployment")`. */
  resource(group: string, kind: string): ResourceClient {
    return new ResourceClient(this.#registry.forKind(group, kind));
  }

  /** Whether the API serves the kind. */
  serves(group: string, kind: string): boolean {
    return this.#registry.kinds().some((k) => k.group === group && k.kind === kind);
  }

  /**
   * A service account token bound to a pod, as POST serviceaccounts/<name>/token issues it
   * (the kubelet's projected token volumes). Empty audiences mean the API server's own.
   */
  async requestPodToken(pod: KubeObject, options: { readonly audiences: readonly string[]; readonly expirationSeconds: number }): Promise<IssuedToken> {
    const namespace = pod.metadata.namespace ?? "";
    const account = (pod.spec as { serviceAccountName?: string } | undefined)?.serviceAccountName || "default";
    const serviceAccount = (await this.#registry.forKind("", "ServiceAccount").get(namespace, account)).object;
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    const node = nodeName ? (await this.#registry.forKind("", "Node").get("", nodeName)).object : undefined;
    const tokens = tokensOf(this.#registry);
    const audiences = options.audiences.length > 0 ? options.audiences : tokens.apiAudiences;
    return tokens.issue({ serviceAccount, audiences, expirationSeconds: options.expirationSeconds, boundObject: pod, ...(node ? { node } : {}) });
  }

  /** Clients for every namespaced kind: what a namespace must be emptied of. */
  namespacedResources(): ResourceClient[] {
    return this.#registry
      .kinds()
      .filter((k) => k.namespaced)
      .map((k) => new ResourceClient(this.#registry.forKind(k.group, k.kind)));
  }
}

export { Informer, objectKey, type InformerHandlers, type InformerOptions, type IndexFunction } from "./informer.js";
export { WorkQueue, type WorkQueueOptions } from "./workqueue.js";
export { EventRecorder, type EventType } from "./events.js";
export { InformerFactory } from "./informer-factory.js";

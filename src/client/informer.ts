/**
 * An informer: list, then watch, into a local cache that handlers and
 * listers read instead of the API. Objects in the cache are shared and
 * must not be mutated (copy with structuredClone before editing). After a
 * cut-off watch it resumes; after an expired one it relists and reports
 * the differences, so handlers see every change as add, update or delete.
 */
import type { KubeObject } from "../apis/types.js";
import type { Logger } from "../log.js";
import type { ResourceClient } from "./index.js";

export interface InformerHandlers {
  readonly onAdd?: (object: KubeObject) => void;
  readonly onUpdate?: (old: KubeObject, current: KubeObject) => void;
  readonly onDelete?: (object: KubeObject) => void;
}

export type IndexFunction = (object: KubeObject) => readonly string[];

export interface InformerOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /**
   * Every this often, handlers get `onUpdate(o, o)` for every cached object,
   * so level-triggered controllers revisit them. 0 disables resync.
   * @default 0
   */
  readonly resyncMs?: number;
  readonly log?: Logger;
}

export function objectKey(object: KubeObject): string {
  const { namespace, name = "" } = object.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

export class Informer {
  readonly #resource: ResourceClient;
  readonly #options: InformerOptions;
  readonly #objects = new Map<string, KubeObject>();
  readonly #handlers: InformerHandlers[] = [];
  readonly #indexers = new Map<string, IndexFunction>();
  readonly #indexes = new Map<string, Map<string, Set<string>>>();
  /** Object key → the values each index gave it, so an update or delete need not compute them again. */
  readonly #indexed = new Map<string, (readonly string[])[]>();
  #synced = false;
  #signal: AbortSignal | undefined;

  constructor(resource: ResourceClient, options: InformerOptions = {}) {
    this.#resource = resource;
    this.#options = options;
  }

  get hasSynced(): boolean {
    return this.#synced;
  }

  addHandlers(handlers: InformerHandlers): void {
    this.#handlers.push(handlers);
    if (this.#synced) for (const object of this.#objects.values()) handlers.onAdd?.(object);
  }

  /** Adds a secondary index (e.g. pods by node name); call before `start`. */
  addIndex(name: string, index: IndexFunction): void {
    this.#indexers.set(name, index);
    this.#indexes.set(name, new Map());
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.#objects.get(namespace ? `${namespace}/${name}` : name);
  }

  list(namespace?: string): KubeObject[] {
    const all = [...this.#objects.values()];
    return namespace === undefined ? all : all.filter((o) => (o.metadata.namespace ?? "") === namespace);
  }

  byIndex(name: string, value: string): KubeObject[] {
    const keys = this.#indexes.get(name)?.get(value);
    if (!keys) return [];
    return [...keys].map((k) => this.#objects.get(k)).filter((o): o is KubeObject => o !== undefined);
  }

  /** Lists and starts watching; resolves once the cache holds the listed state. */
  async start(signal: AbortSignal): Promise<void> {
    this.#signal = signal;
    await this.#listAndWatch();
    this.#synced = true;
    const resync = this.#options.resyncMs ?? 0;
    if (resync > 0) {
      const timer = setInterval(() => {
        for (const object of this.#objects.values()) for (const h of this.#handlers) h.onUpdate?.(object, object);
      }, resync);
      timer.unref();
      signal.addEventListener("abort", () => clearInterval(timer), { once: true });
    }
  }

  async #listAndWatch(): Promise<void> {
    const selectors = {
      ...(this.#options.namespace !== undefined ? { namespace: this.#options.namespace } : {}),
      ...(this.#options.labelSelector !== undefined ? { labelSelector: this.#options.labelSelector } : {}),
      ...(this.#options.fieldSelector !== undefined ? { fieldSelector: this.#options.fieldSelector } : {}),
    };
    const listed = await this.#resource.list(selectors);
    this.#replace(listed.items);
    await this.#watch(selectors, listed.resourceVersion);
  }

  async #watch(selectors: { namespace?: string; labelSelector?: string; fieldSelector?: string }, resourceVersion: string): Promise<void> {
    const signal = this.#signal;
    if (!signal || signal.aborted) return;
    const active = await this.#resource.watch(
      { ...selectors, resourceVersion },
      {
        event: (type, stored) => {
          if (type === "DELETED") this.#remove(stored.object);
          else this.#upsert(stored.object);
        },
        close: (error) => {
          if (signal.aborted) return;
          const next = error ? this.#listAndWatch() : this.#watch(selectors, String(active.revision));
          next.catch((e: unknown) => this.#options.log?.error("informer restart failed", { resource: this.#resource.resource, error: String(e) }));
        },
      },
      signal,
    );
  }

  /** Swaps in a fresh list, reporting what changed since the cache was last current. */
  #replace(items: readonly KubeObject[]): void {
    const seen = new Set<string>();
    for (const item of items) {
      seen.add(objectKey(item));
      this.#upsert(item);
    }
    for (const [key, object] of this.#objects) if (!seen.has(key)) this.#remove(object);
  }

  #upsert(object: KubeObject): void {
    const key = objectKey(object);
    const old = this.#objects.get(key);
    if (old && old.metadata.resourceVersion === object.metadata.resourceVersion) return;
    if (old) this.#unindex(key);
    this.#objects.set(key, object);
    this.#index(key, object);
    for (const h of this.#handlers) {
      if (old) h.onUpdate?.(old, object);
      else h.onAdd?.(object);
    }
  }

  #remove(object: KubeObject): void {
    const key = objectKey(object);
    const old = this.#objects.get(key);
    if (!old) return;
    this.#objects.delete(key);
    this.#unindex(key);
    for (const h of this.#handlers) h.onDelete?.(object);
  }

  #index(key: string, object: KubeObject): void {
    if (this.#indexers.size === 0) return;
    const indexed: (readonly string[])[] = [];
    for (const [name, index] of this.#indexers) {
      const byValue = this.#indexes.get(name) as Map<string, Set<string>>;
      const values = index(object);
      indexed.push(values);
      for (const value of values) {
        let keys = byValue.get(value);
        if (!keys) byValue.set(value, (keys = new Set()));
        keys.add(key);
      }
    }
    this.#indexed.set(key, indexed);
  }

  #unindex(key: string): void {
    const indexed = this.#indexed.get(key);
    if (!indexed) return;
    this.#indexed.delete(key);
    let i = 0;
    for (const name of this.#indexers.keys()) {
      const byValue = this.#indexes.get(name) as Map<string, Set<string>>;
      for (const value of indexed[i++] ?? []) {
        const keys = byValue.get(value);
        keys?.delete(key);
        if (keys && keys.size === 0) byValue.delete(value);
      }
    }
  }
}

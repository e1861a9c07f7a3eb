/**
 * The registry: one ResourceStore per kind, found by group, version and
 * resource the way URLs name them. It also owns the rule that ties stores
 * together on create: the namespace must exist and not be terminating.
 */
import type { KindDefinition } from "../../apis/types.js";
import type { Backend } from "../../store/types.js";
import { ApiError, notFound, type ResourceRef } from "../../machinery/status.js";
import { ResourceStore, type NamespaceGuard } from "./store.js";
import type { ObjectCache } from "./object-cache.js";
import { installAdmissions } from "../admission/index.js";
import { builtinVersionViews } from "../../apis/index.js";
import { installVersionViews } from "./version-view.js";

export { ResourceStore, replacement } from "./store.js";
export type { Admission, DeleteOptions, FieldValidation, ListPage, ListQuery, WriteOptions, WriteOutcome } from "./store.js";
export { StoredObject } from "./stored-object.js";
export { parseSelection, type Selection } from "./selection.js";
export type { ObjectEventType, WatchQuery, WatchSink, ActiveWatch } from "./watch.js";
export { timestamp } from "./metadata.js";
export { ObjectCache } from "./object-cache.js";

/** Builds the store that serves one kind, from the registry's shared parts. */
export type StoreFactory = (kind: KindDefinition, options: ConstructorParameters<typeof ResourceStore>[1]) => ResourceStore;

function resourceKey(group: string, version: string, resource: string): string {
  return `${group}/${version}/${resource}`;
}

export class Registry {
  readonly #stores = new Map<string, ResourceStore>();
  readonly #kinds: KindDefinition[] = [];
  readonly #backend: Backend;
  #generation = 0;
  readonly #cache: ObjectCache | undefined;

  /** With `cache`, lists are served from a watch cache once `startCache` has filled it. */
  constructor(backend: Backend, kinds: readonly KindDefinition[], options: { cache?: ObjectCache } = {}) {
    this.#backend = backend;
    this.#cache = options.cache;
    for (const kind of kinds) this.add(kind);
    installAdmissions(this);
    // After the admissions: a served version writes through its storage kind's store, which has them.
    installVersionViews(this, builtinVersionViews);
  }

  get backend(): Backend {
    return this.#backend;
  }

  /** Serves `kind`; `makeStore` builds a specialised store (custom resources) instead of the generic one. */
  add(kind: KindDefinition, makeStore: StoreFactory = (k, options) => new ResourceStore(k, options)): ResourceStore {
    const store = makeStore(kind, { backend: this.#backend, namespaceGuard: this.#guard, ...(this.#cache ? { cache: this.#cache } : {}) });
    this.#stores.set(resourceKey(kind.group, kind.version, kind.plural), store);
    this.#kinds.push(kind);
    this.#generation++;
    return store;
  }

  /** Stops serving a kind (a custom resource whose definition went away or changed). */
  remove(group: string, version: string, resource: string): void {
    const key = resourceKey(group, version, resource);
    const store = this.#stores.get(key);
    if (!store) return;
    this.#stores.delete(key);
    this.#kinds.splice(this.#kinds.indexOf(store.kind), 1);
    this.#generation++;
  }

  /** Changes whenever the set of kinds changes: documents derived from the kinds are cached by it. */
  get generation(): number {
    return this.#generation;
  }

  kinds(): readonly KindDefinition[] {
    return this.#kinds;
  }

  lookup(group: string, version: string, resource: string): ResourceStore | undefined {
    return this.#stores.get(resourceKey(group, version, resource));
  }

  /** The store for a kind by group and kind name, e.g. ("apps", "Deployment"). */
  forKind(group: string, kind: string): ResourceStore {
    for (const store of this.#stores.values()) {
      if (store.kind.group === group && store.kind.kind === kind) return store;
    }
    throw new Error(`No kind ${kind} in group "${group}" is registered`);
  }

  readonly #guard: NamespaceGuard = async (namespace: string, resource: ResourceRef, name: string) => {
    const namespaces = this.forKind("", "Namespace");
    let phase: unknown;
    try {
      // From the watch cache when it has the namespace, as upstream's NamespaceLifecycle reads an informer:
      // a create checks it, so it must be cheap. Its parsed form is shared: read only.
      const stored = this.#cache?.get(namespaces.key("", namespace)) ?? (await namespaces.get("", namespace));
      phase = (stored.object.status as { phase?: unknown } | undefined)?.phase;
    } catch (error: unknown) {
      if (error instanceof ApiError && error.code === 404) throw notFound(namespaces.ref, namespace);
      throw error;
    }
    if (phase === "Terminating") {
      const qualified = resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
      throw new ApiError("Forbidden", `${qualified} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
        name,
        ...(resource.group ? { group: resource.group } : {}),
        kind: resource.plural,
        causes: [{ reason: "NamespaceTerminating", message: `namespace ${namespace} is being terminated`, field: "metadata.namespace" }],
      });
    }
  };
}

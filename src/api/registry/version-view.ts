/**
 * A ResourceStore for a version served from another kind's storage
 * (autoscaling/v1 over autoscaling/v2, events.k8s.io/v1 over core v1):
 * every verb runs on the storage store, with objects converted on the way
 * in and out, so validation, conflicts, finalizers and watches behave as
 * they do for the stored kind. Converted objects are cached per stored
 * object, so many watchers of one event convert it once.
 */
import type { KubeObject } from "../../apis/types.js";
import type { VersionView } from "../../apis/version-view.js";
import { badRequest } from "../../machinery/status.js";
import type { Revision } from "../../store/types.js";
import { encodeObject } from "./codec.js";
import type { Selection } from "./selection.js";
import { ResourceStore, type DeleteOptions, type DeleteOutcome, type ListPage, type ListQuery, type NamespaceGuard, type WriteOptions, type WriteOutcome, type WriteSubresource } from "./store.js";
import { StoredObject } from "./stored-object.js";
import type { ActiveWatch, WatchQuery, WatchSink } from "./watch.js";
import type { Backend } from "../../store/types.js";
import type { Registry } from "./index.js";
import { cloneJson } from "../../machinery/clone.js";

export class ConvertedStore extends ResourceStore {
  readonly #storage: ResourceStore;
  readonly #view: VersionView;
  readonly #converted = new WeakMap<StoredObject, StoredObject>();

  constructor(view: VersionView, storage: ResourceStore, options: { backend: Backend; namespaceGuard: NamespaceGuard }) {
    super(view.kind, options);
    this.#storage = storage;
    this.#view = view;
  }

  override currentRevision(): Revision {
    return this.#storage.currentRevision();
  }

  override key(namespace: string, name: string): string {
    return this.#storage.key(namespace, name);
  }

  override prefix(namespace: string): string {
    return this.#storage.prefix(namespace);
  }

  override async get(namespace: string, name: string): Promise<StoredObject> {
    return this.#convertStored(await this.#storage.get(namespace, name));
  }

  override async create(namespace: string, body: KubeObject, options: WriteOptions): Promise<WriteOutcome> {
    const outcome = await this.#storage.create(namespace, this.#toStorage(body, undefined), options);
    // Not the stored text: that is the storage version's.
    return { object: this.#view.fromStorage(outcome.object), warnings: outcome.warnings };
  }

  override update(namespace: string, name: string, body: KubeObject, options: WriteOptions & { subresource?: WriteSubresource }): Promise<WriteOutcome> {
    if (body.metadata?.name !== undefined && body.metadata.name !== name) {
      throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    }
    return this.guaranteedUpdate(namespace, name, () => cloneJson(body), options);
  }

  override async guaranteedUpdate(
    namespace: string,
    name: string,
    mutate: (current: KubeObject) => KubeObject,
    options: WriteOptions & { subresource?: WriteSubresource },
  ): Promise<WriteOutcome> {
    const outcome = await this.#storage.guaranteedUpdate(namespace, name, (current) => this.#toStorage(mutate(this.#view.fromStorage(current)), current), options);
    return { object: this.#view.fromStorage(outcome.object), warnings: outcome.warnings };
  }

  override async delete(namespace: string, name: string, options: DeleteOptions, dryRun: boolean): Promise<DeleteOutcome> {
    const outcome = await this.#storage.delete(namespace, name, options, dryRun);
    return { object: this.#view.fromStorage(outcome.object), pending: outcome.pending };
  }

  override async list(namespace: string, query: ListQuery): Promise<ListPage> {
    const page = await this.#storage.list(namespace, { ...query, selection: this.#storageSelection(query.selection) });
    return { ...page, items: page.items.map((item) => this.#convertStored(item)) };
  }

  override watch(namespace: string, query: WatchQuery, sink: WatchSink, signal: AbortSignal): Promise<ActiveWatch> {
    return this.#storage.watch(
      namespace,
      { ...query, selection: this.#storageSelection(query.selection) },
      { event: (type, stored) => sink.event(type, this.#convertStored(stored)), close: (error) => sink.close(error) },
      signal,
    );
  }

  /** The served kind's type meta is checked here; the stored kind's checks run on the converted object. */
  #toStorage(body: KubeObject, stored: KubeObject | undefined): KubeObject {
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("the body of the request must be a JSON object");
    if (body.apiVersion !== undefined && body.apiVersion !== this.apiVersion) {
      throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${this.apiVersion})`);
    }
    if (body.kind !== undefined && body.kind !== this.kind.kind) {
      throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${this.kind.kind})`);
    }
    return this.#view.toStorage({ ...body, metadata: body.metadata ?? {} }, stored);
  }

  /** Selectors name the served version's fields, so they match converted objects. */
  #storageSelection(selection: Selection): Selection {
    if (!selection.filters) return selection;
    return { filters: true, matches: (object) => selection.matches(this.#view.fromStorage(object)) };
  }

  #convertStored(stored: StoredObject): StoredObject {
    let converted = this.#converted.get(stored);
    if (!converted) {
      const object = this.#view.fromStorage(stored.object);
      converted = new StoredObject({ key: stored.key, value: encodeObject(object), createRevision: 0, modRevision: stored.revision }, stored.revision, { shared: true });
      this.#converted.set(stored, converted);
    }
    return converted;
  }
}

/** Serves each view whose stored kind the registry serves (test registries may hold only a few kinds). */
export function installVersionViews(registry: Registry, views: readonly VersionView[]): void {
  for (const view of views) {
    const storage = registry.lookup(view.storage.group, view.storage.version, view.storage.plural);
    if (!storage || registry.lookup(view.kind.group, view.kind.version, view.kind.plural)) continue;
    registry.add(view.kind, (_kind, options) => new ConvertedStore(view, storage, options));
  }
}

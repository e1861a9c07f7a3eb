/**
 * The generic registry store: one instance per kind serves create, get,
 * list, update, patch, delete and watch over the versioned store, with every
 * piece of object semantics written once (upstream's generic registry
 * Store). Kinds plug in through their Strategy hooks and schema.
 */
import type { KindDefinition, KubeObject } from "../../apis/types.js";
import type { Backend, KeyValue, Revision } from "../../store/types.js";
import { CompactedError, FutureRevisionError } from "../../store/types.js";
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  invalidObject,
  notFound,
  type ResourceRef,
} from "../../machinery/status.js";
import { checkSchema } from "../../machinery/schema-check.js";
import { recordManagedFields } from "../../machinery/managed-fields/index.js";
import type { FieldError } from "../../machinery/field-errors.js";
import { encodeObject, withResourceVersion } from "./codec.js";
import { StoredObject, storedObjectOf, storedObjectWritten } from "./stored-object.js";
import type { ObjectCache } from "./object-cache.js";
import { startWatch, type ActiveWatch, type WatchQuery, type WatchSink } from "./watch.js";
import { collectionPrefix, objectKey } from "./keys.js";
import {
  carryUpdateMetadata,
  fillCreateMetadata,
  generateName,
  timestamp,
  validateMetadataUpdate,
  validateObjectMeta,
} from "./metadata.js";
import type { Selection } from "./selection.js";
import { cloneJson } from "../../machinery/clone.js";

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export interface WriteOptions {
  readonly dryRun: boolean;
  readonly fieldValidation: FieldValidation;
  /** Who the write is recorded under in managedFields; in-process writes default to `mini`. */
  readonly fieldManager?: string;
  /** A server-side apply: the mutation set managedFields itself, so no Update entry is recorded. */
  readonly applied?: boolean;
}

export interface WriteOutcome {
  readonly object: KubeObject;
  /**
   * The object's JSON text as stored, with its resourceVersion, when the
   * write stored it: a response sends it instead of serialising `object`.
   */
  readonly raw?: string;
  /** Texts for `Warning:` headers (unknown fields under `Warn`). */
  readonly warnings: readonly string[];
}

export interface DeleteOptions {
  readonly propagationPolicy?: "Orphan" | "Background" | "Foreground";
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly gracePeriodSeconds?: number;
}

export interface DeleteOutcome {
  readonly object: KubeObject;
  /** The object's JSON text as stored, when the answer is a stored version: sent as is. */
  readonly raw?: string;
  /** True when finalizers keep the object alive (it now has a deletionTimestamp). */
  readonly pending: boolean;
}

export interface ListQuery {
  readonly selection: Selection;
  /** "" (newest), "0" (any), or a revision. */
  readonly resourceVersion: string;
  readonly resourceVersionMatch: "" | "NotOlderThan" | "Exact";
  readonly limit: number;
  readonly continueToken: string;
}

export interface ListPage {
  readonly items: StoredObject[];
  readonly revision: Revision;
  /** Token for the next page, "" on the last one. */
  readonly continueToken: string;
  readonly remainingItemCount?: number;
}

/** Gate for creates in a namespace: throws when it is missing or terminating. */
export type NamespaceGuard = (namespace: string, resource: ResourceRef, name: string) => Promise<void>;

/** What an admission step knows about the write besides the objects. */
export interface AdmissionContext {
  readonly dryRun: boolean;
  /** Set for writes through a subresource (status, binding, finalize). */
  readonly subresource?: WriteSubresource;
}

/**
 * A check that needs other objects (upstream's validating admission): field
 * errors give a 422; an ApiError (such as a quota's 403) is the answer as
 * is. `old` is absent on create.
 */
export type Admission = (object: KubeObject, old: KubeObject | undefined, context: AdmissionContext) => Promise<FieldError[] | ApiError>;

/**
 * A change to a new object before it is validated (upstream's mutating
 * admission, e.g. LimitRange defaults). Runs on create, after the kind's
 * defaults; edits `object` in place or throws an ApiError.
 */
export type MutatingAdmission = (object: KubeObject) => Promise<void>;

/** Subresources written through the main store with their own rules. */
export type WriteSubresource = "status" | "finalize" | "binding";

/** Edits `current` (a copy of the stored object, made for this mutation alone) and returns the object to write. */
type Mutation = (current: KubeObject) => KubeObject;

/** Mutations that replace the object whole (a PUT, a binding): they never read `current`, so they get no copy of it. */
const replacements = new WeakSet<Mutation>();

/** The mutation that writes a copy of `body` in place of the stored object. */
export function replacement(body: KubeObject): Mutation {
  const mutation: Mutation = () => cloneJson(body);
  replacements.add(mutation);
  return mutation;
}

/**
 * The mutation of a status write: it reads only the body's status, annotations and
 * resourceVersion (see #prepareUpdate), so only those are copied; the spec, often a whole
 * pod's, is left as the caller's and never read.
 */
function statusReplacement(body: KubeObject): Mutation {
  const { annotations } = body.metadata ?? {};
  const mutation: Mutation = () => ({
    ...body,
    metadata: { ...body.metadata, ...(annotations === undefined ? {} : { annotations: cloneJson(annotations) }) },
    ...(body.status === undefined ? {} : { status: cloneJson(body.status) }),
  });
  replacements.add(mutation);
  return mutation;
}

/**
 * A copy of `current` that may be edited at its top level and in its metadata; everything else
 * is shared with `current`. The writes that keep the stored spec (status, binding) start from it
 * rather than from a deep copy: the object they write joins `current` in the cache, and what is
 * cached is only read.
 */
function withOwnMetadata(current: KubeObject): KubeObject {
  return { ...current, metadata: { ...current.metadata } };
}

const MAX_UNCONDITIONAL_RETRIES = 8;

/** The state a write starts from. */
interface Snapshot {
  readonly stored: StoredObject;
  /**
   * Read from the watch cache, which may lag the store by the commits whose
   * events are on their way. Good enough to try a compare-and-swap (a stale
   * one fails and hands back the current value); anything else it decides
   * alone (a stale resourceVersion, a write that changes nothing) is checked
   * against the store first.
   */
  readonly cached: boolean;
}

/**
 * What a write returns: the stored text for responses, and the parsed object
 * parsed only when asked for. It is the caller's own copy (in-process
 * callers may edit it), unlike the StoredObject the watchers share.
 */
function written<Rest extends object>(stored: StoredObject, rest: Rest): Rest & { readonly object: KubeObject; readonly raw: string } {
  let object: KubeObject | undefined;
  return {
    ...rest,
    // The writer's own copy: copying the shared parsed form (which the write adopted) is cheaper than parsing.
    get object() {
      object ??= cloneJson(stored.object);
      return object;
    },
    raw: stored.raw,
  };
}

/** The manager of writes from controllers, the scheduler and fake nodes, which carry no fieldManager. */
const IN_PROCESS_MANAGER = "mini";

export class ResourceStore {
  readonly ref: ResourceRef;
  readonly #backend: Backend;
  readonly #guard: NamespaceGuard;
  readonly #cache: ObjectCache | undefined;
  readonly #admissions: Admission[] = [];
  readonly #mutations: MutatingAdmission[] = [];

  constructor(
    readonly kind: KindDefinition,
    options: { backend: Backend; namespaceGuard: NamespaceGuard; cache?: ObjectCache },
  ) {
    this.#cache = options.cache;
    this.ref = { group: kind.group, plural: kind.plural, kind: kind.kind };
    this.#backend = options.backend;
    this.#guard = options.namespaceGuard;
  }

  get apiVersion(): string {
    return this.kind.group ? `${this.kind.group}/${this.kind.version}` : this.kind.version;
  }

  addAdmission(admission: Admission): void {
    this.#admissions.push(admission);
  }

  addMutatingAdmission(mutation: MutatingAdmission): void {
    this.#mutations.push(mutation);
  }

  async #mutate(object: KubeObject): Promise<void> {
    for (const mutation of this.#mutations) await mutation(object);
  }

  async #admit(object: KubeObject, old: KubeObject | undefined, context: AdmissionContext): Promise<void> {
    for (const admission of this.#admissions) {
      const result = await admission(object, old, context);
      if (result instanceof ApiError) throw result;
      if (result.length) throw invalidObject(this.ref, object.metadata.name ?? "", result);
    }
  }

  currentRevision(): Revision {
    return this.#backend.currentRevision();
  }

  key(namespace: string, name: string): string {
    return objectKey(this.kind, namespace, name);
  }

  prefix(namespace: string): string {
    return collectionPrefix(this.kind, namespace);
  }

  async get(namespace: string, name: string): Promise<StoredObject> {
    const kv = await this.#backend.get(this.key(namespace, name));
    if (!kv) throw notFound(this.ref, name);
    return new StoredObject(kv, kv.modRevision);
  }

  async create(namespace: string, body: KubeObject, options: WriteOptions): Promise<WriteOutcome> {
    this.#checkTypeMeta(body);
    const object = cloneJson(body);
    object.metadata ??= {};
    if (this.kind.namespaced) {
      if (object.metadata.namespace && object.metadata.namespace !== namespace) {
        throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
    }
    if (object.metadata.resourceVersion) throw badRequest("resourceVersion should not be set on objects to be created");
    const warnings = this.#checkFields(object, options.fieldValidation);
    fillCreateMetadata(object, this.kind, namespace);
    this.kind.strategy.defaults?.(object);
    await this.#mutate(object);
    this.kind.strategy.prepareForCreate?.(object);
    const errors = [...validateObjectMeta(object.metadata, this.kind), ...(this.kind.strategy.validate?.(object) ?? [])];
    const name = object.metadata.name ?? object.metadata.generateName ?? "";
    if (errors.length) throw invalidObject(this.ref, name, errors);
    warnings.push(...this.#recordManagers(object, undefined, object, options));
    if (this.kind.namespaced) await this.#guard(namespace, this.ref, name);
    await this.#admit(object, undefined, { dryRun: options.dryRun });
    if (options.dryRun) return { object, warnings };
    const generated = !body.metadata?.name && Boolean(body.metadata?.generateName);
    for (let attempt = 0; ; attempt++) {
      const result = await this.#backend.create(this.key(namespace, object.metadata.name ?? ""), encodeObject(object));
      if (result.ok) return written(storedObjectWritten(result.kv, object), { warnings });
      if (result.reason !== "exists") throw new Error(`Unexpected store answer to create: ${result.reason}`);
      // A generated name may collide; upstream retries a few times with fresh suffixes.
      if (!generated || attempt >= 7) throw alreadyExists(this.ref, object.metadata.name ?? "");
      object.metadata.name = generateName(object.metadata.generateName ?? "");
    }
  }

  /** PUT of the main resource or the status subresource. */
  update(namespace: string, name: string, body: KubeObject, options: WriteOptions & { subresource?: WriteSubresource }): Promise<WriteOutcome> {
    this.#checkTypeMeta(body);
    if (body.metadata?.name !== undefined && body.metadata.name !== name) {
      throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (this.kind.namespaced && body.metadata?.namespace && body.metadata.namespace !== namespace) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    return this.guaranteedUpdate(namespace, name, options.subresource === "status" ? statusReplacement(body) : replacement(body), options);
  }

  /**
   * Reads the current object, applies `mutate`, and writes the result with
   * compare-and-swap. A client-supplied resourceVersion makes the write
   * conditional (stale → 409); otherwise a lost race is retried.
   */
  async guaranteedUpdate(
    namespace: string,
    name: string,
    mutate: Mutation,
    options: WriteOptions & { subresource?: WriteSubresource },
  ): Promise<WriteOutcome> {
    const key = this.key(namespace, name);
    // The newest value the store handed back (a lost compare-and-swap), or null to read it.
    let known: KeyValue | null = null;
    let trustCache = true;
    for (let attempt = 0; attempt < MAX_UNCONDITIONAL_RETRIES; ) {
      const snapshot = await this.#snapshot(key, known, trustCache);
      if (!snapshot) throw notFound(this.ref, name);
      const { stored, cached } = snapshot;
      const current = stored.object;
      const candidate = mutate(replacements.has(mutate) ? current : cloneJson(current));
      candidate.metadata ??= {};
      const requested = candidate.metadata.resourceVersion;
      const conditional = requested !== undefined && requested !== "";
      if (conditional && requested !== String(stored.revision)) {
        if (cached) {
          // The cache may be behind the version the client saw: ask the store.
          [known, trustCache] = [null, false];
          continue;
        }
        throw this.#staleError(name);
      }
      const warnings = options.subresource ? [] : this.#checkFields(candidate, options.fieldValidation);
      const next = this.#prepareUpdate(candidate, current, options.subresource);
      warnings.push(...this.#recordManagers(next, current, candidate, options));
      const encoded = encodeObject(next);
      if (withResourceVersion(encoded, stored.revision) === stored.raw) {
        if (cached) {
          // Unchanged from the cached version; the store's may differ.
          [known, trustCache] = [null, false];
          continue;
        }
        return written(stored, { warnings });
      }
      await this.#admit(next, current, { dryRun: options.dryRun, ...(options.subresource ? { subresource: options.subresource } : {}) });
      // Copies: for status writes and bindings, `next` shares its spec with the cached object.
      if (options.dryRun) return { object: cloneJson({ ...next, metadata: { ...next.metadata, resourceVersion: String(stored.revision) } }), warnings };
      const finished =
        next.metadata.deletionTimestamp &&
        (next.metadata.deletionGracePeriodSeconds ?? 0) === 0 &&
        (next.metadata.finalizers ?? []).length === 0 &&
        this.#specFinalizers(next).length === 0;
      const result = finished ? await this.#backend.delete(key, stored.revision) : await this.#backend.update(key, encoded, stored.revision);
      if (result.ok) {
        if (finished) return { object: cloneJson({ ...next, metadata: { ...next.metadata, resourceVersion: String(result.kv.modRevision) } }), warnings };
        return written(storedObjectWritten(result.kv, next), { warnings });
      }
      if (result.reason === "not-found") throw notFound(this.ref, name);
      // A client's resourceVersion equal to a stale cached one is stale too.
      if (conditional) throw this.#staleError(name);
      known = result.reason === "conflict" ? result.current : null;
      attempt++;
    }
    throw this.#staleError(name);
  }

  /** The object a write starts from: `known`, else the watch cache's copy (when trusted), else the store's. */
  async #snapshot(key: string, known: KeyValue | null, trustCache: boolean): Promise<Snapshot | null> {
    if (known) return { stored: storedObjectOf(known), cached: false };
    const cached = trustCache ? this.#cache?.get(key) : undefined;
    if (cached) return { stored: cached, cached: true };
    const kv = await this.#backend.get(key);
    return kv ? { stored: storedObjectOf(kv), cached: false } : null;
  }

  #prepareUpdate(candidate: KubeObject, current: KubeObject, subresource: WriteSubresource | undefined): KubeObject {
    let next: KubeObject;
    if (subresource === "binding") {
      next = bindToNode(current, candidate, this.ref);
    } else if (subresource === "finalize") {
      next = cloneJson(current);
      next.spec = { ...(next.spec as object | undefined), finalizers: (candidate.spec as { finalizers?: unknown } | undefined)?.finalizers ?? [] };
    } else if (subresource === "status") {
      // A status write changes status (and annotations, which controllers such as the
      // Deployment controller write with it, as upstream allows); spec and the rest stay.
      next = withOwnMetadata(current);
      if (candidate.status === undefined) delete next.status;
      else next.status = candidate.status;
      if (candidate.metadata.annotations === undefined) delete next.metadata.annotations;
      else next.metadata.annotations = candidate.metadata.annotations;
    } else {
      next = candidate;
      carryUpdateMetadata(next, current);
      if (this.kind.subresources.status) {
        if (current.status === undefined) delete next.status;
        else next.status = cloneJson(current.status);
      }
      this.#keepSpecFinalizers(next, current);
      this.kind.strategy.defaults?.(next);
      this.kind.strategy.prepareForUpdate?.(next, current);
    }
    next.apiVersion = this.apiVersion;
    next.kind = this.kind.kind;
    const errors = [...validateObjectMeta(next.metadata, this.kind), ...validateMetadataUpdate(next.metadata, current.metadata), ...this.#kindErrors(next, current, subresource)];
    if (errors.length) throw invalidObject(this.ref, current.metadata.name ?? "", errors);
    // Only a write of the object itself changes its spec: binding assigns a node through its own REST
    // storage upstream, which leaves generation alone; status and finalize writes keep the spec.
    if (this.kind.tracksGeneration && subresource === undefined && specChanged(next, current)) {
      next.metadata.generation = (current.metadata.generation ?? 0) + 1;
    }
    delete next.metadata.resourceVersion;
    return next;
  }

  /**
   * The kind's own rules for an update: its status rules for a status write when it has them; none for
   * binding and finalize, which change one field those rules forbid clients to touch.
   */
  #kindErrors(next: KubeObject, current: KubeObject, subresource: WriteSubresource | undefined): FieldError[] {
    const strategy = this.kind.strategy;
    if (subresource === "binding" || subresource === "finalize") return [];
    if (subresource === "status" && strategy.validateStatusUpdate) return strategy.validateStatusUpdate(next, current);
    return [...(strategy.validate?.(next) ?? []), ...(strategy.validateUpdate?.(next, current) ?? [])];
  }

  /**
   * managedFields of the object about to be written: an apply computed them
   * in `candidate`; any other write records its manager (binding aside: upstream
   * assigns the node without field management). Returns response warnings.
   */
  #recordManagers(next: KubeObject, current: KubeObject | undefined, candidate: KubeObject, options: WriteOptions & { subresource?: WriteSubresource }): string[] {
    if (options.subresource === "binding") return [];
    if (options.applied) {
      if (candidate.metadata.managedFields === undefined) delete next.metadata.managedFields;
      else next.metadata.managedFields = candidate.metadata.managedFields;
      return [];
    }
    const manager = options.fieldManager ?? IN_PROCESS_MANAGER;
    return recordManagedFields(next, current, { kind: this.kind, apiVersion: this.apiVersion, manager, subresource: options.subresource ?? "", now: timestamp() });
  }

  async delete(namespace: string, name: string, options: DeleteOptions, dryRun: boolean): Promise<DeleteOutcome> {
    const key = this.key(namespace, name);
    let known: KeyValue | null = null;
    let trustCache = true;
    for (let attempt = 0; attempt < MAX_UNCONDITIONAL_RETRIES; ) {
      const snapshot = await this.#snapshot(key, known, trustCache);
      if (!snapshot) throw notFound(this.ref, name);
      const { stored, cached } = snapshot;
      const current = stored.object;
      const marked = this.#preconditionsHold(current, options, !cached) ? this.#markForDeletion(current, options) : undefined;
      if (cached && (marked === undefined || marked === current)) {
        // A failed precondition or nothing to change, as seen in the watch cache: ask the store.
        [known, trustCache] = [null, false];
        continue;
      }
      const ownCopy = (): KubeObject => JSON.parse(stored.raw) as KubeObject;
      if (marked) {
        if (marked === current) return { object: ownCopy(), pending: true };
        if (dryRun) return { object: marked, pending: true };
        delete marked.metadata.resourceVersion;
        const result = await this.#backend.update(key, encodeObject(marked), stored.revision);
        if (result.ok) return written(storedObjectWritten(result.kv, marked), { pending: true });
        known = result.reason === "conflict" ? result.current : null;
        attempt++;
        continue;
      }
      if (dryRun) return { object: ownCopy(), pending: false };
      const result = await this.#backend.delete(key, stored.revision);
      if (result.ok) return written(stored, { pending: false });
      if (result.reason === "not-found") throw notFound(this.ref, name);
      known = result.reason === "conflict" ? result.current : null;
      attempt++;
    }
    throw this.#staleError(name);
  }

  /**
   * What a delete does to an object that cannot go at once: the object with
   * deletionTimestamp set (finalizers to clear, or a grace period to run),
   * `current` itself when nothing changes, or null when it can be removed now.
   */
  #markForDeletion(current: KubeObject, options: DeleteOptions): KubeObject | null {
    const finalizers = withPolicyFinalizer(current.metadata.finalizers ?? [], options.propagationPolicy);
    const grace = this.kind.strategy.deletionGracePeriod?.(current, options.gracePeriodSeconds) ?? 0;
    const held = finalizers.length > 0 || this.#specFinalizers(current).length > 0;
    const meta = current.metadata;
    if (meta.deletionTimestamp) {
      // Already terminating: only a new finalizer or a shorter grace period changes anything.
      const shorter = grace < (meta.deletionGracePeriodSeconds ?? 0);
      if (!shorter && finalizers.length === (meta.finalizers ?? []).length) return held || (meta.deletionGracePeriodSeconds ?? 0) > 0 ? current : null;
      if (grace === 0 && !held) return null;
    } else if (grace === 0 && !held) {
      return null;
    }
    const marked = cloneJson(current);
    marked.metadata.deletionTimestamp = timestamp(new Date(Date.now() + grace * 1000));
    marked.metadata.deletionGracePeriodSeconds = grace;
    if (finalizers.length) marked.metadata.finalizers = finalizers;
    this.#markTerminating(marked);
    return marked;
  }

  /** Starts a watch of the collection; the sink receives events until `signal` aborts or the watch ends. */
  watch(namespace: string, query: WatchQuery, sink: WatchSink, signal: AbortSignal): Promise<ActiveWatch> {
    return startWatch({ backend: this.#backend, prefix: this.prefix(namespace), query, sink, signal });
  }

  async list(namespace: string, query: ListQuery): Promise<ListPage> {
    const prefix = this.prefix(namespace);
    const cached = await this.#listFromCache(prefix, query);
    if (cached) return paginate(cached.items, cached.revision, query);
    const position = this.#listPosition(prefix, query);
    const items: StoredObject[] = [];
    const limit = query.limit > 0 ? query.limit : 0;
    let startKey = position.startKey;
    let revision = position.revision;
    // With a selector a page may need several reads to fill `limit` matches.
    for (;;) {
      const batch = await this.#read(prefix, { ...(revision ? { revision } : {}), ...(limit ? { limit: limit + 1 - items.length } : {}), ...(startKey ? { startKey } : {}) });
      revision = batch.revision;
      for (const kv of batch.kvs) {
        if (limit && items.length === limit) {
          return { items, revision, continueToken: encodeContinue(revision, kv.key), ...(query.selection.filters ? {} : { remainingItemCount: await this.#backend.count(prefix, { revision, startKey: kv.key }) }) };
        }
        const stored = new StoredObject(kv, kv.modRevision);
        if (!query.selection.filters || query.selection.matches(stored.object)) items.push(stored);
      }
      const last = batch.kvs[batch.kvs.length - 1];
      if (!batch.more || !last) return { items, revision, continueToken: "" };
      startKey = `${last.key}\u0000`;
    }
  }

  /**
   * Lists that may be served at the newest state come from the watch cache;
   * exact revisions and continued pages read the store at their revision.
   */
  async #listFromCache(prefix: string, query: ListQuery) {
    if (!this.#cache || query.continueToken || query.resourceVersionMatch === "Exact") return null;
    const rv = query.resourceVersion;
    let minRevision: Revision;
    if (rv === "") minRevision = this.#backend.currentRevision();
    else if (rv === "0") minRevision = 0;
    else {
      this.#listPosition(prefix, query); // Validates the number and refuses future revisions.
      minRevision = Number(rv);
    }
    return this.#cache.list(prefix, { minRevision });
  }

  #listPosition(prefix: string, query: ListQuery): { revision: Revision; startKey: string } {
    if (query.continueToken) {
      const token = decodeContinue(query.continueToken);
      if (!token.key.startsWith(prefix)) throw badRequest("continue key is not valid for this collection");
      return { revision: token.revision, startKey: token.key };
    }
    const rv = query.resourceVersion;
    if (rv === "" || rv === "0") return { revision: 0, startKey: "" };
    const requested = Number(rv);
    if (!Number.isSafeInteger(requested) || requested < 0) throw badRequest(`invalid resource version: ${rv}`);
    if (query.resourceVersionMatch === "Exact") return { revision: requested, startKey: "" };
    const current = this.#backend.currentRevision();
    if (requested > current) {
      throw new ApiError("Timeout", `Too large resource version: ${requested}, current: ${current}`, { retryAfterSeconds: 1 });
    }
    return { revision: 0, startKey: "" };
  }

  async #read(prefix: string, options: { revision?: Revision; limit?: number; startKey?: string }) {
    try {
      return await this.#backend.list(prefix, options);
    } catch (error: unknown) {
      if (error instanceof CompactedError) {
        throw new ApiError("Expired", `The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.`);
      }
      if (error instanceof FutureRevisionError) {
        throw new ApiError("Timeout", `Too large resource version: ${error.requested}, current: ${error.currentRevision}`, { retryAfterSeconds: 1 });
      }
      throw error;
    }
  }

  #checkTypeMeta(body: KubeObject): void {
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("the body of the request must be a JSON object");
    if (body.apiVersion !== undefined && body.apiVersion !== this.apiVersion) {
      throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${this.apiVersion})`);
    }
    if (body.kind !== undefined && body.kind !== this.kind.kind) {
      throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${this.kind.kind})`);
    }
    body.apiVersion = this.apiVersion;
    body.kind = this.kind.kind;
    if (body.metadata !== undefined && (typeof body.metadata !== "object" || body.metadata === null || Array.isArray(body.metadata))) {
      throw badRequest("metadata must be an object");
    }
  }

  /** Unknown fields: an error under Strict, a warning under Warn; pruned unless Strict. Wrong types always fail. */
  #checkFields(object: KubeObject, mode: FieldValidation): string[] {
    const check = checkSchema(object, this.kind.schema, { prune: mode !== "Strict" });
    if (check.typeErrors.length) throw badRequest(`unable to decode the object: ${check.typeErrors.join("; ")}`);
    if (!check.unknownFields.length) return [];
    const messages = check.unknownFields.map((path) => `unknown field "${path}"`);
    if (mode === "Strict") throw badRequest(`strict decoding error: ${messages.join(", ")}`);
    return mode === "Warn" ? messages : [];
  }

  /**
   * Whether a delete's preconditions (uid, resourceVersion) hold for
   * `current`. When they do not: false for a possibly stale copy, the 409
   * for the store's own.
   */
  #preconditionsHold(current: KubeObject, options: DeleteOptions, fresh: boolean): boolean {
    const uid = options.preconditions?.uid;
    if (uid && uid !== current.metadata.uid) {
      if (!fresh) return false;
      throw conflict(this.ref, current.metadata.name ?? "", `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid ?? ""}`);
    }
    const rv = options.preconditions?.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) {
      if (!fresh) return false;
      throw conflict(this.ref, current.metadata.name ?? "", `Precondition failed: ResourceVersion in precondition: ${rv}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ""}`);
    }
    return true;
  }

  /** Namespaces keep themselves alive through `spec.finalizers` until their content is gone. */
  #specFinalizers(object: KubeObject): unknown[] {
    if (this.kind.kind !== "Namespace") return [];
    const spec = object.spec as { finalizers?: unknown[] } | undefined;
    return spec?.finalizers ?? [];
  }

  /** Only the finalize subresource may change a namespace's spec.finalizers. */
  #keepSpecFinalizers(next: KubeObject, current: KubeObject): void {
    if (this.kind.kind !== "Namespace") return;
    const finalizers = (current.spec as { finalizers?: unknown } | undefined)?.finalizers;
    const spec = { ...(next.spec as object | undefined) } as { finalizers?: unknown };
    if (finalizers === undefined) delete spec.finalizers;
    else spec.finalizers = cloneJson(finalizers);
    next.spec = spec;
  }

  #markTerminating(object: KubeObject): void {
    if (this.kind.kind !== "Namespace") return;
    object.status = { ...(object.status as object | undefined), phase: "Terminating" };
  }

  #staleError(name: string): ApiError {
    return conflict(this.ref, name, "the object has been modified; please apply your changes to the latest version and try again");
  }
}

/** The binding subresource: assign an unbound, live pod to a node and mark it scheduled. */
function bindToNode(current: KubeObject, binding: KubeObject, ref: ResourceRef): KubeObject {
  const name = current.metadata.name ?? "";
  const target = (binding as { target?: { name?: unknown } }).target?.name;
  if (typeof target !== "string" || target === "") {
    throw invalidObject({ group: "", plural: "bindings", kind: "Binding" }, name, [{ reason: "FieldValueRequired", field: "target.name", message: "Required value" }]);
  }
  const spec = (current.spec ?? {}) as { nodeName?: string };
  if (current.metadata.deletionTimestamp) throw conflict(ref, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  if (spec.nodeName) throw conflict(ref, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
  const next = withOwnMetadata(current);
  next.spec = { ...(next.spec as object), nodeName: target };
  const status = { ...(next.status as object | undefined) } as { conditions?: { type?: string }[]; nominatedNodeName?: string };
  // Once bound, a nomination (from preemption or another component) is stale; upstream's binding clears it too (KEP-5278).
  delete status.nominatedNodeName;
  const scheduled = { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: timestamp() };
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== "PodScheduled"), scheduled];
  next.status = status;
  return next;
}

function withPolicyFinalizer(finalizers: readonly string[], policy: DeleteOptions["propagationPolicy"]): string[] {
  const wanted = policy === "Foreground" ? "foregroundDeletion" : policy === "Orphan" ? "orphan" : undefined;
  if (!wanted || finalizers.includes(wanted)) return [...finalizers];
  return [...finalizers, wanted];
}

/** True when anything outside metadata and status differs: that is what bumps generation. */
function specChanged(next: KubeObject, current: KubeObject): boolean {
  const strip = ({ metadata: _m, status: _s, ...rest }: KubeObject) => JSON.stringify(rest);
  return strip(next) !== strip(current) || (Boolean(next.metadata.deletionTimestamp) && !current.metadata.deletionTimestamp);
}

/** Applies selection, limit and continue tokens to a cached, key-ordered snapshot. */
function paginate(all: readonly StoredObject[], revision: Revision, query: ListQuery): ListPage {
  const limit = query.limit > 0 ? query.limit : 0;
  const items: StoredObject[] = [];
  for (let index = 0; index < all.length; index++) {
    const stored = all[index] as StoredObject;
    if (limit && items.length === limit) {
      return { items, revision, continueToken: encodeContinue(revision, stored.key), ...(query.selection.filters ? {} : { remainingItemCount: all.length - index }) };
    }
    if (!query.selection.filters || query.selection.matches(stored.object)) items.push(stored);
  }
  return { items, revision, continueToken: "" };
}

function encodeContinue(revision: Revision, key: string): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: revision, start: key })).toString("base64url");
}

function decodeContinue(token: string): { revision: Revision; key: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { rv?: unknown; start?: unknown };
    if (typeof parsed.rv === "number" && typeof parsed.start === "string") return { revision: parsed.rv, key: parsed.start };
  } catch (error: unknown) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  throw badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
}

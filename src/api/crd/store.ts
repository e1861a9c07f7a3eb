/**
 * The store of one custom resource version: the generic registry store
 * with what custom resources add upstream.
 * - Values of the wrong type are validation errors (422 with the schema's
 *   message), not decoding errors, because custom objects decode into
 *   untyped JSON first.
 * - Reads present every object at the requested version (conversion None:
 *   only apiVersion changes) and fill defaults into objects written before
 *   the current schema. Objects are stored at the version they were written
 *   through, so every served version counts as a stored version.
 * - Creates are refused while the definition is being deleted.
 */
import type { KindDefinition, KubeObject } from "../../apis/types.js";
import { checkSchema } from "../../machinery/schema-check.js";
import { ApiError, invalidObject } from "../../machinery/status.js";
import type { Revision } from "../../store/types.js";
import { encodeObject } from "../registry/codec.js";
import {
  ResourceStore,
  StoredObject,
  type ActiveWatch,
  type ListPage,
  type ListQuery,
  type StoreFactory,
  type WatchQuery,
  type WatchSink,
  type WriteOptions,
  type WriteOutcome,
} from "../registry/index.js";
import { applyDefaults } from "./defaults.js";
import { hasDefaults, type CrdSchema } from "./schema.js";
import { validateCustomObject } from "./validate.js";
import { cloneJson } from "../../machinery/clone.js";

/** Shared by the stores of every version of one definition. */
export interface DefinitionState {
  terminating: boolean;
}

export interface CustomStoreSettings {
  readonly state: DefinitionState;
  /** Objects last written before this revision may predate the schema's defaults. */
  readonly schemaRevision: Revision;
  /** The versions objects may be stored at (the definition's status.storedVersions). */
  readonly storedVersions: readonly string[];
}

type StoreOptions = ConstructorParameters<typeof ResourceStore>[1];
type Mutation = Parameters<ResourceStore["guaranteedUpdate"]>[2];
type UpdateOptions = Parameters<ResourceStore["guaranteedUpdate"]>[3];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export class CustomResourceStore extends ResourceStore {
  readonly #settings: CustomStoreSettings;
  readonly #schema: CrdSchema;
  readonly #defaulted: boolean;
  readonly #rawPrefix: string;
  /** Whether objects may be stored at another version; checking costs a flat copy of every listed object. */
  readonly #mixedVersions: boolean;

  constructor(kind: KindDefinition & { readonly schema: CrdSchema }, options: StoreOptions, settings: CustomStoreSettings) {
    super(kind, options);
    this.#settings = settings;
    this.#schema = kind.schema;
    this.#defaulted = hasDefaults(kind.schema);
    this.#rawPrefix = `{"apiVersion":${JSON.stringify(this.apiVersion)},`;
    this.#mixedVersions = settings.storedVersions.some((version) => version !== kind.version);
  }

  override async create(namespace: string, body: KubeObject, options: WriteOptions): Promise<WriteOutcome> {
    if (this.#settings.state.terminating) throw new ApiError("MethodNotAllowed", "create not allowed while custom resource definition is terminating");
    if (!isRecord(body)) return super.create(namespace, body, options);
    const object = cloneJson(body);
    if (this.kind.subresources.status) delete object.status;
    this.#rejectWrongTypes(object);
    return super.create(namespace, object, options);
  }

  override guaranteedUpdate(namespace: string, name: string, mutate: Mutation, options: UpdateOptions): Promise<WriteOutcome> {
    return super.guaranteedUpdate(
      namespace,
      name,
      (current) => {
        const kept = cloneJson(current);
        const candidate = mutate(current);
        if (!isRecord(candidate) || !this.kind.subresources.status) return this.#rejectWrongTypes(candidate);
        // Only what this write may change is checked: status through the status subresource, the rest otherwise.
        if (options.subresource === "status") return this.#rejectWrongTypes({ ...kept, metadata: candidate.metadata, status: candidate.status });
        if (options.subresource === undefined) {
          if (kept.status === undefined) delete candidate.status;
          else candidate.status = kept.status;
        }
        return this.#rejectWrongTypes(candidate);
      },
      options,
    );
  }

  override async get(namespace: string, name: string): Promise<StoredObject> {
    return this.#present(await super.get(namespace, name));
  }

  override async list(namespace: string, query: ListQuery): Promise<ListPage> {
    const page = await super.list(namespace, query);
    return { ...page, items: page.items.map((item) => this.#present(item)) };
  }

  override watch(namespace: string, query: WatchQuery, sink: WatchSink, signal: AbortSignal): Promise<ActiveWatch> {
    return super.watch(namespace, query, { event: (type, object) => sink.event(type, this.#present(object)), close: (error) => sink.close(error) }, signal);
  }

  /**
   * The generic store answers a wrong JSON type with 400, as a typed decoder
   * would; for custom objects upstream reports it, with any other schema
   * violation, as 422 Invalid.
   */
  #rejectWrongTypes(object: KubeObject): KubeObject {
    if (checkSchema(object, this.kind.schema, { prune: false }).typeErrors.length === 0) return object;
    const defaulted = cloneJson(object);
    applyDefaults(defaulted, this.#schema);
    const errors = validateCustomObject(defaulted, this.#schema);
    if (errors.length) throw invalidObject(this.ref, String(object.metadata?.name ?? object.metadata?.generateName ?? ""), errors);
    return object;
  }

  #present(stored: StoredObject): StoredObject {
    const otherVersion = this.#mixedVersions && !stored.raw.startsWith(this.#rawPrefix);
    const undefaulted = this.#defaulted && stored.revision < this.#settings.schemaRevision;
    if (!otherVersion && !undefaulted) return stored;
    const object = JSON.parse(stored.raw) as KubeObject;
    object.apiVersion = this.apiVersion;
    if (undefaulted) applyDefaults(object, this.#schema);
    return new StoredObject({ key: stored.key, value: encodeObject(object), createRevision: 0, modRevision: stored.revision }, stored.revision);
  }
}

/** Builds a CustomResourceStore for the registry. */
export function customStoreFactory(settings: CustomStoreSettings): StoreFactory {
  return (kind, options) => new CustomResourceStore(kind as KindDefinition & { readonly schema: CrdSchema }, options, settings);
}

/**
 * Which custom kinds the registry serves for each definition. A definition
 * is served again (its kinds removed and added) only when its spec or
 * accepted names change, so discovery and OpenAPI documents are rebuilt
 * then and not on every status write.
 */
import type { KindDefinition } from "../../apis/types.js";
import type { Logger } from "../../log.js";
import type { Registry, ResourceStore } from "../registry/index.js";
import type { CrdNames, CustomResourceDefinition } from "./definition.js";
import { servedKinds } from "./kind.js";
import { customStoreFactory, type DefinitionState } from "./store.js";

interface Served {
  readonly signature: string;
  readonly stores: readonly ResourceStore[];
  readonly state: DefinitionState;
}

export class ServedDefinitions {
  readonly #registry: Registry;
  readonly #log: Logger;
  readonly #served = new Map<string, Served>();

  constructor(registry: Registry, log: Logger) {
    this.#registry = registry;
    this.#log = log;
  }

  /** Serves every served version of `crd` under `names`; a no-op when nothing that matters changed. */
  serve(crd: CustomResourceDefinition, names: CrdNames, storedVersions: readonly string[]): void {
    const name = crd.metadata.name ?? "";
    const terminating = Boolean(crd.metadata.deletionTimestamp);
    const signature = JSON.stringify({ spec: crd.spec, names, storedVersions });
    const current = this.#served.get(name);
    if (current?.signature === signature) {
      current.state.terminating = terminating;
      return;
    }
    this.unserve(name);
    const state: DefinitionState = { terminating };
    // Objects written before this revision may lack the new schema's defaults.
    const factory = customStoreFactory({ state, schemaRevision: Number(crd.metadata.resourceVersion ?? 0), storedVersions });
    const stores: ResourceStore[] = [];
    for (const kind of servedKinds(crd, names)) {
      if (this.#registry.lookup(kind.group, kind.version, kind.plural)) {
        this.#log.warn("custom resource not served: the resource is already served", { definition: name, group: kind.group, version: kind.version, resource: kind.plural });
        continue;
      }
      stores.push(this.#registry.add(kind, factory));
    }
    this.#served.set(name, { signature, stores, state });
  }

  unserve(name: string): void {
    const served = this.#served.get(name);
    if (!served) return;
    for (const store of served.stores) {
      const kind: KindDefinition = store.kind;
      if (this.#registry.lookup(kind.group, kind.version, kind.plural) === store) this.#registry.remove(kind.group, kind.version, kind.plural);
    }
    this.#served.delete(name);
  }

  /** The store of the storage version (or any served one): where a definition's objects are found. */
  storeOf(name: string, storageVersion: string): ResourceStore | undefined {
    const stores = this.#served.get(name)?.stores ?? [];
    return stores.find((store) => store.kind.version === storageVersion) ?? stores[0];
  }
}

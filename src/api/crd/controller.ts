/**
 * Turns stored CustomResourceDefinitions into served kinds, inside the API
 * server: one watch on the definitions (its initial events serve every
 * definition already stored, so a restart serves them before the server
 * listens) and one worker that, per definition, decides the names
 * (NamesAccepted, Established), serves the versions, writes the status and,
 * once the definition is deleted, removes its objects and then its
 * finalizer (Terminating).
 */
import type { KubeObject } from "../../apis/types.js";
import { WorkQueue } from "../../client/index.js";
import { runController } from "../../controllers/controller.js";
import type { Logger } from "../../log.js";
import { isApiError } from "../../machinery/status.js";
import { parseSelection, type Registry, type ResourceStore, type StoredObject } from "../registry/index.js";
import { deleteAllObjects } from "./cleanup.js";
import {
  CLEANUP_FINALIZER,
  findCondition,
  storageVersion,
  withCondition,
  type CrdCondition,
  type CrdNames,
  type CrdStatus,
  type CustomResourceDefinition,
} from "./definition.js";
import { decideNames } from "./names.js";
import { ServedDefinitions } from "./serving.js";

/** How soon a terminating definition is looked at again while its objects are going. */
const RETRY_MS = 500;
const WRITE = { dryRun: false, fieldValidation: "Ignore" } as const;

type Condition = Omit<CrdCondition, "lastTransitionTime">;

const ESTABLISHED: Condition = { type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted" };
const NOT_ESTABLISHED: Condition = { type: "Established", status: "False", reason: "NotAccepted", message: "not all names are accepted" };

export interface DefinitionControllerOptions {
  readonly registry: Registry;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

export class DefinitionController {
  readonly #definitions = new Map<string, CustomResourceDefinition>();
  readonly #accepted = new Map<string, CrdNames>();
  readonly #queue = new WorkQueue();
  readonly #served: ServedDefinitions;
  readonly #store: ResourceStore;
  readonly #options: DefinitionControllerOptions;

  constructor(options: DefinitionControllerOptions) {
    this.#options = options;
    this.#store = options.registry.forKind("apiextensions.k8s.io", "CustomResourceDefinition");
    this.#served = new ServedDefinitions(options.registry, options.log);
  }

  /**
   * Watches the definitions and serves the stored ones before resolving (so
   * a restarted server answers for them at once), then keeps syncing.
   */
  async start(): Promise<void> {
    await this.#watch();
    // The queue holds these too: its workers start after, find them in sync, and retry any that failed here.
    for (const name of [...this.#definitions.keys()]) {
      await this.#syncOrRetry(name).catch((error: unknown) => this.#options.log.warn("custom resource definition sync failed", { definition: name, error: String(error) }));
    }
    runController({ name: "customresourcedefinitions", queue: this.#queue, sync: (name) => this.#syncOrRetry(name), log: this.#options.log }, this.#options.signal);
  }

  async #syncOrRetry(name: string): Promise<void> {
    if (await this.#sync(name)) this.#queue.addAfter(name, RETRY_MS);
  }

  async #watch(): Promise<void> {
    const { signal, log } = this.#options;
    const seen = new Set<string>();
    let initial = true;
    await this.#store.watch(
      "",
      { selection: parseSelection(this.#store.kind, "", ""), resourceVersion: "", sendInitialEvents: false },
      {
        event: (type, stored) => {
          if (initial) seen.add(stored.object.metadata.name ?? "");
          this.#observe(type === "DELETED", stored);
        },
        close: (error) => {
          if (signal.aborted) return;
          log.info("definition watch ended; watching again", { reason: error?.message ?? "closed" });
          setTimeout(() => {
            if (!signal.aborted) this.#watch().catch((failure: unknown) => log.error("definition watch failed", { error: String(failure) }));
          }, RETRY_MS);
        },
      },
      signal,
    );
    initial = false;
    // After a re-watch, definitions missing from the initial events were deleted meanwhile.
    for (const name of [...this.#definitions.keys()]) if (!seen.has(name)) this.#forget(name);
  }

  #observe(deleted: boolean, stored: StoredObject): void {
    const crd = stored.object as CustomResourceDefinition;
    const name = crd.metadata.name ?? "";
    if (deleted) this.#forget(name);
    else {
      this.#definitions.set(name, crd);
      this.#queue.add(name);
    }
  }

  #forget(name: string): void {
    const group = this.#definitions.get(name)?.spec.group;
    this.#definitions.delete(name);
    this.#accepted.delete(name);
    this.#served.unserve(name);
    // Names it held may be free now for a definition that asked for them.
    for (const [other, crd] of this.#definitions) if (crd.spec.group === group) this.#queue.add(other);
  }

  /** Brings one definition's serving and status up to date; true when it needs another look soon. */
  async #sync(name: string): Promise<boolean> {
    const crd = this.#definitions.get(name);
    if (!crd) return false;
    const held = this.#accepted.get(name) ?? crd.status?.acceptedNames;
    const others = [...this.#definitions.values()]
      .filter((other) => other !== crd && other.spec.group === crd.spec.group)
      .flatMap((other) => {
        const names = this.#accepted.get(other.metadata.name ?? "") ?? other.status?.acceptedNames;
        return names ? [names] : [];
      });
    const { accepted, namesAccepted } = decideNames(crd, held, others);
    this.#accepted.set(name, accepted);
    const established = findCondition(crd.status, "Established")?.status === "True" || namesAccepted.status === "True";
    let conditions = withCondition(withCondition(crd.status?.conditions, namesAccepted), established ? ESTABLISHED : NOT_ESTABLISHED);
    let again = false;
    const versions = storedVersions(crd);
    if (crd.metadata.deletionTimestamp) {
      // Serving on marks the stores terminating first, so no object is created behind the cleanup.
      if (established) this.#served.serve(crd, accepted, versions);
      const outcome = await this.#finalize(crd, established);
      conditions = withCondition(conditions, outcome.condition);
      again = !outcome.done;
      await this.#writeStatus(crd, { ...crd.status, conditions, acceptedNames: accepted, storedVersions: versions });
      if (outcome.done) await this.#removeFinalizer(name);
      return again;
    }
    if (established) {
      // Definitions get the finalizer when created; older ones get it here, before any object can exist.
      if (!(crd.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER)) {
        await this.#addFinalizer(name);
        // Deleted while that write was on its way: nothing to serve any more.
        if (!this.#definitions.has(name)) return false;
      }
      this.#served.serve(crd, accepted, versions);
    }
    await this.#writeStatus(crd, { ...crd.status, conditions, acceptedNames: accepted, storedVersions: versions });
    return again;
  }

  async #finalize(crd: CustomResourceDefinition, established: boolean): Promise<{ done: boolean; condition: Condition }> {
    if (!established) return { done: true, condition: { type: "Terminating", status: "False", reason: "NeverEstablished", message: "resource was never established" } };
    const store = this.#served.storeOf(crd.metadata.name ?? "", storageVersion(crd));
    const remaining = store ? await deleteAllObjects(store) : 0;
    if (remaining > 0) {
      return { done: false, condition: { type: "Terminating", status: "True", reason: "InstanceDeletionInProgress", message: "CustomResource deletion is in progress" } };
    }
    return { done: true, condition: { type: "Terminating", status: "False", reason: "InstanceDeletionCompleted", message: "removed all instances" } };
  }

  async #writeStatus(crd: CustomResourceDefinition, status: CrdStatus): Promise<void> {
    if (JSON.stringify(status) === JSON.stringify(crd.status)) return;
    await this.#update(crd.metadata.name ?? "", (current) => ({ ...current, status }), "status");
  }

  #addFinalizer(name: string): Promise<void> {
    return this.#update(name, (current) => {
      const finalizers = current.metadata.finalizers ?? [];
      return finalizers.includes(CLEANUP_FINALIZER) ? current : { ...current, metadata: { ...current.metadata, finalizers: [...finalizers, CLEANUP_FINALIZER] } };
    });
  }

  #removeFinalizer(name: string): Promise<void> {
    return this.#update(name, (current) => ({
      ...current,
      metadata: { ...current.metadata, finalizers: (current.metadata.finalizers ?? []).filter((finalizer) => finalizer !== CLEANUP_FINALIZER) },
    }));
  }

  /** An unconditional write of the definition; gone already is fine. */
  async #update(name: string, change: (current: KubeObject) => KubeObject, subresource?: "status"): Promise<void> {
    try {
      await this.#store.guaranteedUpdate(
        "",
        name,
        (current) => {
          const next = change(current);
          delete next.metadata.resourceVersion;
          return next;
        },
        { ...WRITE, ...(subresource ? { subresource } : {}) },
      );
    } catch (error: unknown) {
      if (isApiError(error, 404)) return;
      throw error;
    }
  }
}

/**
 * Versions objects may be stored at: the ones recorded before, the storage
 * version, and (unlike upstream, which converts every write to the storage
 * version) each served version, since objects keep the version they were
 * written through.
 */
function storedVersions(crd: CustomResourceDefinition): string[] {
  const versions = [...(crd.status?.storedVersions ?? [])];
  const served = crd.spec.versions.filter((version) => version.served).map((version) => version.name);
  for (const version of [storageVersion(crd), ...served]) if (!versions.includes(version)) versions.push(version);
  return versions;
}

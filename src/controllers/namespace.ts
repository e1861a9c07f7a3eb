/**
 * The namespace controller: when a namespace is being deleted, it deletes
 * everything inside it, waits until all of it is gone (objects with
 * finalizers may take time), then clears the namespace's `kubernetes`
 * finalizer so the namespace itself disappears. Level-triggered: on start
 * it picks up namespaces that were terminating before a restart.
 */
import type { KubeObject } from "../apis/types.js";
import type { Client, ResourceClient } from "../client/index.js";
import type { Logger } from "../log.js";
import { isApiError } from "../machinery/status.js";

const FINALIZER = "kubernetes";
/**
 * Wait this long after a namespace starts terminating before emptying it,
 * as upstream does: `kubectl delete -f` deletes a namespace and then, one by
 * one, the objects in it, and must find them still there.
 */
export const DELETION_GRACE_MS = 5_000;
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;


export class NamespaceController {
  readonly #namespaces: ResourceClient;
  readonly #client: Client;
  readonly #log: Logger;
  readonly #queued = new Set<string>();
  readonly #retryDelay = new Map<string, number>();
  readonly #delayed = new Set<string>();
  readonly #graceMs: number;
  #running = false;
  #signal: AbortSignal | undefined;

  constructor(client: Client, log: Logger, options: { graceMs?: number } = {}) {
    this.#graceMs = options.graceMs ?? DELETION_GRACE_MS;
    this.#client = client;
    this.#namespaces = client.resource("", "Namespace");
    this.#log = log;
  }

  /** Watches namespaces until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    this.#signal = signal;
    await this.#watch("");
  }

  async #watch(resourceVersion: string): Promise<void> {
    const signal = this.#signal;
    if (!signal || signal.aborted) return;
    const active = await this.#namespaces.watch(
      { resourceVersion },
      {
        event: (type, stored) => {
          const name = stored.object.metadata.name ?? "";
          if (type === "DELETED" || !stored.object.metadata.deletionTimestamp || this.#delayed.has(name)) return;
          this.#delayed.add(name);
          setTimeout(() => {
            this.#delayed.delete(name);
            this.#enqueue(name);
          }, this.#graceMs).unref();
        },
        close: (error) => {
          if (signal.aborted) return;
          // Cut off or expired: resume (or relist) so no terminating namespace is missed.
          const from = error ? "" : String(active.revision);
          this.#watch(from).catch((e: unknown) => this.#log.error("namespace watch failed", { error: String(e) }));
        },
      },
      signal,
    );
  }

  #enqueue(name: string): void {
    this.#queued.add(name);
    if (!this.#running) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      for (const name of this.#queued) {
        this.#queued.delete(name);
        if (this.#signal?.aborted) return;
        await this.#syncSafely(name);
      }
    } finally {
      this.#running = false;
    }
  }

  async #syncSafely(name: string): Promise<void> {
    try {
      const done = await this.#sync(name);
      if (done) {
        this.#retryDelay.delete(name);
        return;
      }
    } catch (error: unknown) {
      this.#log.warn("namespace cleanup failed; retrying", { namespace: name, error: String(error) });
    }
    const delay = Math.min((this.#retryDelay.get(name) ?? FIRST_RETRY_MS / 2) * 2, MAX_RETRY_MS);
    this.#retryDelay.set(name, delay);
    setTimeout(() => this.#enqueue(name), delay).unref();
  }

  /** Returns true when the namespace is gone or needs nothing more. */
  async #sync(name: string): Promise<boolean> {
    let namespace: KubeObject;
    try {
      namespace = await this.#namespaces.get("", name);
    } catch (error: unknown) {
      if (isApiError(error, 404)) return true;
      throw error;
    }
    if (!namespace.metadata.deletionTimestamp) return true;
    let remaining = 0;
    for (const resource of this.#client.namespacedResources()) {
      const { items } = await resource.list({ namespace: name });
      remaining += items.length;
      for (const item of items) {
        if (item.metadata.deletionTimestamp) continue;
        try {
          await resource.delete(name, item.metadata.name ?? "", { propagationPolicy: "Background" });
        } catch (error: unknown) {
          if (!isApiError(error, 404)) throw error;
        }
      }
    }
    if (remaining > 0) return false;
    const finalizers = ((namespace.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).filter((f) => f !== FINALIZER);
    try {
      await this.#namespaces.finalize({ ...namespace, spec: { ...(namespace.spec as object), finalizers } });
    } catch (error: unknown) {
      if (!isApiError(error, 404)) throw error;
    }
    this.#log.info("namespace deleted", { namespace: name });
    return true;
  }
}

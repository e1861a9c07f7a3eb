/**
 * Shared informers: every controller that watches pods shares one pod
 * informer (one watch, one cache), as kube-controller-manager does.
 * Controllers ask for informers first, then `start` fills them all.
 */
import type { Logger } from "../log.js";
import type { Client } from "./index.js";
import { Informer } from "./informer.js";

export class InformerFactory {
  readonly #client: Client;
  readonly #log: Logger;
  readonly #informers = new Map<string, Informer>();
  #started: AbortSignal | undefined;

  constructor(client: Client, log: Logger) {
    this.#client = client;
    this.#log = log;
  }

  /** The shared informer for a kind, e.g. `forKind("apps", "Deployment")`. */
  forKind(group: string, kind: string): Informer {
    const key = `${group}/${kind}`;
    let informer = this.#informers.get(key);
    if (!informer) {
      informer = new Informer(this.#client.resource(group, kind), { log: this.#log });
      this.#informers.set(key, informer);
      // Informers asked for after start begin at once.
      if (this.#started) void informer.start(this.#started);
    }
    return informer;
  }

  /** Starts every informer asked for so far and resolves when all have synced. */
  async start(signal: AbortSignal): Promise<void> {
    this.#started = signal;
    await Promise.all([...this.#informers.values()].map((i) => i.start(signal)));
  }
}

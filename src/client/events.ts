/**
 * Records core/v1 Events about objects, as `kubectl describe` shows them.
 * Which Event each one becomes (a new one, or a higher count on an earlier
 * one) and which are held back as spam is the correlator's decision, made
 * with upstream's rules (event-correlator.ts).
 */
import type { KubeObject } from "../apis/types.js";
import type { Logger } from "../log.js";
import { ApiError } from "../machinery/status.js";
import { timestamp } from "../machinery/time.js";
import { EventCorrelator, type CorrelatedEvent } from "./event-correlator.js";
import type { Client, ResourceClient } from "./index.js";

export type EventType = "Normal" | "Warning";

export class EventRecorder {
  readonly #events: ResourceClient;
  readonly #component: string;
  readonly #log: Logger;
  /**
   * Correlation key → the last write recorded for it, still running. Repeats of one event wait for
   * the write before them (as upstream's broadcaster records one event at a time): two at once
   * would both create an Event, or write their counts out of order.
   */
  readonly #writing = new Map<string, Promise<void>>();
  #sequence = 0;

  readonly #correlator = new EventCorrelator();

  constructor(client: Client, options: { component: string; log: Logger }) {
    this.#events = client.resource("", "Event");
    this.#component = options.component;
    this.#log = options.log;
  }

  /** Records an event; failures are logged, never thrown: an event must not fail a reconcile. */
  record(object: KubeObject, type: EventType, reason: string, message: string): void {
    const { apiVersion, kind } = object;
    const { namespace, name, uid } = object.metadata;
    const now = timestamp();
    const event = { component: this.#component, subject: { apiVersion, kind, namespace, name, uid }, type, reason, message };
    const correlated = this.#correlator.correlate(event, now, () => this.#newName(object));
    if (!correlated) {
      this.#log.debug("event held back by the spam filter", { reason, object: name });
      return;
    }
    const before = this.#writing.get(correlated.key);
    const write = (before ?? Promise.resolve())
      .then(() => this.#write(object, correlated, { type, reason, now }))
      .catch((error: unknown) => this.#log.warn("event not recorded", { reason, object: name, error: String(error) }));
    this.#writing.set(correlated.key, write);
    void write.then(() => {
      if (this.#writing.get(correlated.key) === write) this.#writing.delete(correlated.key);
    });
  }

  /** Upstream names events <object>.<unix nanoseconds in hex>; a counter stands in for the nanoseconds. */
  #newName(object: KubeObject): string {
    // It keeps same-millisecond events apart (the product would not fit a double).
    const sequence = (this.#sequence++ % 0x1000000).toString(16).padStart(6, "0");
    return `${object.metadata.name ?? "unknown"}.${Date.now().toString(16)}${sequence}`;
  }

  async #write(object: KubeObject, correlated: CorrelatedEvent, at: { type: EventType; reason: string; now: string }): Promise<void> {
    const namespace = object.metadata.namespace || "default";
    const { name, count, message } = correlated;
    if (correlated.repeat) {
      try {
        const existing = await this.#events.get(namespace, name);
        await this.#events.update({ ...existing, count, message, lastTimestamp: at.now }, { result: false });
        return;
      } catch (error: unknown) {
        // Never written (held back, or deleted since): create it with the count so far.
        if (!(error instanceof ApiError && error.code === 404)) throw error;
      }
    }
    const event: KubeObject = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.metadata.name,
        ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
        ...(object.metadata.uid ? { uid: object.metadata.uid } : {}),
        ...(object.metadata.resourceVersion ? { resourceVersion: object.metadata.resourceVersion } : {}),
      },
      reason: at.reason,
      message,
      type: at.type,
      source: { component: this.#component },
      reportingComponent: this.#component,
      reportingInstance: this.#component,
      firstTimestamp: correlated.firstTimestamp,
      lastTimestamp: at.now,
      count,
    };
    await this.#events.create(namespace, event, { result: false });
  }
}

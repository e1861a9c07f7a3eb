/**
 * Records core/v1 Events about objects, as `kubectl describe` shows them.
 * A repeat of the same reason and message for the same object bumps the
 * existing Event's count and lastTimestamp instead of creating another one
 * (upstream's event correlator does the same).
 */
import type { KubeObject } from "../apis/types.js";
import type { Logger } from "../log.js";
import { ApiError } from "../machinery/status.js";
import { timestamp } from "../machinery/time.js";
import type { Client, ResourceClient } from "./index.js";

export type EventType = "Normal" | "Warning";

export class EventRecorder {
  readonly #events: ResourceClient;
  readonly #component: string;
  readonly #log: Logger;
  /** Correlation key → the Event's namespace/name, for counting repeats. */
  readonly #recent = new Map<string, { namespace: string; name: string }>();
  /**
   * Correlation key → the last write recorded for it, still running. Repeats of one event wait for
   * the write before them (as upstream's broadcaster records one event at a time): two at once
   * would both create an Event, or both bump the same count and lose one to a conflict.
   */
  readonly #writing = new Map<string, Promise<void>>();
  #sequence = 0;

  constructor(client: Client, options: { component: string; log: Logger }) {
    this.#events = client.resource("", "Event");
    this.#component = options.component;
    this.#log = options.log;
  }

  /** Records an event; failures are logged, never thrown: an event must not fail a reconcile. */
  record(object: KubeObject, type: EventType, reason: string, message: string): void {
    const namespace = object.metadata.namespace || "default";
    const correlation = [object.kind, namespace, object.metadata.name, object.metadata.uid, type, reason, message].join("\u0000");
    const now = timestamp();
    const before = this.#writing.get(correlation);
    const write = (before ?? Promise.resolve())
      .then(() => this.#write(object, { namespace, correlation, now }, type, reason, message))
      .catch((error: unknown) => this.#log.warn("event not recorded", { reason, object: object.metadata.name, error: String(error) }));
    this.#writing.set(correlation, write);
    void write.then(() => {
      if (this.#writing.get(correlation) === write) this.#writing.delete(correlation);
    });
  }

  async #write(object: KubeObject, at: { namespace: string; correlation: string; now: string }, type: EventType, reason: string, message: string): Promise<void> {
    const { namespace, correlation, now } = at;
    const previous = this.#recent.get(correlation);
    if (previous) {
      try {
        const existing = await this.#events.get(previous.namespace, previous.name);
        await this.#events.update({ ...existing, count: ((existing.count as number | undefined) ?? 1) + 1, lastTimestamp: now }, { result: false });
        return;
      } catch (error: unknown) {
        if (!(error instanceof ApiError && error.code === 404)) throw error;
      }
    }
    // Upstream names events <object>.<unix nanoseconds in hex>; a counter stands in for the
    // nanoseconds, keeping same-millisecond events apart (the product would not fit a double).
    const sequence = (this.#sequence++ % 0x1000000).toString(16).padStart(6, "0");
    const name = `${object.metadata.name ?? "unknown"}.${Date.now().toString(16)}${sequence}`;
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
      reason,
      message,
      type,
      source: { component: this.#component },
      reportingComponent: this.#component,
      reportingInstance: this.#component,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    await this.#events.create(namespace, event, { result: false });
    this.#recent.set(correlation, { namespace, name });
    if (this.#recent.size > 4096) this.#recent.delete(this.#recent.keys().next().value as string);
  }
}

/**
 * Turns the store's key events into Kubernetes watch events for one
 * watcher: synthetic ADDED events for the current state when the client
 * gave no resourceVersion (or "0"), then every change after it, filtered
 * through the watcher's selectors. An object that stops matching is sent
 * as DELETED and one that starts matching as ADDED, as upstream does.
 */
import type { Backend, Revision, WatchEvent } from "../../store/types.js";
import { ApiError, badRequest } from "../../machinery/status.js";
import type { Selection } from "./selection.js";
import { storedObjectOf, type StoredObject } from "./stored-object.js";

export type ObjectEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchSink {
  event(type: ObjectEventType, object: StoredObject): void;
  /** The watch ended: an error to report (410 Expired), or none when the stream should just end. */
  close(error?: ApiError): void;
}

export interface WatchQuery {
  readonly selection: Selection;
  readonly resourceVersion: string;
  readonly sendInitialEvents: boolean;
}

export interface ActiveWatch {
  /** The newest revision this watcher has seen, delivered or filtered: safe to resume from. */
  readonly revision: Revision;
}

function translate(event: WatchEvent, selection: Selection): [ObjectEventType, StoredObject] | null {
  const current = storedObjectOf(event.kv);
  if (event.type === "delete") {
    if (selection.filters && !selection.matches(storedObjectOf(event.prev).object)) return null;
    return ["DELETED", current];
  }
  if (!selection.filters) return [event.prev ? "MODIFIED" : "ADDED", current];
  const matchesNow = selection.matches(current.object);
  const matchedBefore = event.prev !== null && selection.matches(storedObjectOf(event.prev).object);
  if (matchesNow && matchedBefore) return ["MODIFIED", current];
  if (matchesNow) return ["ADDED", current];
  if (matchedBefore) return ["DELETED", current];
  return null;
}

export interface StartWatchOptions {
  readonly backend: Backend;
  readonly prefix: string;
  readonly query: WatchQuery;
  readonly sink: WatchSink;
  readonly signal: AbortSignal;
}

export async function startWatch(options: StartWatchOptions): Promise<ActiveWatch> {
  const { backend, prefix, query, sink, signal } = options;
  const rv = query.resourceVersion;
  const state = { revision: 0 };
  const initial = rv === "" || rv === "0" || query.sendInitialEvents;
  if (initial) {
    const listed = await backend.list(prefix, rv && rv !== "0" ? { revision: Number(rv) } : {});
    state.revision = listed.revision;
    for (const kv of listed.kvs) {
      const stored = storedObjectOf(kv);
      if (!query.selection.filters || query.selection.matches(stored.object)) sink.event("ADDED", stored);
    }
  } else {
    const requested = Number(rv);
    if (!Number.isSafeInteger(requested) || requested < 0) throw badRequest(`invalid resource version: ${rv}`);
    state.revision = requested;
  }
  const startedAt = state.revision;
  backend.watch(
    prefix,
    { afterRevision: startedAt, signal },
    {
      onEvent(event) {
        state.revision = event.kv.modRevision;
        const translated = translate(event, query.selection);
        if (translated) sink.event(translated[0], translated[1]);
      },
      onClose(reason) {
        if (reason === "compacted") {
          sink.close(new ApiError("Expired", `too old resource version: ${startedAt} (${backend.compactRevision()})`));
        } else {
          sink.close();
        }
      },
    },
  );
  return {
    get revision() {
      return state.revision;
    },
  };
}

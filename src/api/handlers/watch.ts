/**
 * Watch streams: chunked JSON lines (`{"type":…,"object":…}`) written to
 * the socket, headers flushed at once so clients such as `kubectl wait` see the stream open,
 * bookmarks when asked, and an end after `timeoutSeconds`. A client too slow
 * to read is cut off; it resumes from the last resourceVersion it saw.
 */
import type { KubeObject } from "../../apis/types.js";
import { ApiError, badRequest } from "../../machinery/status.js";
import { negotiateRendering, type Rendering } from "../negotiation.js";
import { parseSelection, type ActiveWatch, type ObjectEventType, type StoredObject } from "../registry/index.js";
import { buildTable, parseIncludeObject } from "../table.js";
import type { ResourceContext } from "./context.js";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";

const BOOKMARK_INTERVAL_MS = 60_000;
/** Bytes a watcher may have unread before it is cut off. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const encoder = new TextEncoder();

// Plain JSON lines are the same for every watcher of an event: encode each once.
const plainLines = new WeakMap<StoredObject, Map<ObjectEventType, Uint8Array>>();

function plainLine(type: ObjectEventType, stored: StoredObject): Uint8Array {
  let byType = plainLines.get(stored);
  if (!byType) {
    byType = new Map();
    plainLines.set(stored, byType);
  }
  let line = byType.get(type);
  if (!line) {
    line = encoder.encode(`{"type":"${type}","object":${stored.raw}}\n`);
    byType.set(type, line);
  }
  return line;
}

function eventLine(context: ResourceContext, rendering: Rendering, type: ObjectEventType, stored: StoredObject): Uint8Array {
  switch (rendering.as) {
    case "object":
      return plainLine(type, stored);
    case "Table": {
      const table = buildTable(context.store.kind, [stored.object], {
        version: rendering.version,
        includeObject: parseIncludeObject(context.query.get("includeObject") ?? undefined),
        listMeta: { resourceVersion: stored.object.metadata.resourceVersion ?? "" },
        now: new Date(),
      });
      return encoder.encode(`${JSON.stringify({ type, object: table })}\n`);
    }
    case "PartialObjectMetadata": {
      const object = { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${rendering.version}`, metadata: stored.object.metadata };
      return encoder.encode(`${JSON.stringify({ type, object })}\n`);
    }
    default: {
      const never: never = rendering;
      throw new Error(`Unknown rendering ${JSON.stringify(never)}`);
    }
  }
}

function timeoutMs(query: URLSearchParams): number {
  const requested = query.get("timeoutSeconds");
  if (requested !== null) {
    const seconds = Number(requested);
    if (!Number.isFinite(seconds) || seconds < 0) throw badRequest(`timeoutSeconds must be a non-negative number, not ${requested}`);
    return seconds * 1000;
  }
  // Like kube-apiserver: between 30 and 60 minutes, spread so clients do not reconnect in step.
  return (1800 + Math.random() * 1800) * 1000;
}

export async function watchObjects(context: ResourceContext): Promise<Response> {
  const { store, info, query } = context;
  const rendering = negotiateRendering(context.request.headers.get("accept") ?? undefined);
  const selection = parseSelection(store.kind, query.get("labelSelector") ?? "", query.get("fieldSelector") ?? "");
  const fieldName = info.name ? parseSelection(store.kind, "", `metadata.name=${info.name}`) : null;
  const bookmarks = query.get("allowWatchBookmarks") === "true";
  const sendInitialEvents = query.get("sendInitialEvents") === "true";
  const duration = timeoutMs(query);
  const abort = new AbortController();
  const onClientGone = () => abort.abort();
  context.signal.addEventListener("abort", onClientGone, { once: true });

  // Events go straight to the socket: one write per event and watcher, no stream machinery in between.
  const out = context.outgoing;
  const resourceVersion = query.get("resourceVersion") ?? "";
  if (resourceVersion !== "" && !/^\d+$/.test(resourceVersion)) throw badRequest(`invalid resource version: ${resourceVersion}`);
  out.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
  out.flushHeaders();
  const timers: NodeJS.Timeout[] = [];
  const cleanup = () => {
    for (const timer of timers) clearTimeout(timer);
    context.signal.removeEventListener("abort", onClientGone);
    abort.abort();
  };
  const finish = (error?: ApiError) => {
    if (abort.signal.aborted) {
      cleanup();
      return;
    }
    if (error) out.write(`${JSON.stringify({ type: "ERROR", object: error.status })}\n`);
    cleanup();
    out.end();
  };
  const send = (line: Uint8Array) => {
    if (abort.signal.aborted) return;
    out.write(line);
    // A client this far behind is cut off; it resumes from the last resourceVersion it read.
    if (out.writableLength > MAX_BUFFERED_BYTES) finish();
  };

  const combined = fieldName
    ? { filters: true, matches: (o: KubeObject) => fieldName.matches(o) && selection.matches(o) }
    : selection;
  let active: ActiveWatch;
  try {
    active = await store.watch(
      info.namespace,
      { selection: combined, resourceVersion, sendInitialEvents },
      {
        event: (type, stored) => send(eventLine(context, rendering, type, stored)),
        close: (error) => finish(error),
      },
      abort.signal,
    );
  } catch (error: unknown) {
    // The headers are out: a failure can only travel as an ERROR event now.
    finish(error instanceof ApiError ? error : new ApiError("InternalError", `Internal error occurred: ${String(error)}`));
    return RESPONSE_ALREADY_SENT;
  }
  if (sendInitialEvents && bookmarks) send(bookmarkLine(store.apiVersion, store.kind.kind, active.revision, true));
  timers.push(setTimeout(() => finish(), duration));
  if (bookmarks) {
    const tick = () => {
      send(bookmarkLine(store.apiVersion, store.kind.kind, active.revision, false));
      timers.push(setTimeout(tick, BOOKMARK_INTERVAL_MS));
    };
    timers.push(setTimeout(tick, BOOKMARK_INTERVAL_MS));
  }
  return RESPONSE_ALREADY_SENT;
}

function bookmarkLine(apiVersion: string, kind: string, revision: number, initialEventsEnd: boolean): Uint8Array {
  const metadata = {
    resourceVersion: String(revision),
    ...(initialEventsEnd ? { annotations: { "k8s.io/initial-events-end": "true" } } : {}),
  };
  return encoder.encode(`${JSON.stringify({ type: "BOOKMARK", object: { kind, apiVersion, metadata } })}\n`);
}

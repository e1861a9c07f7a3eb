/**
 * DELETE of one object (with DeleteOptions from the body or the query) and
 * of a collection (every object matching the selectors).
 */
import { badRequest, isApiError, successStatus } from "../../machinery/status.js";
import { negotiateRendering, parseDocument } from "../negotiation.js";
import { requestText } from "./body.js";
import { parseSelection, type DeleteOptions } from "../registry/index.js";
import type { ResourceContext } from "./context.js";
import { writeOptions } from "./context.js";
import { renderObject } from "./render.js";
import { jsonResponse } from "../respond.js";

const POLICIES = new Set(["Orphan", "Background", "Foreground"]);

async function deleteOptions(context: ResourceContext): Promise<DeleteOptions & { dryRun: boolean }> {
  const text = await requestText(context.request);
  return parseDeleteOptions(text.trim() ? parseDocument(text, "json") : {}, context.query);
}

/** Validated DeleteOptions from a body object (a DELETE's, or an Eviction's deleteOptions) and the query. */
export function parseDeleteOptions(body: unknown, query: URLSearchParams): DeleteOptions & { dryRun: boolean } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("DeleteOptions must be a JSON object");
  const raw = body as { propagationPolicy?: unknown; orphanDependents?: unknown; preconditions?: unknown; gracePeriodSeconds?: unknown; dryRun?: unknown };
  const policy = raw.propagationPolicy ?? query.get("propagationPolicy") ?? (raw.orphanDependents === true || query.get("orphanDependents") === "true" ? "Orphan" : undefined);
  if (policy !== undefined && (typeof policy !== "string" || !POLICIES.has(policy))) {
    throw badRequest(`propagationPolicy: Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`);
  }
  const grace = raw.gracePeriodSeconds ?? (query.has("gracePeriodSeconds") ? Number(query.get("gracePeriodSeconds")) : undefined);
  if (grace !== undefined && (typeof grace !== "number" || !Number.isInteger(grace) || grace < 0)) {
    throw badRequest("gracePeriodSeconds must be a non-negative integer");
  }
  const preconditions = raw.preconditions as DeleteOptions["preconditions"] | undefined;
  // kubectl sends dryRun in the DeleteOptions body; other clients use the query.
  const bodyDryRun = raw.dryRun;
  if (bodyDryRun !== undefined && !(Array.isArray(bodyDryRun) && bodyDryRun.every((v) => v === "All"))) {
    throw badRequest(`Invalid dry run value: ${JSON.stringify(bodyDryRun)}: valid values are "All"`);
  }
  return {
    dryRun: (Array.isArray(bodyDryRun) && bodyDryRun.length > 0) || writeOptions(query).dryRun,
    ...(policy ? { propagationPolicy: policy as NonNullable<DeleteOptions["propagationPolicy"]> } : {}),
    ...(preconditions ? { preconditions } : {}),
    ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
  };
}

export async function deleteObject(context: ResourceContext): Promise<Response> {
  const { store, info } = context;
  const rendering = negotiateRendering(context.request.headers.get("accept") ?? undefined);
  const options = await deleteOptions(context);
  const outcome = await store.delete(info.namespace, info.name, options, options.dryRun);
  if (outcome.pending) return renderObject(store, outcome, rendering, context.query, 200);
  return jsonResponse(
    200,
    successStatus({
      name: info.name,
      ...(store.kind.group ? { group: store.kind.group } : {}),
      kind: store.kind.plural,
      ...(outcome.object.metadata.uid ? { uid: outcome.object.metadata.uid } : {}),
    }),
  );
}

export async function deleteCollection(context: ResourceContext): Promise<Response> {
  const { store, info, query } = context;
  const options = await deleteOptions(context);
  const dryRun = options.dryRun;
  const selection = parseSelection(store.kind, query.get("labelSelector") ?? "", query.get("fieldSelector") ?? "");
  const page = await store.list(info.namespace, { selection, resourceVersion: "", resourceVersionMatch: "", limit: 0, continueToken: "" });
  const deleted: unknown[] = [];
  for (const item of page.items) {
    const meta = item.object.metadata;
    try {
      deleted.push((await store.delete(meta.namespace ?? "", meta.name ?? "", options, dryRun)).object);
    } catch (error: unknown) {
      // Something else deleted it meanwhile: that is the outcome we wanted.
      if (!isApiError(error, 404)) throw error;
    }
  }
  return jsonResponse(200, { kind: store.kind.listKind, apiVersion: store.apiVersion, metadata: { resourceVersion: String(store.currentRevision()) }, items: deleted });
}

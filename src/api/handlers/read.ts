/**
 * GET of one object and of a collection (list).
 */
import { badRequest } from "../../machinery/status.js";
import { negotiateRendering } from "../negotiation.js";
import { parseSelection } from "../registry/index.js";
import type { ResourceContext } from "./context.js";
import { renderList, renderObject, type ListMeta } from "./render.js";

export async function getObject(context: ResourceContext): Promise<Response> {
  const rendering = negotiateRendering(context.request.headers.get("accept") ?? undefined);
  const stored = await context.store.get(context.info.namespace, context.info.name);
  return renderObject(context.store, stored, rendering, context.query);
}

function resourceVersionMatch(value: string | null): "" | "NotOlderThan" | "Exact" {
  if (value === null || value === "") return "";
  if (value === "NotOlderThan" || value === "Exact") return value;
  throw badRequest(`resourceVersionMatch: Unsupported value: "${value}": supported values: "Exact", "NotOlderThan"`);
}

export async function listObjects(context: ResourceContext): Promise<Response> {
  const { query, store, info } = context;
  const rendering = negotiateRendering(context.request.headers.get("accept") ?? undefined);
  const selection = parseSelection(store.kind, query.get("labelSelector") ?? "", query.get("fieldSelector") ?? "");
  const limit = Number(query.get("limit") ?? "0");
  if (!Number.isSafeInteger(limit) || limit < 0) throw badRequest(`limit must be a non-negative integer, not ${query.get("limit")}`);
  const page = await store.list(info.namespace, {
    selection,
    resourceVersion: query.get("resourceVersion") ?? "",
    resourceVersionMatch: resourceVersionMatch(query.get("resourceVersionMatch")),
    limit,
    continueToken: query.get("continue") ?? "",
  });
  const listMeta: ListMeta = { resourceVersion: String(page.revision) };
  if (page.continueToken) listMeta.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) listMeta.remainingItemCount = page.remainingItemCount;
  return renderList(store, page.items, listMeta, rendering, query);
}

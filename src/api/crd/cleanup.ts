/**
 * Deleting a definition's objects before the definition itself goes
 * (upstream's CRD finalizer controller): delete every object, then report
 * whether any remain (their own finalizers may keep them a while).
 */
import { isApiError } from "../../machinery/status.js";
import { parseSelection, type ResourceStore } from "../registry/index.js";

/** Deletes every object in `store`; resolves to the number still present afterwards. */
export async function deleteAllObjects(store: ResourceStore): Promise<number> {
  const query = { selection: parseSelection(store.kind, "", ""), resourceVersion: "", resourceVersionMatch: "" as const, limit: 0, continueToken: "" };
  const { items } = await store.list("", query);
  for (const item of items) {
    if (item.object.metadata.deletionTimestamp) continue;
    try {
      await store.delete(item.object.metadata.namespace ?? "", item.object.metadata.name ?? "", {}, false);
    } catch (error: unknown) {
      if (!isApiError(error, 404)) throw error;
    }
  }
  return (await store.list("", query)).items.length;
}

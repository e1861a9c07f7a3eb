/**
 * What the admission steps share: reading the objects of one namespace
 * from a kind's store, and upstream's 403 for a refused write
 * (`pods "x" is forbidden: …`, admission.NewForbidden).
 */
import type { KubeObject } from "../../apis/types.js";
import { ApiError, type ResourceRef } from "../../machinery/status.js";
import type { ResourceStore } from "../registry/store.js";
import { parseSelection } from "../registry/selection.js";

/** Every object of the store's kind in `namespace`, at the newest revision. */
export async function listInNamespace(store: ResourceStore, namespace: string): Promise<KubeObject[]> {
  const selection = parseSelection(store.kind, "", "");
  const page = await store.list(namespace, { selection, resourceVersion: "", resourceVersionMatch: "", limit: 0, continueToken: "" });
  return page.items.map((item) => item.object);
}

export function admissionForbidden(ref: ResourceRef, name: string, reason: string): ApiError {
  const qualified = ref.group ? `${ref.plural}.${ref.group}` : ref.plural;
  const subject = name ? `${qualified} "${name}"` : qualified;
  return new ApiError("Forbidden", `${subject} is forbidden: ${reason}`, { name, ...(ref.group ? { group: ref.group } : {}), kind: ref.plural });
}

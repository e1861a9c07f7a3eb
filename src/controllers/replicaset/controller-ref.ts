/**
 * Controller references: the one ownerReference with `controller: true`
 * names the controller that manages an object. Claiming (upstream's
 * ControllerRefManager) keeps them in line with selectors: a controller
 * adopts orphans its selector matches and releases what it owns but no
 * longer matches; objects controlled by someone else are never touched.
 */
import type { KubeObject } from "../../apis/types.js";
import { controllerRefOf, newControllerRef } from "../owner-refs.js";
import type { Informer, ResourceClient } from "../../client/index.js";
import { matchesLabels, type LabelSelector } from "../../machinery/labels.js";
import { updateWithRetry } from "./update.js";

/** Informer index: objects by the uid of their controller. */
export const BY_CONTROLLER_UID = "controller-uid";
/** Informer index: objects without a controller, by namespace (candidates for adoption). */
export const ORPHANS_BY_NAMESPACE = "orphans-by-namespace";

export { controllerRefOf, newControllerRef } from "../owner-refs.js";

/** Adds both claim indexes to an informer (call before the informers start). */
export function addControllerIndexes(informer: Informer): void {
  informer.addIndex(BY_CONTROLLER_UID, (object) => {
    const ref = controllerRefOf(object);
    return ref ? [ref.uid] : [];
  });
  informer.addIndex(ORPHANS_BY_NAMESPACE, (object) => (controllerRefOf(object) ? [] : [object.metadata.namespace ?? ""]));
}

/** What `owner` might claim: what it controls now, plus its namespace's orphans. */
export function claimCandidates(informer: Informer, owner: KubeObject): KubeObject[] {
  return [...informer.byIndex(BY_CONTROLLER_UID, owner.metadata.uid ?? ""), ...informer.byIndex(ORPHANS_BY_NAMESPACE, owner.metadata.namespace ?? "")];
}

export interface ClaimOptions {
  readonly owner: KubeObject;
  readonly selector: LabelSelector;
  /** The client for the claimed kind. */
  readonly resource: ResourceClient;
  /** The client for the owner's kind: adoption re-reads the owner, since a cached one may already be deleted. */
  readonly ownerResource: ResourceClient;
}

/**
 * Returns the candidates `owner` controls after adopting and releasing.
 * Every candidate is tried; if any adoption or release failed, throws
 * afterwards so the sync is retried.
 */
export async function claimObjects(candidates: readonly KubeObject[], options: ClaimOptions): Promise<KubeObject[]> {
  const { owner, selector } = options;
  const uid = owner.metadata.uid ?? "";
  const claimed: KubeObject[] = [];
  const errors: unknown[] = [];
  let ownerChecked: Promise<void> | undefined;
  for (const candidate of candidates) {
    const ref = controllerRefOf(candidate);
    const matches = matchesLabels(selector, candidate.metadata.labels);
    try {
      if (ref) {
        if (ref.uid !== uid) continue;
        // Keeping what we own takes no action, so it is allowed even while being deleted.
        if (matches) claimed.push(candidate);
        else if (!owner.metadata.deletionTimestamp) await release(candidate, options);
        continue;
      }
      if (owner.metadata.deletionTimestamp || !matches || candidate.metadata.deletionTimestamp) continue;
      if (candidate.metadata.namespace !== owner.metadata.namespace) continue;
      ownerChecked ??= recheckOwner(options);
      await ownerChecked;
      const adopted = await adopt(candidate, options);
      if (adopted) claimed.push(adopted);
    } catch (error: unknown) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new AggregateError(errors, errors.map(String).join("; "));
  return claimed;
}

/** Upstream's RecheckDeletionTimestamp: the owner, read fresh, must be the same object and not being deleted. */
async function recheckOwner({ owner, ownerResource }: ClaimOptions): Promise<void> {
  const { namespace = "", name = "", uid = "" } = owner.metadata;
  const fresh = await ownerResource.get(namespace, name);
  if (fresh.metadata.uid !== uid) {
    throw new Error(`Original ${owner.kind} ${namespace}/${name} is gone: got uid ${fresh.metadata.uid ?? ""}, wanted ${uid}`);
  }
  if (fresh.metadata.deletionTimestamp) {
    throw new Error(`${owner.kind} ${namespace}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  }
}

async function adopt(candidate: KubeObject, { owner, resource, selector }: ClaimOptions): Promise<KubeObject | undefined> {
  let adopted = false;
  const result = await updateWithRetry(resource, target(candidate), (fresh) => {
    // Someone else may have claimed it, or relabelled it, since our cache saw it.
    if (controllerRefOf(fresh) || fresh.metadata.deletionTimestamp || !matchesLabels(selector, fresh.metadata.labels)) return false;
    fresh.metadata.ownerReferences = [...(fresh.metadata.ownerReferences ?? []), newControllerRef(owner)];
    adopted = true;
    return true;
  });
  return adopted ? result : undefined;
}

async function release(candidate: KubeObject, { owner, resource }: ClaimOptions): Promise<void> {
  const uid = owner.metadata.uid;
  await updateWithRetry(resource, target(candidate), (fresh) => {
    const refs = fresh.metadata.ownerReferences ?? [];
    if (!refs.some((ref) => ref.uid === uid)) return false;
    const kept = refs.filter((ref) => ref.uid !== uid);
    if (kept.length > 0) fresh.metadata.ownerReferences = kept;
    else delete fresh.metadata.ownerReferences;
    return true;
  });
}

function target(object: KubeObject): { namespace: string; name: string; uid: string } {
  return { namespace: object.metadata.namespace ?? "", name: object.metadata.name ?? "", uid: object.metadata.uid ?? "" };
}

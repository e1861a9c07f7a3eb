/**
 * Controller references (upstream's ControllerRefManager): which objects a
 * workload owns, adopting orphans its selector matches and releasing owned
 * objects it no longer matches. Writes go through the API so that a stale
 * cache ends in a 409 and a retry rather than a double claim.
 */
import type { KubeObject } from "../../apis/types.js";
import { controllerRefOf, newControllerRef } from "../owner-refs.js";
import type { ResourceClient } from "../../client/index.js";
import { ApiError } from "../../machinery/status.js";
import { cloneJson } from "../../machinery/clone.js";

export { controllerRefOf, newControllerRef } from "../owner-refs.js";

export function isOwnedBy(object: KubeObject, owner: KubeObject): boolean {
  return controllerRefOf(object)?.uid === owner.metadata.uid;
}

function isGone(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 404 || error.code === 409);
}

export interface ClaimOptions {
  readonly owner: KubeObject;
  /** Candidates from the cache, e.g. every pod in the owner's namespace. */
  readonly candidates: readonly KubeObject[];
  /** Whether the owner wants the object (its selector, plus any extra rule such as a name prefix). */
  readonly matches: (object: KubeObject) => boolean;
  readonly client: ResourceClient;
}

/**
 * The candidates the owner controls after adopting and releasing. An object
 * that changed under us (404, 409) is skipped this round; the informer event
 * for that change brings the owner back.
 */
export async function claimObjects(options: ClaimOptions): Promise<KubeObject[]> {
  const { owner, candidates, matches, client } = options;
  const ownerDeleting = owner.metadata.deletionTimestamp !== undefined;
  const claimed: KubeObject[] = [];
  for (const object of candidates) {
    const ref = controllerRefOf(object);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches(object) || ownerDeleting) {
        claimed.push(object);
        continue;
      }
      await rewrite(client, object, (copy) => {
        copy.metadata.ownerReferences = (copy.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
      });
      continue;
    }
    if (ownerDeleting || object.metadata.deletionTimestamp || !matches(object)) continue;
    const adopted = await rewrite(client, object, (copy) => {
      copy.metadata.ownerReferences = [...(copy.metadata.ownerReferences ?? []), newControllerRef(owner)];
    });
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

async function rewrite(client: ResourceClient, object: KubeObject, edit: (copy: KubeObject) => void): Promise<KubeObject | undefined> {
  const copy = cloneJson(object);
  edit(copy);
  try {
    return await client.update(copy);
  } catch (error: unknown) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

/**
 * Revision history of a workload's pod template (upstream's
 * pkg/controller/history), shared by StatefulSets and DaemonSets. A revision
 * is named `<owner>-<hash>` and holds the template as a replace patch, as a
 * ControllerRevision does, so `kubectl rollout history/undo` can read it.
 *
 * When the ControllerRevision kind is served the history lives in the API;
 * otherwise it is kept in memory, which keeps the same rules (numbering,
 * rollback by renumbering, collision counting, truncation) for the life of
 * the process and leaves only the revision names in the workload's status.
 */
import type { JsonObject, KubeObject } from "../../apis/types.js";
import type { PodTemplateSpec } from "../../apis/common/pod-types.js";
import type { Client, InformerFactory, Informer, ResourceClient } from "../../client/index.js";
import { ApiError } from "../../machinery/status.js";
import { isOwnedBy, newControllerRef } from "./controller-ref.js";
import { canonicalJson } from "../../machinery/canonical-json.js";
import { cloneJson } from "../../machinery/clone.js";

export const REVISION_HASH_LABEL = "controller-revision-hash";

export interface Revision {
  readonly name: string;
  /** The hash part of the name: what DaemonSet pods carry in their revision label. */
  readonly hash: string;
  readonly revision: number;
  /** `{ spec: { template: { …, $patch: "replace" } } }`, upstream's patch form. */
  readonly data: JsonObject;
}

export interface NewRevision {
  readonly data: JsonObject;
  readonly revision: number;
  /** The collision count to start from (the owner's status.collisionCount). */
  readonly collisionCount: number;
}

export interface RevisionHistory {
  /** The owner's revisions, lowest revision number first. */
  list(owner: KubeObject): Revision[];
  /** Stores a new revision; a name taken by different data bumps the collision count and tries again. */
  create(owner: KubeObject, revision: NewRevision): Promise<{ revision: Revision; collisionCount: number }>;
  /** Gives an existing revision a new number: how a rollback to an older template is recorded. */
  renumber(owner: KubeObject, change: { revision: Revision; number: number }): Promise<Revision>;
  delete(owner: KubeObject, revision: Revision): Promise<void>;
}

// Upstream's SafeEncodeString alphabet: no vowels, so hashes never spell words.
const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** FNV-1a (32 bit) of the text, its decimal digits mapped onto the safe alphabet. */
export function safeHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return [...String(hash)].map((digit) => SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length]).join("");
}

export function templateData(template: PodTemplateSpec | undefined): JsonObject {
  return { spec: { template: { ...cloneJson(template ?? {}), $patch: "replace" } } };
}

/** The pod template a revision records. */
export function revisionTemplate(revision: Revision): PodTemplateSpec {
  const template = { ...((revision.data.spec as { template?: Record<string, unknown> } | undefined)?.template ?? {}) };
  delete template.$patch;
  return template as PodTemplateSpec;
}

function hashData(data: JsonObject, collisionCount: number): string {
  return safeHash(canonicalJson(data) + (collisionCount > 0 ? String(collisionCount) : ""));
}

/** Upstream's ControllerRevisionName: the owner's name (cut to 223 characters), a dash and the hash. */
function revisionName(owner: KubeObject, hash: string): string {
  return `${(owner.metadata.name ?? "").slice(0, 223)}-${hash}`;
}

function sameData(a: JsonObject, b: JsonObject): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** History kept in this process, for when the ControllerRevision kind is not served. */
export class MemoryHistory implements RevisionHistory {
  readonly #byOwner = new Map<string, Revision[]>();

  list(owner: KubeObject): Revision[] {
    return [...(this.#byOwner.get(owner.metadata.uid ?? "") ?? [])].sort((a, b) => a.revision - b.revision);
  }

  async create(owner: KubeObject, { data, revision, collisionCount }: NewRevision): Promise<{ revision: Revision; collisionCount: number }> {
    const revisions = this.#revisions(owner);
    for (let count = collisionCount; ; count++) {
      const hash = hashData(data, count);
      const name = revisionName(owner, hash);
      const existing = revisions.find((r) => r.name === name);
      if (existing && sameData(existing.data, data)) return { revision: existing, collisionCount: count };
      if (existing) continue;
      const created = { name, hash, revision, data: cloneJson(data) };
      revisions.push(created);
      return { revision: created, collisionCount: count };
    }
  }

  async renumber(owner: KubeObject, { revision, number }: { revision: Revision; number: number }): Promise<Revision> {
    const revisions = this.#revisions(owner);
    const renumbered = { ...revision, revision: number };
    const index = revisions.findIndex((r) => r.name === revision.name);
    if (index >= 0) revisions[index] = renumbered;
    return renumbered;
  }

  async delete(owner: KubeObject, revision: Revision): Promise<void> {
    const revisions = this.#revisions(owner);
    const index = revisions.findIndex((r) => r.name === revision.name);
    if (index >= 0) revisions.splice(index, 1);
  }

  #revisions(owner: KubeObject): Revision[] {
    const uid = owner.metadata.uid ?? "";
    let revisions = this.#byOwner.get(uid);
    if (!revisions) this.#byOwner.set(uid, (revisions = []));
    return revisions;
  }
}

interface ControllerRevision extends KubeObject {
  data?: JsonObject;
  revision?: number;
}

function fromObject(object: ControllerRevision): Revision {
  const name = object.metadata.name ?? "";
  const hash = object.metadata.labels?.[REVISION_HASH_LABEL] ?? name.slice(name.lastIndexOf("-") + 1);
  return { name, hash, revision: object.revision ?? 0, data: object.data ?? {} };
}

/** History as apps/v1 ControllerRevisions owned by the workload. */
export class ApiHistory implements RevisionHistory {
  readonly #informer: Informer;
  readonly #client: ResourceClient;

  constructor(informer: Informer, client: ResourceClient) {
    this.#informer = informer;
    this.#client = client;
  }

  list(owner: KubeObject): Revision[] {
    return this.#informer
      .list(owner.metadata.namespace ?? "")
      .filter((object) => isOwnedBy(object, owner))
      .map((object) => fromObject(object as ControllerRevision))
      .sort((a, b) => a.revision - b.revision);
  }

  async create(owner: KubeObject, { data, revision, collisionCount }: NewRevision): Promise<{ revision: Revision; collisionCount: number }> {
    const namespace = owner.metadata.namespace ?? "";
    const templateLabels = (owner.spec as { template?: PodTemplateSpec } | undefined)?.template?.metadata?.labels;
    for (let count = collisionCount; ; count++) {
      const hash = hashData(data, count);
      const name = revisionName(owner, hash);
      const object: ControllerRevision = {
        apiVersion: "apps/v1",
        kind: "ControllerRevision",
        metadata: { name, namespace, labels: { ...templateLabels, [REVISION_HASH_LABEL]: hash }, ownerReferences: [newControllerRef(owner)] },
        data,
        revision,
      };
      try {
        return { revision: fromObject(await this.#client.create(namespace, object)), collisionCount: count };
      } catch (error: unknown) {
        if (!(error instanceof ApiError && error.status.reason === "AlreadyExists")) throw error;
      }
      // The name is taken: by this very revision (our cache had not caught up), or by other data.
      const existing = (await this.#client.get(namespace, name)) as ControllerRevision;
      if (isOwnedBy(existing, owner) && sameData(existing.data ?? {}, data)) return { revision: fromObject(existing), collisionCount: count };
    }
  }

  async renumber(owner: KubeObject, { revision, number }: { revision: Revision; number: number }): Promise<Revision> {
    // The cached object carries its resourceVersion: if our cache is behind, the update fails with a
    // conflict instead of bumping a revision that was already bumped.
    const namespace = owner.metadata.namespace ?? "";
    const current = (this.#informer.get(namespace, revision.name) ?? (await this.#client.get(namespace, revision.name))) as ControllerRevision;
    return fromObject(await this.#client.update({ ...current, revision: number }));
  }

  async delete(owner: KubeObject, revision: Revision): Promise<void> {
    try {
      await this.#client.delete(owner.metadata.namespace ?? "", revision.name);
    } catch (error: unknown) {
      if (!(error instanceof ApiError && error.code === 404)) throw error;
    }
  }
}

/** ControllerRevisions in the API when that kind is served, else a history in memory. */
export function openHistory(client: Client, informers: InformerFactory): RevisionHistory {
  let informer: Informer;
  try {
    informer = informers.forKind("apps", "ControllerRevision");
  } catch {
    // Not served (yet): keep revisions in memory; only their names reach status.
    return new MemoryHistory();
  }
  return new ApiHistory(informer, client.resource("apps", "ControllerRevision"));
}

/**
 * The revision for the owner's current template: the newest one if it
 * already matches, an older matching one renumbered to the top (a rollback),
 * or a new one. Upstream's getStatefulSetRevisions and constructHistory.
 */
export async function ensureRevision(
  history: RevisionHistory,
  { owner, template, collisionCount }: { owner: KubeObject; template: PodTemplateSpec | undefined; collisionCount: number },
): Promise<{ update: Revision; revisions: Revision[]; collisionCount: number }> {
  const revisions = history.list(owner);
  const data = templateData(template);
  const next = (revisions.at(-1)?.revision ?? 0) + 1;
  const equal = revisions.filter((r) => sameData(r.data, data));
  const latestEqual = equal.at(-1);
  if (latestEqual && latestEqual === revisions.at(-1)) return { update: latestEqual, revisions, collisionCount };
  if (latestEqual) {
    const update = await history.renumber(owner, { revision: latestEqual, number: next });
    return { update, revisions: [...revisions.filter((r) => r.name !== update.name), update], collisionCount };
  }
  const created = await history.create(owner, { data, revision: next, collisionCount });
  return { update: created.revision, revisions: [...revisions, created.revision], collisionCount: created.collisionCount };
}

/**
 * Deletes the oldest revisions that are not live until at most `limit`
 * non-live ones remain (upstream's truncateHistory and cleanupHistory).
 */
export async function truncateHistory(
  history: RevisionHistory,
  options: { owner: KubeObject; revisions: readonly Revision[]; live: ReadonlySet<string>; limit: number },
): Promise<void> {
  const old = options.revisions.filter((r) => !options.live.has(r.name));
  if (options.limit < 0 || old.length <= options.limit) return;
  for (const revision of old.slice(0, old.length - options.limit)) await history.delete(options.owner, revision);
}

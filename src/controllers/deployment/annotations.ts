/**
 * The annotations that carry a Deployment's rollout history on its
 * ReplicaSets: the revision (what `kubectl rollout history` and `undo`
 * read), the revisions a reused ReplicaSet served before, and the desired
 * and maximum replica counts that tell scaling events from rollouts.
 */
import type { KubeObject } from "../../apis/types.js";

export const REVISION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
/** The annotation extensions/v1beta1's spec.rollbackTo round-trips through. */
export const ROLLBACK_TO = "deprecated.deployment.rollback.to";

/** Never copied from a Deployment to its ReplicaSets (nor back on rollback). */
const NOT_COPIED = new Set(["kubectl.kubernetes.io/last-applied-configuration", REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO]);
/** The longest revision-history annotation kept, as upstream's controller default. */
const MAX_REVISION_HISTORY_CHARS = 2000;

/** Go's strconv.Atoi/ParseInt: the integer, or undefined if the text is not one. */
function parseInteger(text: string | undefined): number | undefined {
  return text !== undefined && /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/** The object's revision: 0 without the annotation, undefined if it is malformed. */
export function revisionOf(object: KubeObject): number | undefined {
  const text = object.metadata.annotations?.[REVISION];
  return text === undefined ? 0 : parseInteger(text);
}

export function maxRevision(replicaSets: readonly KubeObject[]): number {
  return Math.max(0, ...replicaSets.map((rs) => revisionOf(rs) ?? 0));
}

/** The second highest revision: the one `rollout undo` goes back to. */
export function lastRevision(replicaSets: readonly KubeObject[]): number {
  let [max, second] = [0, 0];
  for (const rs of replicaSets) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (v >= max) [max, second] = [v, max];
    else if (v > second) second = v;
  }
  return second;
}

export function desiredReplicasAnnotation(rs: KubeObject): number | undefined {
  return parseInteger(rs.metadata.annotations?.[DESIRED_REPLICAS]);
}

export function maxReplicasAnnotation(rs: KubeObject): number | undefined {
  return parseInteger(rs.metadata.annotations?.[MAX_REPLICAS]);
}

export function replicasAnnotationsNeedUpdate(rs: KubeObject, desired: number, max: number): boolean {
  const annotations = rs.metadata.annotations ?? {};
  return annotations[DESIRED_REPLICAS] !== String(desired) || annotations[MAX_REPLICAS] !== String(max);
}

/** Sets desired and max replicas on a private copy; true if either changed. */
export function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  if (!replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
  rs.metadata.annotations = { ...rs.metadata.annotations, [DESIRED_REPLICAS]: String(desired), [MAX_REPLICAS]: String(max) };
  return true;
}

/** Sets the Deployment's revision annotation on a private copy; true if it changed. */
export function setDeploymentRevision(d: KubeObject, revision: string): boolean {
  if (d.metadata.annotations?.[REVISION] === revision) return false;
  d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: revision };
  return true;
}

export interface NewReplicaSetAnnotations {
  readonly revision: number;
  /** False while the ReplicaSet is being made: then desired and max replicas are set too. */
  readonly exists: boolean;
  readonly desired: number;
  readonly max: number;
}

/**
 * Brings the new ReplicaSet's annotations (a private copy) up to date: the
 * Deployment's own annotations, a revision above every old ReplicaSet's, and
 * when an existing ReplicaSet comes back (a rollback) the revisions it
 * served before. True if anything changed.
 */
export function setNewReplicaSetAnnotations(d: KubeObject, rs: KubeObject, options: NewReplicaSetAnnotations): boolean {
  const annotations = { ...rs.metadata.annotations };
  let changed = false;
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) {
    if (NOT_COPIED.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  const oldText = annotations[REVISION];
  const old = oldText === undefined ? 0 : parseInteger(oldText);
  if (old === undefined) return false;
  if (old < options.revision) {
    annotations[REVISION] = String(options.revision);
    changed = true;
    if (oldText !== undefined) {
      const history = annotations[REVISION_HISTORY];
      annotations[REVISION_HISTORY] = history ? appendBounded(history, oldText) : oldText;
    }
  }
  rs.metadata.annotations = annotations;
  if (!options.exists && setReplicasAnnotations(rs, options.desired, options.max)) changed = true;
  return changed;
}

/** Appends to a comma-separated list, dropping the oldest entries past the length limit. */
function appendBounded(history: string, revision: string): string {
  const entries = history.split(",");
  let length = history.length + revision.length + 1;
  while (length > MAX_REVISION_HISTORY_CHARS && entries.length > 0) length -= (entries.shift() ?? "").length + 1;
  return length <= MAX_REVISION_HISTORY_CHARS ? [...entries, revision].join(",") : history;
}

/** On rollback, the Deployment takes the old ReplicaSet's annotations, keeping its own uncopied ones. */
export function setDeploymentAnnotationsTo(d: KubeObject, rs: KubeObject): void {
  const kept = Object.entries(d.metadata.annotations ?? {}).filter(([key]) => NOT_COPIED.has(key));
  const taken = Object.entries(rs.metadata.annotations ?? {}).filter(([key]) => !NOT_COPIED.has(key));
  d.metadata.annotations = Object.fromEntries([...kept, ...taken]);
}

/**
 * Store keys: `/registry/<group>/<resource>/<namespace>/<name>` for
 * namespaced kinds and `/registry/<group>/<resource>/<name>` for
 * cluster-scoped ones (group `core` for the legacy group). Prefixes end in
 * `/` so that `default` never matches `default-2`.
 */
import type { KindDefinition } from "../../apis/types.js";

function base(kind: KindDefinition): string {
  return `/registry/${kind.group || "core"}/${kind.plural}/`;
}

export function objectKey(kind: KindDefinition, namespace: string, name: string): string {
  return kind.namespaced ? `${base(kind)}${namespace}/${name}` : `${base(kind)}${name}`;
}

/** The prefix holding every object of the kind, or of one namespace when given. */
export function collectionPrefix(kind: KindDefinition, namespace: string): string {
  return kind.namespaced && namespace ? `${base(kind)}${namespace}/` : base(kind);
}

/**
 * How objects are written to and read from the store.
 *
 * The stored value never holds `metadata.resourceVersion`: the revision of
 * the row is the resource version, exactly as etcd-backed Kubernetes does it.
 * Reads inject it into the raw JSON text, which lets a list be answered by
 * splicing stored strings together without parsing every object.
 */
import type { KubeObject } from "../../apis/types.js";
import type { Revision } from "../../store/types.js";

/** Serialises with apiVersion, kind and metadata first, so `"metadata":{` first occurs at our key. */
export function encodeObject(object: KubeObject): string {
  const { apiVersion, kind, metadata, ...rest } = object;
  const { resourceVersion: _dropped, ...meta } = metadata;
  return JSON.stringify({ apiVersion, kind, metadata: meta, ...rest });
}

const METADATA_OPENING = '"metadata":{';

/** The stored JSON text with `metadata.resourceVersion` set to `revision`. */
export function withResourceVersion(stored: string, revision: Revision): string {
  const at = stored.indexOf(METADATA_OPENING);
  if (at < 0) throw new Error(`Stored object has no metadata: ${stored.slice(0, 80)}`);
  const insertAt = at + METADATA_OPENING.length;
  const separator = stored[insertAt] === "}" ? "" : ",";
  return `${stored.slice(0, insertAt)}"resourceVersion":"${revision}"${separator}${stored.slice(insertAt)}`;
}

/**
 * Pod template identity. A Deployment's new ReplicaSet is the one whose
 * template equals the Deployment's, ignoring the `pod-template-hash` label;
 * a new ReplicaSet is named and labelled with a hash of the template.
 * Upstream hashes the Go struct (FNV-32a over a printed dump); we hash the
 * template's canonical JSON the same way, with the collision count mixed
 * in and the result encoded with upstream's consonant-and-digit alphabet.
 */
import type { PodTemplateSpec } from "../../apis/common/pod-types.js";
import { canonicalJson } from "../../machinery/canonical-json.js";

export const POD_TEMPLATE_HASH = "pod-template-hash";

/** rand.SafeEncodeString's alphabet: no vowels (no words) and no 0, 1 or 3 (no look-alikes). */
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

function fnv1a32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let hash = seed;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let hash = fnv1a32(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    // Upstream writes the count as a little-endian uint32 into an 8-byte buffer.
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv1a32(bytes, hash);
  }
  return [...String(hash)].map((digit) => ALPHANUMS[digit.charCodeAt(0) % ALPHANUMS.length]).join("");
}

/** Templates equal apart from the hash label (upstream's EqualIgnoreHash). */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return semanticEqual(withoutHash(a), withoutHash(b));
}

function withoutHash(template: PodTemplateSpec | undefined): unknown {
  const labels = template?.metadata?.labels;
  if (!labels || !(POD_TEMPLATE_HASH in labels)) return template;
  const { [POD_TEMPLATE_HASH]: _hash, ...rest } = labels;
  return { ...template, metadata: { ...template.metadata, labels: rest } };
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

/** Deep equality where absent, null, empty maps and empty lists are all the same, as Go's semantic equality. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => semanticEqual(item, b[i]));
  }
  const [ra, rb] = [a as Record<string, unknown>, b as Record<string, unknown>];
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) if (!semanticEqual(ra[key], rb[key])) return false;
  return true;
}

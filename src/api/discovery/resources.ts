/**
 * The resources one group-version serves, in one model that both the legacy
 * APIResourceList and aggregated discovery render.
 *
 * Besides each kind's own resource this adds what upstream advertises next
 * to it: `status` and `scale` from the kind definition, the streaming and
 * action subresources of pods, namespaces, services and nodes, and the
 * top-level `bindings` of core v1. Other parts of the API server serve
 * those; discovery lists one only when its base kind is served.
 */
import { createHash } from "node:crypto";
import type { KindDefinition } from "../../apis/types.js";
import { isCreateOnly } from "../../apis/create-only.js";
import { compareStrings } from "./_go-json.js";
import { kindsAt } from "./group-versions.js";
import { VERBS } from "./types.js";
import type { GroupVersionKind, Verb } from "./types.js";

export interface ServedSubresource {
  readonly name: string;
  readonly responseKind: GroupVersionKind;
  readonly verbs: readonly Verb[];
}

export interface ServedResource {
  /** The plural, as in URLs. */
  readonly name: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly responseKind: GroupVersionKind;
  readonly verbs: readonly Verb[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  /** Sorted by name. */
  readonly subresources: readonly ServedSubresource[];
  /** Absent for resources without storage of their own (`bindings`). */
  readonly storageVersionHash?: string;
}

const SUBRESOURCE_VERBS: readonly Verb[] = ["get", "patch", "update"];
const PROXY_VERBS: readonly Verb[] = ["create", "delete", "get", "patch", "update"];
const STREAM_VERBS: readonly Verb[] = ["create", "get"];

const coreV1 = (kind: string): GroupVersionKind => ({ group: "", version: "v1", kind });
/** What every scale subresource answers with, whatever the scaled kind's group. */
export const SCALE_GVK: GroupVersionKind = { group: "autoscaling", version: "v1", kind: "Scale" };

/** Core v1 subresources served by dedicated handlers rather than the generic registry, keyed by resource. */
const CORE_V1_EXTRAS: Readonly<Record<string, readonly ServedSubresource[]>> = {
  pods: [
    { name: "attach", responseKind: coreV1("PodAttachOptions"), verbs: STREAM_VERBS },
    { name: "binding", responseKind: coreV1("Binding"), verbs: ["create"] },
    { name: "eviction", responseKind: { group: "policy", version: "v1", kind: "Eviction" }, verbs: ["create"] },
    { name: "exec", responseKind: coreV1("PodExecOptions"), verbs: STREAM_VERBS },
    { name: "log", responseKind: coreV1("Pod"), verbs: ["get"] },
    { name: "portforward", responseKind: coreV1("PodPortForwardOptions"), verbs: STREAM_VERBS },
  ],
  namespaces: [{ name: "finalize", responseKind: coreV1("Namespace"), verbs: ["update"] }],
  services: [{ name: "proxy", responseKind: coreV1("ServiceProxyOptions"), verbs: PROXY_VERBS }],
  nodes: [{ name: "proxy", responseKind: coreV1("NodeProxyOptions"), verbs: PROXY_VERBS }],
  serviceaccounts: [{ name: "token", responseKind: { group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" }, verbs: ["create"] }],
};

/** `POST /api/v1/namespaces/{ns}/bindings`: the older form of pods/binding, still listed upstream. */
const BINDINGS: ServedResource = {
  name: "bindings",
  singular: "binding",
  namespaced: true,
  responseKind: coreV1("Binding"),
  verbs: ["create"],
  shortNames: [],
  categories: [],
  subresources: [],
};

export function gvkOf(kind: KindDefinition): GroupVersionKind {
  return { group: kind.group, version: kind.version, kind: kind.kind };
}

/**
 * Upstream's storage version hash: the first 8 bytes of the SHA-256 of
 * `group/version/kind`, base64. Clients only compare it for equality, but
 * matching upstream's value costs nothing.
 */
export function storageVersionHash(gvk: GroupVersionKind): string {
  const digest = createHash("sha256").update(`${gvk.group}/${gvk.version}/${gvk.kind}`).digest();
  return digest.subarray(0, 8).toString("base64");
}

function subresourcesOf(kind: KindDefinition): ServedSubresource[] {
  const subresources: ServedSubresource[] = [];
  if (kind.subresources.status) subresources.push({ name: "status", responseKind: gvkOf(kind), verbs: SUBRESOURCE_VERBS });
  if (kind.subresources.scale) subresources.push({ name: "scale", responseKind: SCALE_GVK, verbs: SUBRESOURCE_VERBS });
  if (kind.group === "" && kind.version === "v1") subresources.push(...(CORE_V1_EXTRAS[kind.plural] ?? []));
  return subresources.sort((a, b) => compareStrings(a.name, b.name));
}

function resourceOf(kind: KindDefinition): ServedResource {
  // Create-only kinds (access reviews) store nothing, so they have no storage version either.
  const createOnly = isCreateOnly(kind);
  return {
    name: kind.plural,
    singular: kind.singular,
    namespaced: kind.namespaced,
    responseKind: gvkOf(kind),
    verbs: createOnly ? kind.verbs : VERBS,
    shortNames: kind.shortNames,
    categories: kind.categories,
    subresources: subresourcesOf(kind),
    ...(createOnly ? {} : { storageVersionHash: storageVersionHash(gvkOf(kind)) }),
  };
}

/** Everything served at one group-version, sorted by resource name; empty when nothing is. */
export function servedResources(kinds: readonly KindDefinition[], group: string, version: string): readonly ServedResource[] {
  const resources = kindsAt(kinds, group, version).map(resourceOf);
  if (group === "" && version === "v1" && resources.some((resource) => resource.name === "pods")) resources.push(BINDINGS);
  return resources.sort((a, b) => compareStrings(a.name, b.name));
}

/**
 * The discovery documents as they travel on the wire: the legacy
 * `APIVersions`, `APIGroupList` and `APIResourceList` (meta/v1), and the
 * aggregated `APIGroupDiscoveryList` (apidiscovery.k8s.io/v2). Field names
 * and which fields are omitted when empty follow upstream's JSON exactly,
 * because client-go decodes these documents.
 */

/** What `responseKind` and `x-kubernetes-group-version-kind` carry. Core group is "". */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface ServerAddressByClientCIDR {
  readonly clientCIDR: string;
  readonly serverAddress: string;
}

/** `GET /api`. */
export interface APIVersions {
  readonly kind: "APIVersions";
  readonly versions: readonly string[];
  readonly serverAddressByClientCIDRs: readonly ServerAddressByClientCIDR[];
}

export interface GroupVersionForDiscovery {
  /** `apps/v1`. */
  readonly groupVersion: string;
  readonly version: string;
}

export interface APIGroup {
  readonly name: string;
  /** Preferred version first. */
  readonly versions: readonly GroupVersionForDiscovery[];
  readonly preferredVersion: GroupVersionForDiscovery;
}

/** `GET /apis` without aggregated discovery. */
export interface APIGroupList {
  readonly kind: "APIGroupList";
  readonly apiVersion: "v1";
  readonly groups: readonly APIGroup[];
}

export interface APIResource {
  /** `deployments`, or `deployments/scale` for a subresource. */
  readonly name: string;
  /** Empty for subresources, as upstream serves them. */
  readonly singularName: string;
  readonly namespaced: boolean;
  /** Only when the kind lives in another group-version (`pods/eviction` → policy/v1). */
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly verbs: readonly Verb[];
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Only on resources with storage (not on subresources). */
  readonly storageVersionHash?: string;
}

/** `GET /api/v1` and `GET /apis/{group}/{version}`. */
export interface APIResourceList {
  readonly kind: "APIResourceList";
  readonly apiVersion: "v1";
  readonly groupVersion: string;
  readonly resources: readonly APIResource[];
}

/** Request verbs as discovery names them, in the alphabetical order upstream prints them. */
export const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] as const;
export type Verb = (typeof VERBS)[number];

export type DiscoveryVersion = "v2" | "v2beta1";

export interface APISubresourceDiscovery {
  readonly subresource: string;
  readonly responseKind: GroupVersionKind;
  readonly verbs: readonly Verb[];
}

export interface APIResourceDiscovery {
  readonly resource: string;
  readonly responseKind: GroupVersionKind;
  readonly scope: "Namespaced" | "Cluster";
  readonly singularResource: string;
  readonly verbs: readonly Verb[];
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly subresources?: readonly APISubresourceDiscovery[];
}

export interface APIVersionDiscovery {
  readonly version: string;
  readonly resources: readonly APIResourceDiscovery[];
  /** Always Current: every version is served by this process, never by a lagging aggregated server. */
  readonly freshness: "Current";
}

export interface APIGroupDiscovery {
  /** `name` is "" for the core group. */
  readonly metadata: { readonly name: string };
  /** Preferred version first. */
  readonly versions: readonly APIVersionDiscovery[];
}

/** `GET /api` and `GET /apis` when the client accepts aggregated discovery. */
export interface APIGroupDiscoveryList {
  readonly kind: "APIGroupDiscoveryList";
  readonly apiVersion: `apidiscovery.k8s.io/${DiscoveryVersion}`;
  readonly metadata: Record<string, never>;
  readonly items: readonly APIGroupDiscovery[];
}

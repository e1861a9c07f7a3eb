/**
 * Aggregated discovery (apidiscovery.k8s.io/v2): every resource of every
 * version in one response for `/api` and one for `/apis`, so kubectl needs
 * two requests instead of one per group-version.
 *
 * kubectl only treats the body as aggregated when the response's
 * Content-Type is exactly the constant below; the same body sent as
 * `application/json` makes it report every resource type as missing.
 */
import type { KindDefinition } from "../../apis/types.js";
import { omitEmpty } from "./_go-json.js";
import { servedGroups } from "./group-versions.js";
import { servedResources } from "./resources.js";
import type { ServedResource } from "./resources.js";
import type { APIGroupDiscovery, APIGroupDiscoveryList, APIResourceDiscovery, DiscoveryVersion } from "./types.js";

export const AGGREGATED_DISCOVERY_CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/** The Content-Type to answer with for each version a client may ask for. */
export const AGGREGATED_DISCOVERY_CONTENT_TYPES: Readonly<Record<DiscoveryVersion, string>> = {
  v2: AGGREGATED_DISCOVERY_CONTENT_TYPE,
  v2beta1: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
};

/** `core` is the document at `/api` (the "" group only), `groups` the one at `/apis` (every other group). */
export type DiscoveryScope = "core" | "groups";

export interface AggregatedDiscoveryOptions {
  /**
   * The document's apiVersion; v2beta1 has the same shape and is answered
   * only to clients that do not accept v2.
   * @default "v2"
   */
  readonly version?: DiscoveryVersion;
}

function toDiscovery(resource: ServedResource): APIResourceDiscovery {
  return {
    resource: resource.name,
    responseKind: resource.responseKind,
    scope: resource.namespaced ? "Namespaced" : "Cluster",
    singularResource: resource.singular,
    verbs: resource.verbs,
    ...omitEmpty("shortNames", resource.shortNames),
    ...omitEmpty("categories", resource.categories),
    ...omitEmpty(
      "subresources",
      resource.subresources.map(({ name, responseKind, verbs }) => ({ subresource: name, responseKind, verbs })),
    ),
  };
}

export function aggregatedDiscovery(
  kinds: readonly KindDefinition[],
  scope: DiscoveryScope,
  { version = "v2" }: AggregatedDiscoveryOptions = {},
): APIGroupDiscoveryList {
  const items = servedGroups(kinds)
    .filter((group) => (scope === "core") === (group.name === ""))
    .map(
      (group): APIGroupDiscovery => ({
        metadata: { name: group.name },
        versions: group.versions.map((groupVersion) => ({
          version: groupVersion,
          resources: servedResources(kinds, group.name, groupVersion).map(toDiscovery),
          freshness: "Current",
        })),
      }),
    );
  return { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

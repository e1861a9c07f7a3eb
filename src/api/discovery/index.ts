/**
 * Discovery documents built from the served kinds: legacy `/api`, `/apis`
 * and APIResourceLists, and aggregated discovery. Pure functions; the HTTP
 * layer caches their results until the set of kinds changes.
 */
export { compareStrings } from "./_go-json.js";
export { wantsAggregatedDiscovery } from "./accept.js";
export {
  AGGREGATED_DISCOVERY_CONTENT_TYPE,
  AGGREGATED_DISCOVERY_CONTENT_TYPES,
  aggregatedDiscovery,
} from "./aggregated.js";
export type { AggregatedDiscoveryOptions, DiscoveryScope } from "./aggregated.js";
export { kindsAt, servedGroups } from "./group-versions.js";
export type { ServedGroup } from "./group-versions.js";
export { apiGroupList, apiResourceList, apiVersions } from "./legacy.js";
export { SCALE_GVK, gvkOf } from "./resources.js";
export type * from "./types.js";

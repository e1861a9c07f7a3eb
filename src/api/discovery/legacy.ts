/**
 * Legacy (unaggregated) discovery: `/api`, `/apis`, `/api/v1` and
 * `/apis/{group}/{version}`. kubectl falls back to these when a response
 * lacks the aggregated content type, and older clients only know them.
 */
import type { KindDefinition } from "../../apis/types.js";
import { omitEmpty } from "./_go-json.js";
import { servedGroups } from "./group-versions.js";
import { servedResources } from "./resources.js";
import type { ServedResource } from "./resources.js";
import type { APIGroupList, APIResource, APIResourceList, APIVersions, GroupVersionForDiscovery } from "./types.js";

/** `/api`. One address for every client: mini has no internal/external split. */
export function apiVersions(serverAddress: string): APIVersions {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groupVersion(group: string, version: string): GroupVersionForDiscovery {
  return { groupVersion: group === "" ? version : `${group}/${version}`, version };
}

/** `/apis`: every named group; the core group is only at `/api`. */
export function apiGroupList(kinds: readonly KindDefinition[]): APIGroupList {
  const groups = servedGroups(kinds)
    .filter((group) => group.name !== "")
    .flatMap(({ name, versions }) => {
      const preferred = versions[0];
      if (preferred === undefined) return [];
      return [
        {
          name,
          versions: versions.map((version) => groupVersion(name, version)),
          preferredVersion: groupVersion(name, preferred),
        },
      ];
    });
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

function toAPIResources(resource: ServedResource): APIResource[] {
  const main: APIResource = {
    name: resource.name,
    singularName: resource.singular,
    namespaced: resource.namespaced,
    kind: resource.responseKind.kind,
    verbs: resource.verbs,
    ...omitEmpty("shortNames", resource.shortNames),
    ...omitEmpty("categories", resource.categories),
    ...(resource.storageVersionHash === undefined ? {} : { storageVersionHash: resource.storageVersionHash }),
  };
  const { group, version } = resource.responseKind;
  const subresources = resource.subresources.map((sub): APIResource => {
    const foreign = sub.responseKind.group !== group || sub.responseKind.version !== version;
    return {
      name: `${resource.name}/${sub.name}`,
      singularName: "",
      namespaced: resource.namespaced,
      ...(foreign ? { group: sub.responseKind.group, version: sub.responseKind.version } : {}),
      kind: sub.responseKind.kind,
      verbs: sub.verbs,
    };
  });
  return [main, ...subresources];
}

/** `/api/v1` or `/apis/{group}/{version}`; undefined when that group-version is not served (a 404). */
export function apiResourceList(kinds: readonly KindDefinition[], group: string, version: string): APIResourceList | undefined {
  const resources = servedResources(kinds, group, version);
  if (resources.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: groupVersion(group, version).groupVersion,
    resources: resources.flatMap(toAPIResources),
  };
}

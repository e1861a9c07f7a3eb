/**
 * The small OpenAPI documents describing the discovery endpoints
 * themselves: `api` (`GET /api/`), `apis` (`GET /apis/`) and `apis/{group}`
 * (`GET /apis/{group}/`). Upstream lists them in the `/openapi/v3` root next
 * to the group-version documents, so mini does too.
 */
import type { GroupVersionKind } from "../discovery/index.js";
import { TYPE_META_PROPERTIES, refWith } from "./meta-schemas.js";
import { META_V1, groupIdentifier, operationPrefix, ref } from "./names.js";
import type { OpenApiDocument, OpenApiSchema } from "./types.js";

const API_VERSIONS = `${META_V1}.APIVersions` as const;
const API_GROUP_LIST = `${META_V1}.APIGroupList` as const;
const API_GROUP = `${META_V1}.APIGroup` as const;
const GROUP_VERSION = `${META_V1}.GroupVersionForDiscovery` as const;
const SERVER_ADDRESS = `${META_V1}.ServerAddressByClientCIDR` as const;
type SchemaName = typeof API_VERSIONS | typeof API_GROUP_LIST | typeof API_GROUP | typeof GROUP_VERSION | typeof SERVER_ADDRESS;

const string = (description: string): OpenApiSchema => ({ type: "string", description });
const arrayOf = (name: string, description: string): OpenApiSchema => ({
  type: "array",
  description,
  items: { allOf: [ref(name)], default: {} },
});
const gvk = (kind: string): readonly GroupVersionKind[] => [{ group: "", version: "v1", kind }];

const serverAddresses = arrayOf(SERVER_ADDRESS, "Which address clients in each network should use.");

const SCHEMAS: Readonly<Record<SchemaName, OpenApiSchema>> = {
  [API_GROUP]: {
    type: "object",
    description: "A group with its versions.",
    required: ["name", "versions"],
    properties: {
      ...TYPE_META_PROPERTIES,
      name: string("Name of the group."),
      preferredVersion: refWith(GROUP_VERSION, "The version clients should use.", { default: {} }),
      serverAddressByClientCIDRs: serverAddresses,
      versions: arrayOf(GROUP_VERSION, "Every version served, preferred first."),
    },
    "x-kubernetes-group-version-kind": gvk("APIGroup"),
  },
  [API_GROUP_LIST]: {
    type: "object",
    description: "Every named API group.",
    required: ["groups"],
    properties: { ...TYPE_META_PROPERTIES, groups: arrayOf(API_GROUP, "The groups.") },
    "x-kubernetes-group-version-kind": gvk("APIGroupList"),
  },
  [API_VERSIONS]: {
    type: "object",
    description: "The versions of the core group, served at /api.",
    required: ["versions", "serverAddressByClientCIDRs"],
    properties: {
      ...TYPE_META_PROPERTIES,
      serverAddressByClientCIDRs: serverAddresses,
      versions: { type: "array", description: "The versions.", items: { type: "string" } },
    },
    "x-kubernetes-group-version-kind": gvk("APIVersions"),
  },
  [GROUP_VERSION]: {
    type: "object",
    description: "One version of a group.",
    required: ["groupVersion", "version"],
    properties: { groupVersion: string("group/version."), version: string("The version alone.") },
  },
  [SERVER_ADDRESS]: {
    type: "object",
    description: "The server address for clients within a CIDR.",
    required: ["clientCIDR", "serverAddress"],
    properties: { clientCIDR: string("The clients' network."), serverAddress: string("host:port to use.") },
  },
};

interface DiscoveryOperation {
  readonly description: string;
  readonly operationId: string;
  readonly tag: string;
  /** The schema of the answer; listed first among the document's schemas. */
  readonly returns: SchemaName;
}

/** A document with one GET operation and the schemas its answer reaches. */
function discoveryDocument(path: string, operation: DiscoveryOperation, reached: readonly SchemaName[]): OpenApiDocument {
  const content = Object.fromEntries(
    ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"].map((type) => [
      type,
      { schema: ref(operation.returns) },
    ]),
  );
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "unversioned" },
    paths: {
      [path]: {
        get: {
          description: operation.description,
          operationId: operation.operationId,
          tags: [operation.tag],
          responses: { "200": { description: "OK", content }, "401": { description: "Unauthorized" } },
        },
      },
    },
    components: { schemas: Object.fromEntries([operation.returns, ...reached].map((name) => [name, SCHEMAS[name]])) },
  };
}

export function coreDiscoveryDocument(): OpenApiDocument {
  const operation = { description: "get available API versions", operationId: "getCoreAPIVersions", tag: "core" };
  return discoveryDocument("/api/", { ...operation, returns: API_VERSIONS }, [SERVER_ADDRESS]);
}

export function groupsDiscoveryDocument(): OpenApiDocument {
  const operation = { description: "get available API versions", operationId: "getAPIVersions", tag: "apis" };
  return discoveryDocument("/apis/", { ...operation, returns: API_GROUP_LIST }, [API_GROUP, GROUP_VERSION, SERVER_ADDRESS]);
}

export function groupDiscoveryDocument(group: string): OpenApiDocument {
  const operation = {
    description: "get information of a group",
    operationId: `get${operationPrefix(group)}APIGroup`,
    tag: groupIdentifier(group),
  };
  return discoveryDocument(`/apis/${group}/`, { ...operation, returns: API_GROUP }, [GROUP_VERSION, SERVER_ADDRESS]);
}

/**
 * Parses a request path into what Kubernetes calls RequestInfo: whether it
 * names a resource, and which verb, group, version, namespace, resource,
 * name and subresource it addresses. The rules follow kube-apiserver's
 * request-info resolver, so `/apis/apps/v1/namespaces/x/deployments/y/scale`
 * and the legacy `/api/v1/watch/...` forms mean what kubectl expects.
 */

export type Verb =
  | "get"
  | "list"
  | "watch"
  | "create"
  | "update"
  | "patch"
  | "delete"
  | "deletecollection";

export interface ResourceRequest {
  readonly isResourceRequest: true;
  readonly verb: Verb;
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  /** "" for cluster-scoped requests and for all-namespace lists. */
  readonly namespace: string;
  readonly resource: string;
  readonly name: string;
  readonly subresource: string;
}

export interface NonResourceRequest {
  readonly isResourceRequest: false;
  readonly path: string;
}

export type RequestInfo = ResourceRequest | NonResourceRequest;

const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

function isWatchQuery(query: URLSearchParams): boolean {
  const value = query.get("watch");
  return value === "true" || value === "1";
}

function verbFor(method: string, hasName: boolean, watchPath: boolean, query: URLSearchParams): Verb | null {
  switch (method) {
    case "GET":
    case "HEAD":
      if (watchPath || isWatchQuery(query)) return "watch";
      return hasName ? "get" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return hasName ? "delete" : "deletecollection";
    default:
      return null;
  }
}

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path.split("/").filter((p) => p.length > 0);
  const nonResource: NonResourceRequest = { isResourceRequest: false, path };
  let rest: string[];
  let group: string;
  if (parts[0] === "api") {
    if (parts.length < 3) return nonResource;
    group = "";
    rest = parts.slice(1);
  } else if (parts[0] === "apis") {
    if (parts.length < 4) return nonResource;
    group = parts[1] ?? "";
    rest = parts.slice(2);
  } else {
    return nonResource;
  }
  const version = rest[0] ?? "";
  rest = rest.slice(1);
  let watchPath = false;
  if (rest[0] === "watch") {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace = "";
  // `namespaces/<ns>/<resource>…` addresses a namespaced resource, while
  // `namespaces/<ns>` and its own subresources (status, finalize) address
  // the Namespace object itself.
  if (rest[0] === "namespaces" && rest.length >= 2) {
    namespace = rest[1] ?? "";
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? "")) rest = rest.slice(2);
  }
  const [resource = "", name = "", subresource = ""] = rest;
  if (rest.length > 3 || resource === "") return nonResource;
  const verb = verbFor(method, name !== "", watchPath, query);
  if (verb === null) return nonResource;
  // The Namespace object's own path carries its name, not a namespace scope.
  if (resource === "namespaces") namespace = "";
  return { isResourceRequest: true, verb, group, version, namespace, resource, name, subresource };
}

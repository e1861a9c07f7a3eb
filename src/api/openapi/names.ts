/**
 * The names upstream gives things in its OpenAPI documents, which clients
 * and generated code key on: component schema names
 * (`io.k8s.api.apps.v1.Deployment`), operation ids
 * (`patchAppsV1NamespacedDeployment`) and tags (`apps_v1`).
 */
import type { GroupVersionKind } from "../discovery/index.js";
import type { OpenApiSchema } from "./types.js";

/** Groups whose Go types live outside k8s.io/api, so their schema names carry another package path. */
const PACKAGE_BY_GROUP: Readonly<Record<string, string>> = {
  "": "io.k8s.api.core",
  "apiextensions.k8s.io": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
  "apiregistration.k8s.io": "io.k8s.kube-aggregator.pkg.apis.apiregistration",
  "internal.apiserver.k8s.io": "io.k8s.api.apiserverinternal",
  "metrics.k8s.io": "io.k8s.metrics.pkg.apis.metrics",
};

export const META_V1 = "io.k8s.apimachinery.pkg.apis.meta.v1";

function packageOf(group: string): string {
  const known = PACKAGE_BY_GROUP[group];
  if (known !== undefined) return known;
  // Built-in groups are named after their package in k8s.io/api (rbac.authorization.k8s.io → rbac);
  // custom resources get the group's domain reversed (stable.example.com → com.example.stable).
  if (!group.includes(".") || group.endsWith(".k8s.io")) return `io.k8s.api.${group.split(".")[0] ?? group}`;
  return group.split(".").reverse().join(".");
}

export function schemaName(gvk: GroupVersionKind): string {
  return `${packageOf(gvk.group)}.${gvk.version}.${gvk.kind}`;
}

export function ref(name: string): OpenApiSchema {
  return { $ref: `#/components/schemas/${name}` };
}

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** `rbac.authorization.k8s.io` → `rbacAuthorization`; the core group is `core`. The tag of a group's own document. */
export function groupIdentifier(group: string): string {
  const [first = "", ...rest] = group === "" ? ["core"] : group.replace(/\.k8s\.io$/, "").split(".");
  return first + rest.map(capitalize).join("");
}

/** `RbacAuthorizationV1`: the middle of every operation id of a group-version; `RbacAuthorization` without a version. */
export function operationPrefix(group: string, version = ""): string {
  return capitalize(groupIdentifier(group)) + capitalize(version);
}

/** `rbacAuthorization_v1`. */
export function operationTag(group: string, version: string): string {
  return `${groupIdentifier(group)}_${version}`;
}

/**
 * ClusterRole (rbac.authorization.k8s.io/v1): permissions cluster-wide, on
 * non-resource URLs, or reused by RoleBindings in many namespaces. Also the
 * bootstrap roles upstream creates at start (cluster-admin, admin, edit, view).
 */
import { required, type FieldError } from "../machinery/field-errors.js";
import { validateLabelSelector, type LabelSelector } from "./common/label-selector.js";
import { labelSelectorSchema, objectSchema } from "./common/meta.js";
import { RBAC_GROUP, roleColumns, rulesSchema, validateRules, type PolicyRule, type RoleObject } from "./common/rbac-schemas.js";
import { list, object } from "./common/schema-builders.js";
import type { KindDefinition } from "./types.js";

interface ClusterRole extends RoleObject {
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] };
}

const schema = objectSchema("Cluster-wide permissions, granted by a ClusterRoleBinding or a RoleBinding.", {
  aggregationRule: {
    ...object({
      clusterRoleSelectors: list(labelSelectorSchema, "ClusterRoles whose rules are combined into this one.", { type: "atomic" }),
    }),
    description: "When set, the controller manages rules as the union of the selected ClusterRoles' rules.",
  },
  rules: rulesSchema,
});

function validateClusterRole(role: ClusterRole): FieldError[] {
  const errors = validateRules(role.rules, false);
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (role.aggregationRule && !selectors?.length) {
    errors.push(required("aggregationRule.clusterRoleSelectors", "at least one clusterRoleSelector required if aggregationRule is non-nil"));
  }
  (selectors ?? []).forEach((selector, i) => errors.push(...validateLabelSelector(selector, `aggregationRule.clusterRoleSelectors[${i}]`)));
  return errors;
}

export const clusterRoleKind = {
  group: RBAC_GROUP,
  version: "v1",
  kind: "ClusterRole",
  listKind: "ClusterRoleList",
  plural: "clusterroles",
  singular: "clusterrole",
  shortNames: [],
  categories: [],
  namespaced: false,
  schema,
  tracksGeneration: false,
  subresources: { status: false },
  strategy: { validate: (object) => validateClusterRole(object as ClusterRole) },
  columns: roleColumns,
} satisfies KindDefinition;

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "patch", "update"];
const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs });

/** What view may read, by group (secrets excluded: they would leak service account tokens). */
const VIEWABLE: [string, string[]][] = [
  ["", ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "pods/log", "pods/status",
    "replicationcontrollers", "replicationcontrollers/scale", "replicationcontrollers/status", "serviceaccounts", "services",
    "services/status", "bindings", "events", "limitranges", "namespaces", "namespaces/status", "resourcequotas", "resourcequotas/status"]],
  ["apps", ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status",
    "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]],
  ["autoscaling", ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]],
  ["batch", ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]],
  ["discovery.k8s.io", ["endpointslices"]],
  ["networking.k8s.io", ["ingresses", "ingresses/status", "networkpolicies"]],
  ["policy", ["poddisruptionbudgets", "poddisruptionbudgets/status"]],
];

/** What edit may change, by group. */
const EDITABLE: [string, string[]][] = [
  ["", ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "configmaps", "endpoints", "persistentvolumeclaims",
    "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]],
  ["apps", ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"]],
  ["autoscaling", ["horizontalpodautoscalers"]],
  ["batch", ["cronjobs", "jobs"]],
  ["discovery.k8s.io", ["endpointslices"]],
  ["networking.k8s.io", ["ingresses", "networkpolicies"]],
  ["policy", ["poddisruptionbudgets"]],
];

const VIEW_RULES = VIEWABLE.map(([group, resources]) => rule([group], resources, READ));
const EDIT_RULES = [
  ...VIEW_RULES,
  rule([""], ["secrets", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "services/proxy"], READ),
  rule([""], ["serviceaccounts"], ["impersonate"]),
  ...EDITABLE.map(([group, resources]) => rule([group], resources, WRITE)),
];
const ADMIN_RULES = [
  ...EDIT_RULES,
  rule(["rbac.authorization.k8s.io"], ["rolebindings", "roles"], [...READ, ...WRITE]),
  rule(["authorization.k8s.io"], ["localsubjectaccessreviews"], ["create"]),
];

function bootstrapRole(name: string, rules: PolicyRule[]): ClusterRole {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: "ClusterRole",
    metadata: {
      name,
      labels: { "kubernetes.io/bootstrapping": "rbac-defaults" },
      annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" },
    },
    rules,
  };
}

/**
 * The ClusterRoles upstream bootstraps for people. Upstream builds admin, edit
 * and view by aggregation; we have no aggregation controller, so they carry
 * their combined rules directly. The lead creates them at start.
 */
export const DEFAULT_CLUSTER_ROLES: readonly ClusterRole[] = [
  bootstrapRole("cluster-admin", [rule(["*"], ["*"], ["*"]), { nonResourceURLs: ["*"], verbs: ["*"] }]),
  bootstrapRole("admin", ADMIN_RULES),
  bootstrapRole("edit", EDIT_RULES),
  bootstrapRole("view", VIEW_RULES),
];

/**
 * The pieces the four rbac.authorization.k8s.io/v1 kinds share: PolicyRule,
 * RoleRef and Subject schemas, their defaults and validation (upstream's
 * pkg/apis/rbac/validation), and the binding columns.
 */
import { invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.js";
import { ageColumn, nameColumn } from "../columns.js";
import type { KubeObject, Schema, TableColumn } from "../types.js";
import { pathSegmentProblems } from "./name-validation.js";
import { describe, list, object, string } from "./schema-builders.js";
import { jsonEqual, validateDNS1123Subdomain } from "./validation-helpers.js";
import { timestamp } from "../../machinery/time.js";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface RoleRef {
  apiGroup?: string;
  kind?: string;
  name?: string;
}

export interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

export interface RoleObject extends KubeObject {
  rules?: PolicyRule[];
}

export interface Binding extends KubeObject {
  roleRef?: RoleRef;
  subjects?: Subject[];
}

const strings = (description: string): Schema => list({ type: "string" }, description, { type: "atomic" });

const policyRuleSchema = object(
  {
    apiGroups: strings("API groups of the resources; \"\" is the core group, \"*\" all groups."),
    nonResourceURLs: strings("URL paths such as /healthz (a trailing * matches a prefix); cluster roles only."),
    resourceNames: strings("Names of the objects the rule is limited to; empty means all."),
    resources: strings("Resources (and subresources such as pods/log) the rule applies to; \"*\" means all."),
    verbs: strings("Actions allowed, such as get, list, watch, create; \"*\" means all."),
  },
  ["verbs"],
);

export const rulesSchema = list(policyRuleSchema, "Permissions granted; they add up.", { type: "atomic" });

export const roleRefSchema = object(
  {
    apiGroup: string("Group of the referenced role."),
    kind: string("Role or ClusterRole."),
    name: string("Name of the referenced role."),
  },
  ["apiGroup", "kind", "name"],
  { "x-kubernetes-map-type": "atomic" },
);

const subjectSchema = object(
  {
    apiGroup: string("Group of the subject's kind: \"\" for ServiceAccount, rbac.authorization.k8s.io for User and Group."),
    kind: string("User, Group or ServiceAccount."),
    name: string("Name of the subject."),
    namespace: string("Namespace of a ServiceAccount subject."),
  },
  ["kind", "name"],
  { "x-kubernetes-map-type": "atomic" },
);

export const bindingFields = (roleDescription: string): Record<string, Schema> => ({
  roleRef: describe(roleRefSchema, roleDescription),
  subjects: list(subjectSchema, "Who is granted the role.", { type: "atomic" }),
});

/** SetDefaults_RoleBinding / _ClusterRoleBinding / _Subject. */
export function defaultBinding(binding: Binding): void {
  if (binding.roleRef && !binding.roleRef.apiGroup) binding.roleRef.apiGroup = RBAC_GROUP;
  for (const subject of binding.subjects ?? []) {
    if (!subject.apiGroup && (subject.kind === "User" || subject.kind === "Group")) subject.apiGroup = RBAC_GROUP;
  }
}

export function validateRules(rules: readonly PolicyRule[] | undefined, namespaced: boolean): FieldError[] {
  return (rules ?? []).flatMap((rule, i) => validatePolicyRule(rule, namespaced, `rules[${i}]`));
}

function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!rule.verbs?.length) errors.push(required(`${path}.verbs`, "verbs must contain at least one value"));
  if (rule.nonResourceURLs?.length) {
    if (namespaced) errors.push(invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, "namespaced rules cannot apply to non-resource URLs"));
    if (rule.apiGroups?.length || rule.resources?.length) {
      errors.push(invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, "rules cannot apply to both regular resources and non-resource URLs"));
    }
    return errors;
  }
  if (!rule.apiGroups?.length) errors.push(required(`${path}.apiGroups`, "resource rules must supply at least one api group"));
  if (!rule.resources?.length) errors.push(required(`${path}.resources`, "resource rules must supply at least one resource"));
  return errors;
}

/** ValidateRoleBinding / ValidateClusterRoleBinding minus metadata: `roleKinds` are the kinds roleRef may name. */
export function validateBinding(binding: Binding, roleKinds: readonly string[], namespaced: boolean): FieldError[] {
  const roleRef = binding.roleRef ?? {};
  const errors: FieldError[] = [];
  // Upstream restricts bindings to roles of its own group for now.
  if (roleRef.apiGroup !== RBAC_GROUP) errors.push(notSupported("roleRef.apiGroup", roleRef.apiGroup ?? "", [RBAC_GROUP]));
  if (!roleKinds.includes(roleRef.kind ?? "")) errors.push(notSupported("roleRef.kind", roleRef.kind ?? "", roleKinds));
  if (!roleRef.name) errors.push(required("roleRef.name"));
  else errors.push(...pathSegmentProblems(roleRef.name).map((problem) => invalid("roleRef.name", roleRef.name, problem)));
  (binding.subjects ?? []).forEach((subject, i) => errors.push(...validateSubject(subject, namespaced, `subjects[${i}]`)));
  return errors;
}

function validateSubject(subject: Subject, namespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const name = subject.name ?? "";
  const apiGroup = subject.apiGroup ?? "";
  if (!name) errors.push(required(`${path}.name`));
  switch (subject.kind) {
    case "ServiceAccount":
      if (name) errors.push(...validateDNS1123Subdomain(name, `${path}.name`));
      if (apiGroup) errors.push(notSupported(`${path}.apiGroup`, apiGroup, [""]));
      if (!namespaced && !subject.namespace) errors.push(required(`${path}.namespace`));
      break;
    case "User":
    case "Group":
      if (apiGroup !== RBAC_GROUP) errors.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
      break;
    default:
      errors.push(notSupported(`${path}.kind`, subject.kind ?? "", ["ServiceAccount", "User", "Group"]));
  }
  return errors;
}

/** A binding's roleRef can never change; to point elsewhere, delete and recreate it. */
export function validateBindingUpdate(binding: Binding, old: Binding): FieldError[] {
  return jsonEqual(binding.roleRef, old.roleRef) ? [] : [invalid("roleRef", binding.roleRef, "cannot change roleRef")];
}

/** Role and ClusterRole print their creation time as RFC 3339 in UTC rather than an age. */
export const roleColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Created At",
    type: "date",
    description: "Time at which the object was created.",
    priority: 0,
    cell: (role) => {
      const created = Date.parse(role.metadata.creationTimestamp ?? "");
      return Number.isNaN(created) ? "" : timestamp(created);
    },
  },
];

/** SubjectsStrings: subject names of one kind, service accounts as namespace/name. */
function subjectNames(binding: Binding, kind: string): string {
  return (binding.subjects ?? [])
    .filter((subject) => subject.kind === kind)
    .map((subject) => (kind === "ServiceAccount" && subject.namespace ? `${subject.namespace}/${subject.name ?? ""}` : subject.name ?? ""))
    .join(", ");
}

const subjectColumn = (name: string, kind: string, description: string): TableColumn => ({
  name,
  type: "string",
  description,
  priority: 1,
  cell: (binding) => subjectNames(binding as Binding, kind),
});

export const bindingColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Role",
    type: "string",
    description: "The role bound, as kind/name.",
    priority: 0,
    cell: (binding) => `${(binding as Binding).roleRef?.kind ?? ""}/${(binding as Binding).roleRef?.name ?? ""}`,
  },
  ageColumn,
  subjectColumn("Users", "User", "Users in the binding's subjects."),
  subjectColumn("Groups", "Group", "Groups in the binding's subjects."),
  subjectColumn("ServiceAccounts", "ServiceAccount", "ServiceAccounts in the binding's subjects."),
];


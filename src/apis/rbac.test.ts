import { test } from "node:test";
import assert from "node:assert/strict";
import { clusterRoleKind, DEFAULT_CLUSTER_ROLES } from "./clusterrole.js";
import { clusterRoleBindingKind, DEFAULT_CLUSTER_ROLE_BINDINGS } from "./clusterrolebinding.js";
import { roleKind } from "./role.js";
import { roleBindingKind } from "./rolebinding.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const G = "rbac.authorization.k8s.io";

test("Role and ClusterRole rules need verbs and resources or non-resource URLs", () => {
  const cases: [string, typeof roleKind | typeof clusterRoleKind, Record<string, unknown>, string[]][] = [
    ["valid role", roleKind, { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] }, []],
    ["no verbs", roleKind, { rules: [{ apiGroups: [""], resources: ["pods"] }] }, ["rules[0].verbs: Required value: verbs must contain at least one value"]],
    ["no groups or resources", roleKind, { rules: [{ verbs: ["get"] }] }, [
      "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
      "rules[0].resources: Required value: resource rules must supply at least one resource",
    ]],
    ["URLs in a role", roleKind, { rules: [{ nonResourceURLs: ["/healthz"], verbs: ["get"] }] }, [
      'rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
    ]],
    ["URLs in a cluster role", clusterRoleKind, { rules: [{ nonResourceURLs: ["/healthz"], verbs: ["get"] }] }, []],
    ["URLs and resources", clusterRoleKind, { rules: [{ nonResourceURLs: ["/x"], resources: ["pods"], verbs: ["get"] }] }, [
      'rules[0].nonResourceURLs: Invalid value: ["/x"]: rules cannot apply to both regular resources and non-resource URLs',
    ]],
    ["empty aggregation", clusterRoleKind, { aggregationRule: {} }, [
      "aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil",
    ]],
    ["aggregation", clusterRoleKind, { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: "b" } }] } }, []],
  ];
  for (const [name, kind, fields, want] of cases) assert.deepEqual(create(kind, object(kind, fields)).errors, want, name);
});

test("bindings default apiGroups and validate roleRef and subjects", () => {
  const created = create(roleBindingKind, object(roleBindingKind, {
    roleRef: { kind: "Role", name: "r" },
    subjects: [{ kind: "User", name: "u" }, { kind: "Group", name: "g" }, { kind: "ServiceAccount", name: "sa" }],
  })).object;
  assert.deepEqual(created.roleRef, { kind: "Role", name: "r", apiGroup: G });
  assert.deepEqual(created.subjects, [
    { kind: "User", name: "u", apiGroup: G }, { kind: "Group", name: "g", apiGroup: G }, { kind: "ServiceAccount", name: "sa" },
  ]);

  type BindingKind = typeof roleBindingKind | typeof clusterRoleBindingKind;
  const cases: [string, BindingKind, Record<string, unknown>, string[]][] = [
    ["role binding to a cluster role", roleBindingKind, { roleRef: { kind: "ClusterRole", name: "view" } }, []],
    ["bad roleRef", roleBindingKind, { roleRef: { apiGroup: "x", kind: "Pod", name: "a/b" } }, [
      'roleRef.apiGroup: Unsupported value: "x": supported values: "rbac.authorization.k8s.io"',
      'roleRef.kind: Unsupported value: "Pod": supported values: "Role", "ClusterRole"',
      "roleRef.name: Invalid value: \"a/b\": may not contain '/'",
    ]],
    ["no roleRef name", roleBindingKind, { roleRef: { kind: "Role" } }, ["roleRef.name: Required value"]],
    ["cluster binding to a role", clusterRoleBindingKind, { roleRef: { kind: "Role", name: "r" } }, [
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    ]],
    ["bad subjects", roleBindingKind, { roleRef: { kind: "Role", name: "r" }, subjects: [
      { kind: "ServiceAccount", name: "Bad_Name", apiGroup: G }, { kind: "User", apiGroup: "x" }, { kind: "Robot", name: "r" },
    ] }, [
      "subjects[0].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'subjects[0].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""',
      "subjects[1].name: Required value",
      'subjects[1].apiGroup: Unsupported value: "x": supported values: "rbac.authorization.k8s.io"',
      'subjects[2].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]],
    ["cluster binding service account needs a namespace", clusterRoleBindingKind, {
      roleRef: { kind: "ClusterRole", name: "view" }, subjects: [{ kind: "ServiceAccount", name: "sa" }],
    }, ["subjects[0].namespace: Required value"]],
  ];
  for (const [name, kind, fields, want] of cases) assert.deepEqual(create(kind, object(kind, fields)).errors, want, name);
});

test("a binding's roleRef is immutable", () => {
  const old = object(roleBindingKind, { roleRef: { apiGroup: G, kind: "Role", name: "a" } });
  assert.deepEqual(update(roleBindingKind, object(roleBindingKind, { roleRef: { kind: "Role", name: "a" }, subjects: [] }), old).errors, []);
  assert.deepEqual(update(roleBindingKind, object(roleBindingKind, { roleRef: { apiGroup: G, kind: "Role", name: "b" } }), old).errors, [
    `roleRef: Invalid value: {"apiGroup":"${G}","kind":"Role","name":"b"}: cannot change roleRef`,
  ]);
});

test("RBAC table cells", () => {
  assert.deepEqual(row(roleKind, object(roleKind, {}, "r")), ["r", "2025-01-01T11:55:00Z"]);
  assert.deepEqual(row(clusterRoleKind, object(clusterRoleKind, {}, "c")), ["c", "2025-01-01T11:55:00Z"]);
  const subjects = [
    { kind: "User", name: "alice" }, { kind: "User", name: "bob" }, { kind: "Group", name: "devs" },
    { kind: "ServiceAccount", name: "sa", namespace: "ns" }, { kind: "ServiceAccount", name: "local" },
  ];
  assert.deepEqual(row(roleBindingKind, object(roleBindingKind, { roleRef: { kind: "Role", name: "r" }, subjects }, "b")),
    ["b", "Role/r", "5m", "alice, bob", "devs", "ns/sa, local"]);
  assert.deepEqual(row(clusterRoleBindingKind, object(clusterRoleBindingKind, { roleRef: { kind: "ClusterRole", name: "view" } }, "cb")),
    ["cb", "ClusterRole/view", "5m", "", "", ""]);
});

test("bootstrap roles and binding are valid and layered", () => {
  for (const role of DEFAULT_CLUSTER_ROLES) {
    assert.deepEqual(create(clusterRoleKind, role).errors, [], role.metadata.name);
    assert.equal(role.metadata.labels?.["kubernetes.io/bootstrapping"], "rbac-defaults");
  }
  const rules = (name: string) => DEFAULT_CLUSTER_ROLES.find((role) => role.metadata.name === name)?.rules ?? [];
  const includes = (outer: string, inner: string) => rules(inner).every((r) => rules(outer).some((o) => JSON.stringify(o) === JSON.stringify(r)));
  assert.ok(includes("edit", "view") && includes("admin", "edit"));
  assert.ok(rules("admin").some((r) => r.resources?.includes("rolebindings")));
  assert.ok(!rules("view").some((r) => r.resources?.includes("secrets")));
  for (const binding of DEFAULT_CLUSTER_ROLE_BINDINGS) assert.deepEqual(create(clusterRoleBindingKind, binding).errors, []);
});

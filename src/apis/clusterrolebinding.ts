/** ClusterRoleBinding (rbac.authorization.k8s.io/v1): grants a ClusterRole across the whole cluster. */
import { objectSchema } from "./common/meta.js";
import { bindingColumns, bindingFields, defaultBinding, RBAC_GROUP, validateBinding, validateBindingUpdate, type Binding } from "./common/rbac-schemas.js";
import type { KindDefinition } from "./types.js";

export const clusterRoleBindingKind = {
  group: RBAC_GROUP,
  version: "v1",
  kind: "ClusterRoleBinding",
  listKind: "ClusterRoleBindingList",
  plural: "clusterrolebindings",
  singular: "clusterrolebinding",
  shortNames: [],
  categories: [],
  namespaced: false,
  schema: objectSchema(
    "Grants the permissions of a ClusterRole to subjects in every namespace.",
    bindingFields("The ClusterRole granted; immutable."),
    ["roleRef"],
  ),
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    defaults: (object) => defaultBinding(object as Binding),
    validate: (object) => validateBinding(object as Binding, ["ClusterRole"], false),
    validateUpdate: (object, old) => validateBindingUpdate(object as Binding, old as Binding),
  },
  columns: bindingColumns,
} satisfies KindDefinition;

/** Bootstrap binding: members of system:masters are cluster admins. */
export const DEFAULT_CLUSTER_ROLE_BINDINGS: readonly Binding[] = [
  {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: "ClusterRoleBinding",
    metadata: {
      name: "cluster-admin",
      labels: { "kubernetes.io/bootstrapping": "rbac-defaults" },
      annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" },
    },
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: "cluster-admin" },
    subjects: [{ apiGroup: RBAC_GROUP, kind: "Group", name: "system:masters" }],
  },
];

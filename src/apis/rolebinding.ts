/** RoleBinding (rbac.authorization.k8s.io/v1): grants a Role or ClusterRole within one namespace. */
import { objectSchema } from "./common/meta.js";
import { bindingColumns, bindingFields, defaultBinding, RBAC_GROUP, validateBinding, validateBindingUpdate, type Binding } from "./common/rbac-schemas.js";
import type { KindDefinition } from "./types.js";

export const roleBindingKind = {
  group: RBAC_GROUP,
  version: "v1",
  kind: "RoleBinding",
  listKind: "RoleBindingList",
  plural: "rolebindings",
  singular: "rolebinding",
  shortNames: [],
  categories: [],
  namespaced: true,
  schema: objectSchema(
    "Grants the permissions of a role to subjects within this namespace.",
    bindingFields("The Role in this namespace or the ClusterRole granted; immutable."),
    ["roleRef"],
  ),
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    defaults: (object) => defaultBinding(object as Binding),
    validate: (object) => validateBinding(object as Binding, ["Role", "ClusterRole"], true),
    validateUpdate: (object, old) => validateBindingUpdate(object as Binding, old as Binding),
  },
  columns: bindingColumns,
} satisfies KindDefinition;

/** Role (rbac.authorization.k8s.io/v1): a set of permissions within one namespace. */
import { objectSchema } from "./common/meta.js";
import { RBAC_GROUP, roleColumns, rulesSchema, validateRules, type RoleObject } from "./common/rbac-schemas.js";
import type { KindDefinition } from "./types.js";

export const roleKind = {
  group: RBAC_GROUP,
  version: "v1",
  kind: "Role",
  listKind: "RoleList",
  plural: "roles",
  singular: "role",
  shortNames: [],
  categories: [],
  namespaced: true,
  schema: objectSchema("Namespaced permissions, granted by a RoleBinding.", { rules: rulesSchema }),
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    validate: (object) => validateRules((object as RoleObject).rules, true),
  },
  columns: roleColumns,
} satisfies KindDefinition;

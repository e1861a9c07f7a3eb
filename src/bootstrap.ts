/**
 * Objects every cluster starts with: the system namespaces, the system
 * priority classes, the default StorageClass and the default cluster roles
 * (cluster-admin, admin, edit, view), created once and left alone later.
 */
import type { Client } from "./client/index.js";
import { ApiError } from "./machinery/status.js";
import type { KubeObject } from "./apis/types.js";
import { SYSTEM_PRIORITY_CLASSES } from "./apis/priorityclass.js";
import { LOCAL_PATH_STORAGE_CLASS } from "./apis/storageclass.js";
import { DEFAULT_CLUSTER_ROLES } from "./apis/clusterrole.js";
import { DEFAULT_CLUSTER_ROLE_BINDINGS } from "./apis/clusterrolebinding.js";
import { cloneJson } from "./machinery/clone.js";

/** Objects created once on first start and left alone afterwards (users may change them). */
const CLUSTER_OBJECTS: readonly { group: string; kind: string; object: KubeObject }[] = [
  ...SYSTEM_PRIORITY_CLASSES.map((object) => ({ group: "scheduling.k8s.io", kind: "PriorityClass", object })),
  { group: "storage.k8s.io", kind: "StorageClass", object: LOCAL_PATH_STORAGE_CLASS },
  ...DEFAULT_CLUSTER_ROLES.map((object) => ({ group: "rbac.authorization.k8s.io", kind: "ClusterRole", object })),
  ...DEFAULT_CLUSTER_ROLE_BINDINGS.map((object) => ({ group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding", object })),
];

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

async function createUnlessExists(client: Client, group: string, kind: string, object: KubeObject): Promise<void> {
  try {
    await client.resource(group, kind).create(object.metadata.namespace ?? "", cloneJson(object));
  } catch (error: unknown) {
    if (!(error instanceof ApiError && error.status.reason === "AlreadyExists")) throw error;
  }
}

/** The system namespaces, priority classes, the default `local-path` StorageClass and the default cluster roles. */
export async function ensureSystemObjects(client: Client): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    await createUnlessExists(client, "", "Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  for (const { group, kind, object } of CLUSTER_OBJECTS) {
    if (client.serves(group, kind)) await createUnlessExists(client, group, kind, object);
  }
}

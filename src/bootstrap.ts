/**
 * Objects every cluster starts with: the system namespaces, the system
 * priority classes and the default StorageClass, created once and left
 * alone on later starts.
 */
import type { Client } from "./client/index.js";
import { ApiError } from "./machinery/status.js";
import type { KubeObject } from "./apis/types.js";
import { SYSTEM_PRIORITY_CLASSES } from "./apis/priorityclass.js";
import { LOCAL_PATH_STORAGE_CLASS } from "./apis/storageclass.js";

/** Objects created once on first start and left alone afterwards (users may change them). */
const CLUSTER_OBJECTS: readonly { group: string; kind: string; object: KubeObject }[] = [
  ...SYSTEM_PRIORITY_CLASSES.map((object) => ({ group: "scheduling.k8s.io", kind: "PriorityClass", object })),
  { group: "storage.k8s.io", kind: "StorageClass", object: LOCAL_PATH_STORAGE_CLASS },
];

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

async function createUnlessExists(client: Client, group: string, kind: string, object: KubeObject): Promise<void> {
  try {
    await client.resource(group, kind).create(object.metadata.namespace ?? "", structuredClone(object));
  } catch (error: unknown) {
    if (!(error instanceof ApiError && error.status.reason === "AlreadyExists")) throw error;
  }
}

/** The system namespaces, priority classes and the default `local-path` StorageClass. */
export async function ensureSystemObjects(client: Client): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    await createUnlessExists(client, "", "Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  for (const { group, kind, object } of CLUSTER_OBJECTS) {
    if (client.serves(group, kind)) await createUnlessExists(client, group, kind, object);
  }
}

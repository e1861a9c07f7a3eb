/**
 * Objects every cluster starts with: the system namespaces, created once
 * and left alone on later starts.
 */
import type { Client } from "./client/index.js";
import { ApiError } from "./machinery/status.js";

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

export async function ensureSystemNamespaces(client: Client): Promise<void> {
  const namespaces = client.resource("", "Namespace");
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await namespaces.create("", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    } catch (error: unknown) {
      if (!(error instanceof ApiError && error.status.reason === "AlreadyExists")) throw error;
    }
  }
}

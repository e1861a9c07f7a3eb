/**
 * The service account controller: every active namespace has a `default`
 * ServiceAccount, the identity of pods that name none. It is created with
 * the namespace and again whenever it is deleted.
 */
import { WorkQueue, type Informer } from "../client/index.js";
import { runController } from "./controller.js";
import { isAlreadyExists, isNamespaceTerminating } from "./job/api-helpers.js";
import type { ControllerContext } from "./index.js";

const ACCOUNT = "default";

/** Already there, or the namespace is going away: either way nothing to do. */
const harmless = (error: unknown): boolean => isAlreadyExists(error) || isNamespaceTerminating(error);

export function startServiceAccountController(context: ControllerContext): void {
  const namespaces: Informer = context.informers.forKind("", "Namespace");
  const accounts: Informer = context.informers.forKind("", "ServiceAccount");
  const client = context.client.resource("", "ServiceAccount");
  const queue = new WorkQueue();
  // Keys are namespace names.
  namespaces.addHandlers({ onAdd: (ns) => queue.add(ns.metadata.name ?? ""), onUpdate: (_old, ns) => queue.add(ns.metadata.name ?? "") });
  accounts.addHandlers({
    onDelete: (account) => {
      if (account.metadata.name === ACCOUNT) queue.add(account.metadata.namespace ?? "");
    },
  });

  const sync = async (name: string): Promise<void> => {
    const namespace = namespaces.get("", name);
    const phase = (namespace?.status as { phase?: string } | undefined)?.phase;
    if (!namespace || namespace.metadata.deletionTimestamp || (phase !== undefined && phase !== "Active")) return;
    if (accounts.get(name, ACCOUNT)) return;
    try {
      await client.create(name, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: ACCOUNT } });
    } catch (error: unknown) {
      if (!harmless(error)) throw error;
    }
  };
  runController({ name: "serviceaccount", queue, sync, log: context.log }, context.signal);
}

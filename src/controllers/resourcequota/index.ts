/**
 * The resource quota controller: keeps each ResourceQuota's status true —
 * status.hard mirrors spec.hard and status.used is recounted from the
 * namespace's objects with the same calculator quota admission charges by.
 * A quota is recounted when it is created or its limits change, when an
 * object it counts comes, goes or changes what it costs, and every five
 * minutes in any case (upstream's full resync), which also returns usage a
 * charged write that then failed had taken.
 */
import { isDeepStrictEqual } from "node:util";
import type { KubeObject } from "../../apis/types.js";
import { calculateUsed, resourcesCounted, type QuotaResource, type ResourceQuota } from "../../apis/common/quota-usage.js";
import { objectKey, WorkQueue, type Informer, type ResourceClient } from "../../client/index.js";
import { runController } from "../controller.js";
import type { ControllerContext } from "../index.js";
import { cloneJson } from "../../machinery/clone.js";

/** Upstream's --resource-quota-sync-period. */
const FULL_RESYNC_MS = 5 * 60 * 1000;

/** Kinds watched so that usage follows them at once; other counted kinds wait for the resync. */
const WATCHED: readonly { kind: string; plural: string; relevant?: (old: KubeObject, now: KubeObject) => boolean }[] = [
  {
    kind: "Pod",
    plural: "pods",
    // Status heartbeats do not change what a pod costs; its phase, deletion or deadline may.
    relevant: (old, now) =>
      (old.status as { phase?: string } | undefined)?.phase !== (now.status as { phase?: string } | undefined)?.phase ||
      old.metadata.deletionTimestamp !== now.metadata.deletionTimestamp ||
      !isDeepStrictEqual((old.spec as { activeDeadlineSeconds?: number } | undefined)?.activeDeadlineSeconds, (now.spec as { activeDeadlineSeconds?: number } | undefined)?.activeDeadlineSeconds),
  },
  { kind: "Service", plural: "services", relevant: (old, now) => !isDeepStrictEqual(old.spec, now.spec) },
  { kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", relevant: (old, now) => !isDeepStrictEqual(old.spec, now.spec) },
  { kind: "ConfigMap", plural: "configmaps" },
  { kind: "Secret", plural: "secrets" },
];

export interface ResourceQuotaControllerOptions {
  /** @default 300000 (5 min) */
  readonly resyncMs?: number;
}

export function startResourceQuotaController(context: ControllerContext, options: ResourceQuotaControllerOptions = {}): void {
  const { client, informers, signal } = context;
  const log = context.log.child("resourcequota-controller");
  const quotas: Informer = informers.forKind("", "ResourceQuota");
  const quotaClient = client.resource("", "ResourceQuota");
  const queue = new WorkQueue();

  const enqueueNamespace = (object: KubeObject): void => {
    for (const quota of quotas.list(object.metadata.namespace ?? "")) queue.add(objectKey(quota));
  };
  quotas.addHandlers({
    onAdd: (quota) => queue.add(objectKey(quota)),
    // Admission's own charges change status.used only; a change of limits needs a recount.
    onUpdate: (_old, quota) => {
      const q = quota as ResourceQuota;
      if (!isDeepStrictEqual(q.spec?.hard ?? {}, q.status?.hard ?? {})) queue.add(objectKey(quota));
    },
  });
  for (const watched of WATCHED.filter((w) => client.serves("", w.kind))) {
    informers.forKind("", watched.kind).addHandlers({
      onAdd: enqueueNamespace,
      onUpdate: (old, now) => {
        if (old.metadata.resourceVersion !== now.metadata.resourceVersion && (watched.relevant?.(old, now) ?? false)) enqueueNamespace(now);
      },
      onDelete: enqueueNamespace,
    });
  }
  const resync = setInterval(() => {
    for (const quota of quotas.list()) queue.add(objectKey(quota));
  }, options.resyncMs ?? FULL_RESYNC_MS);
  resync.unref();
  signal.addEventListener("abort", () => clearInterval(resync), { once: true });

  /** Clients by `plural` or `plural.group`, for counting any namespaced kind. */
  const clients = new Map<string, ResourceClient>(client.namespacedResources().map((r) => [r.resource, r]));
  const listed = async (resource: QuotaResource, namespace: string) => {
    const resourceClient = clients.get(resource.group ? `${resource.plural}.${resource.group}` : resource.plural);
    return resourceClient ? (await resourceClient.list({ namespace })).items : [];
  };

  const sync = async (key: string): Promise<void> => {
    const [namespace = "", name = ""] = key.split("/");
    const quota = quotas.get(namespace, name) as ResourceQuota | undefined;
    if (!quota || quota.metadata.deletionTimestamp) return;
    const hard = quota.spec?.hard ?? {};
    const objects = new Map<string, { resource: QuotaResource; items: readonly KubeObject[] }>();
    for (const resource of resourcesCounted(Object.keys(hard))) {
      objects.set(`${resource.group}/${resource.plural}`, { resource, items: await listed(resource, namespace) });
    }
    const status = { hard, used: calculateUsed(quota, objects, new Date()) };
    if (isDeepStrictEqual(quota.status, status)) return;
    // Conditional on the version read: a charge admission made meanwhile wins, and the key is retried.
    await quotaClient.updateStatus({ ...cloneJson(quota), status });
    log.debug("quota recounted", { quota: key, used: status.used });
  };
  runController({ name: "resourcequota", queue, sync, log, workers: 2 }, signal);
}

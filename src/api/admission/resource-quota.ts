/**
 * ResourceQuota admission: a write that would take a namespace past one of
 * its quotas is refused with upstream's 403 (`exceeded quota: q, requested:
 * pods=1, used: pods=2, limited: pods=2`). A write that fits is charged to
 * the quotas' status.used before it is stored. As upstream's evaluator
 * does, checks in one namespace run one at a time, and each charge is
 * conditional on the quota's resourceVersion (the controller writes it
 * too): of two creates racing for the last slot, the second sees the first
 * one's charge and is refused. The quota controller later recounts, which
 * also returns what a charged write that then failed had taken.
 */
import { checkRequest, type QuotaResource, type ResourceQuota } from "../../apis/common/quota-usage.js";
import type { KubeObject } from "../../apis/types.js";
import type { FieldError } from "../../machinery/field-errors.js";
import { ApiError, isApiError } from "../../machinery/status.js";
import type { Admission, ResourceStore } from "../registry/store.js";
import { admissionForbidden, listInNamespace } from "./_shared.js";

/** Lost races with other writers before giving up, as upstream's evaluator retries. */
const CHARGE_ATTEMPTS = 5;

/** Kinds quota never charges (upstream's ignored resources). */
export const QUOTA_IGNORED = new Set(["/events", "events.k8s.io/events"]);

function isTerminating(object: KubeObject): boolean {
  const deadline = (object.spec as { activeDeadlineSeconds?: number } | undefined)?.activeDeadlineSeconds;
  return deadline !== undefined && deadline >= 0;
}

/** Which updates can change usage: services and claims resize; a pod only by moving between Terminating scopes. */
function updateCounts(resource: QuotaResource, object: KubeObject, old: KubeObject): boolean {
  if (resource.group !== "") return false;
  if (resource.plural === "services" || resource.plural === "persistentvolumeclaims") return true;
  return resource.plural === "pods" && isTerminating(object) !== isTerminating(old);
}

/** Writes the new status.used of each quota; returns the names that lost a race. */
async function charge(quotas: ResourceStore, charges: readonly { quota: ResourceQuota; used: Record<string, string> }[]): Promise<Set<string>> {
  const lost = new Set<string>();
  for (const { quota, used } of charges) {
    const body = { ...quota, status: { ...quota.status, used } };
    try {
      await quotas.update(quota.metadata.namespace ?? "", quota.metadata.name ?? "", body, { dryRun: false, fieldValidation: "Ignore", subresource: "status" });
    } catch (error: unknown) {
      if (!isApiError(error, 409)) throw error;
      lost.add(quota.metadata.name ?? "");
    }
  }
  return lost;
}

/** One lane per namespace (per registry, by its quota store): a check waits for the previous one in its namespace. */
const lanesByRegistry = new WeakMap<ResourceStore, Map<string, Promise<unknown>>>();

function inLane<T>(quotas: ResourceStore, namespace: string, work: () => Promise<T>): Promise<T> {
  const lanes = lanesByRegistry.get(quotas) ?? new Map<string, Promise<unknown>>();
  lanesByRegistry.set(quotas, lanes);
  const previous = lanes.get(namespace) ?? Promise.resolve();
  const next = previous.then(work, work);
  // The lane only orders the work: its caller gets `next`, result or error.
  const settled = next.then(() => undefined, () => undefined);
  lanes.set(namespace, settled);
  void settled.then(() => {
    if (lanes.get(namespace) === settled) lanes.delete(namespace);
  });
  return next;
}

/** Admission for one kind's store; `quotas` is the ResourceQuota store. */
export function resourceQuotaAdmission(quotas: ResourceStore, store: ResourceStore): Admission {
  const resource: QuotaResource = { group: store.kind.group, plural: store.kind.plural };
  return async (object, old, context) => {
    if (context.subresource || (old && !updateCounts(resource, object, old))) return [];
    const namespace = object.metadata.namespace ?? "";
    // Namespaces without quotas (most writes) skip the lane.
    if ((await listInNamespace(quotas, namespace)).length === 0) return [];
    return inLane(quotas, namespace, () => admit(quotas, { resource, ref: store.ref, object, ...(old ? { old } : {}), dryRun: context.dryRun }));
  };
}

/** Check and charge, retrying the quotas whose charge lost a race with the controller. */
async function admit(
  quotas: ResourceStore,
  request: { resource: QuotaResource; ref: ResourceStore["ref"]; object: KubeObject; old?: KubeObject; dryRun: boolean },
): Promise<FieldError[] | ApiError> {
  const { resource, object, old } = request;
  const namespace = object.metadata.namespace ?? "";
  let pending: Set<string> | undefined;
  for (let attempt = 0; attempt < CHARGE_ATTEMPTS; attempt++) {
    const all = (await listInNamespace(quotas, namespace)) as ResourceQuota[];
    const current = pending ? all.filter((q) => pending?.has(q.metadata.name ?? "")) : all;
    if (current.length === 0) return [];
    const check = checkRequest(current, { resource, object, ...(old ? { old } : {}), now: new Date() });
    if (!check.ok) return admissionForbidden(request.ref, object.metadata.name ?? "", check.message);
    if (request.dryRun || check.charges.length === 0) return [];
    pending = await charge(quotas, check.charges);
    if (pending.size === 0) return [];
  }
  const names = [...(pending ?? [])].join(",");
  return new ApiError("Conflict", `Operation cannot be fulfilled on resourcequotas "${names}": the object has been modified; please apply your changes to the latest version and try again`, { kind: "resourcequotas" });
}

/**
 * What objects cost against a ResourceQuota (upstream's quota evaluators),
 * shared by the quota admission step and the quota controller so both count
 * alike: which quota resources a kind can be charged for, an object's usage,
 * whether a quota's scopes select it, and the admission check that adds a
 * request to a quota's status.used or explains why it does not fit.
 */
import type { KubeObject } from "../types.js";
import { podQOSClass } from "./pod-qos.js";
import { podResourceTotals, quantityList, type QuantityList } from "./pod-resource-totals.js";
import type { PodSpec } from "./pod-types.js";
import { addQuantities, compareQuantities, formatQuantity, ZERO, type Quantity } from "./quantity-arithmetic.js";

/** A kind as quota names it: `count/<plural>` or `count/<plural>.<group>`. */
export interface QuotaResource {
  readonly group: string;
  readonly plural: string;
}

export interface ScopeRequirement {
  scopeName?: string;
  operator?: string;
  values?: string[];
}

export interface ResourceQuota extends KubeObject {
  spec?: { hard?: Record<string, string | number>; scopes?: string[]; scopeSelector?: { matchExpressions?: ScopeRequirement[] } };
  status?: { hard?: Record<string, string | number>; used?: Record<string, string | number> };
}

const ONE: Quantity = { nanos: 1_000_000_000n, format: "DecimalSI" };
const STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";
/** Kinds whose plain plural is itself a quota resource (`configmaps: 10`). */
const LEGACY_COUNTED = new Set(["configmaps", "secrets", "replicationcontrollers", "resourcequotas"]);
const POD_RESOURCES = new Set([
  "count/pods", "pods", "cpu", "memory", "ephemeral-storage",
  "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
]);
/** Upstream's historical rule: quota on these makes every container name them. */
const MUST_SPECIFY = ["cpu", "limits.cpu", "limits.memory", "memory", "requests.cpu", "requests.memory"];

function objectCountName(resource: QuotaResource): string {
  return resource.group ? `count/${resource.plural}.${resource.group}` : `count/${resource.plural}`;
}

function isCore(resource: QuotaResource, plural: string): boolean {
  return resource.group === "" && resource.plural === plural;
}

/** Native names have no domain or a kubernetes.io one; `requests.<other>/<name>` is an extended resource. */
function isExtendedRequest(name: string): boolean {
  if (!name.startsWith("requests.")) return false;
  const rest = name.slice("requests.".length);
  return rest.includes("/") && !rest.split("/")[0]?.endsWith("kubernetes.io");
}

/** Whether objects of `resource` can be charged for the quota resource `name`. */
export function tracks(resource: QuotaResource, name: string): boolean {
  if (name === objectCountName(resource)) return true;
  if (isCore(resource, "pods")) return POD_RESOURCES.has(name) || name.startsWith("hugepages-") || name.startsWith("requests.hugepages-") || isExtendedRequest(name);
  if (isCore(resource, "services")) return name === "services" || name === "services.nodeports" || name === "services.loadbalancers";
  if (isCore(resource, "persistentvolumeclaims")) {
    return name === "persistentvolumeclaims" || name === "requests.storage" ||
      (name.includes(STORAGE_CLASS_SUFFIX) && /\/(requests\.storage|persistentvolumeclaims)$/.test(name));
  }
  return resource.group === "" && LEGACY_COUNTED.has(resource.plural) && name === resource.plural;
}

/** The kind a quota resource name charges, when it names one by count (`count/deployments.apps`). */
function countedResource(name: string): QuotaResource | undefined {
  if (!name.startsWith("count/")) return undefined;
  const rest = name.slice("count/".length);
  const dot = rest.indexOf(".");
  return dot < 0 ? { group: "", plural: rest } : { group: rest.slice(dot + 1), plural: rest.slice(0, dot) };
}

/** The kinds whose objects a quota with these hard names must count. */
export function resourcesCounted(names: Iterable<string>): QuotaResource[] {
  const found = new Map<string, QuotaResource>();
  const add = (r: QuotaResource) => found.set(`${r.group}/${r.plural}`, r);
  const specific: QuotaResource[] = ["pods", "services", "persistentvolumeclaims", ...LEGACY_COUNTED].map((plural) => ({ group: "", plural }));
  for (const name of names) {
    const counted = countedResource(name);
    if (counted) add(counted);
    for (const r of specific) if (tracks(r, name)) add(r);
  }
  return [...found.values()];
}

interface PodShape extends KubeObject {
  spec?: PodSpec;
  status?: { phase?: string };
}

/** Terminal pods and pods past their deletion grace are not charged compute resources (upstream's QuotaV1Pod). */
function podCharged(pod: PodShape, now: Date): boolean {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  const { deletionTimestamp, deletionGracePeriodSeconds } = pod.metadata;
  if (deletionTimestamp && deletionGracePeriodSeconds !== undefined) {
    return now.getTime() <= Date.parse(deletionTimestamp) + deletionGracePeriodSeconds * 1000;
  }
  return true;
}

/** A container's (or the pod's) requests and limits as quota resource names (upstream's podComputeUsageHelper). */
function computeUsage(requests: QuantityList, limits: QuantityList): QuantityList {
  const result: QuantityList = new Map([["pods", ONE]]);
  for (const name of ["cpu", "memory", "ephemeral-storage"]) {
    const request = requests.get(name);
    if (request) {
      result.set(name, request);
      result.set(`requests.${name}`, request);
    }
    const limit = limits.get(name);
    if (limit) result.set(`limits.${name}`, limit);
  }
  for (const [name, request] of requests) {
    if (name.startsWith("hugepages-")) {
      result.set(name, request);
      result.set(`requests.${name}`, request);
    } else if (name.includes("/") && !name.split("/")[0]?.endsWith("kubernetes.io")) {
      result.set(`requests.${name}`, request);
    }
  }
  return result;
}

function podUsage(pod: PodShape, now: Date): QuantityList {
  const result: QuantityList = new Map([["count/pods", ONE]]);
  if (!podCharged(pod, now)) return result;
  const spec = pod.spec ?? {};
  for (const [name, q] of computeUsage(podResourceTotals(spec, "requests"), podResourceTotals(spec, "limits"))) result.set(name, q);
  return result;
}

interface ServiceShape extends KubeObject {
  spec?: { type?: string; ports?: { nodePort?: number }[]; allocateLoadBalancerNodePorts?: boolean };
}

function serviceUsage(service: ServiceShape): QuantityList {
  const result: QuantityList = new Map([["count/services", ONE], ["services", ONE]]);
  const ports = service.spec?.ports ?? [];
  const count = (n: number): Quantity => ({ nanos: BigInt(n) * ONE.nanos, format: "DecimalSI" });
  switch (service.spec?.type) {
    case "NodePort":
      result.set("services.nodeports", count(ports.length));
      break;
    case "LoadBalancer": {
      // Without node port allocation only the ports that name one use one.
      const explicit = ports.filter((p) => (p.nodePort ?? 0) > 0).length;
      result.set("services.nodeports", count(service.spec?.allocateLoadBalancerNodePorts === false ? explicit : ports.length));
      result.set("services.loadbalancers", ONE);
      break;
    }
    default:
      break;
  }
  return result;
}

interface ClaimShape extends KubeObject {
  spec?: { storageClassName?: string; resources?: { requests?: Record<string, string | number> } };
}

function claimUsage(claim: ClaimShape): QuantityList {
  const result: QuantityList = new Map([["count/persistentvolumeclaims", ONE], ["persistentvolumeclaims", ONE]]);
  const className = claim.spec?.storageClassName ?? claim.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? "";
  if (className) result.set(`${className}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, ONE);
  const storage = quantityList(claim.spec?.resources?.requests).get("storage");
  if (storage) {
    result.set("requests.storage", storage);
    if (className) result.set(`${className}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
  }
  return result;
}

/** What one object of `resource` costs. */
export function objectUsage(resource: QuotaResource, object: KubeObject, now: Date): QuantityList {
  if (isCore(resource, "pods")) return podUsage(object as PodShape, now);
  if (isCore(resource, "services")) return serviceUsage(object as ServiceShape);
  if (isCore(resource, "persistentvolumeclaims")) return claimUsage(object as ClaimShape);
  const result: QuantityList = new Map([[objectCountName(resource), ONE]]);
  if (resource.group === "" && LEGACY_COUNTED.has(resource.plural)) result.set(resource.plural, ONE);
  return result;
}

function scopeSelectors(quota: ResourceQuota): ScopeRequirement[] {
  return [...(quota.spec?.scopes ?? []).map((scopeName) => ({ scopeName, operator: "Exists" })), ...(quota.spec?.scopeSelector?.matchExpressions ?? [])];
}

function crossNamespaceAffinity(spec: PodSpec): boolean {
  const rules = [spec.affinity?.podAffinity, spec.affinity?.podAntiAffinity];
  return rules.some((r) => [...(r?.requiredDuringSchedulingIgnoredDuringExecution ?? []), ...(r?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm ?? {})]
    .some((term) => (term.namespaces ?? []).length > 0 || term.namespaceSelector !== undefined));
}

function podMatchesScope(pod: PodShape, requirement: ScopeRequirement): boolean {
  const spec = pod.spec ?? {};
  const terminating = spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds >= 0;
  switch (requirement.scopeName) {
    case "Terminating":
      return terminating;
    case "NotTerminating":
      return !terminating;
    case "BestEffort":
      return podQOSClass(spec) === "BestEffort";
    case "NotBestEffort":
      return podQOSClass(spec) !== "BestEffort";
    case "CrossNamespacePodAffinity":
      return crossNamespaceAffinity(spec);
    case "PriorityClass": {
      // A label selector over {PriorityClass: <name>}, empty when the pod names no class.
      const name = spec.priorityClassName ?? "";
      const values = requirement.values ?? [];
      switch (requirement.operator) {
        case "Exists":
          return name !== "";
        case "DoesNotExist":
          return name === "";
        case "In":
          return name !== "" && values.includes(name);
        case "NotIn":
          return name === "" || !values.includes(name);
        default:
          return false;
      }
    }
    default:
      return false;
  }
}

function hardNames(quota: ResourceQuota): string[] {
  return Object.keys(quota.status?.hard ?? {});
}

/**
 * Whether the quota counts this object: it must track some resource the
 * kind is charged for, and every scope must select it (only pods have
 * scopes; a scoped quota counts nothing else).
 */
export function quotaMatches(quota: ResourceQuota, resource: QuotaResource, object: KubeObject, names: readonly string[] = hardNames(quota)): boolean {
  if (!names.some((name) => tracks(resource, name))) return false;
  const selectors = scopeSelectors(quota);
  if (selectors.length === 0) return true;
  return isCore(resource, "pods") && selectors.every((s) => podMatchesScope(object as PodShape, s));
}

/** status.used for a quota from every object of the kinds it counts (what the controller writes). */
export function calculateUsed(quota: ResourceQuota, objects: ReadonlyMap<string, { resource: QuotaResource; items: readonly KubeObject[] }>, now: Date): Record<string, string> {
  const names = Object.keys(quota.spec?.hard ?? {});
  const used = new Map<string, Quantity>(names.map((name) => [name, ZERO]));
  for (const { resource, items } of objects.values()) {
    for (const object of items) {
      if (!quotaMatches(quota, resource, object, names)) continue;
      for (const [name, q] of objectUsage(resource, object, now)) {
        const current = used.get(name);
        if (current) used.set(name, addQuantities(current, q));
      }
    }
  }
  return Object.fromEntries([...used].map(([name, q]) => [name, formatQuantity(q)]));
}

/** `cpu=1,pods=2`: names in order (upstream's prettyPrint). */
function prettyPrint(list: QuantityList): string {
  return [...list.keys()].sort().map((name) => `${name}=${formatQuantity(list.get(name) as Quantity)}`).join(",");
}

function mask(list: QuantityList, names: Iterable<string>): QuantityList {
  const result: QuantityList = new Map();
  for (const name of names) {
    const q = list.get(name);
    if (q) result.set(name, q);
  }
  return result;
}

/** "must specify limits.cpu for: a,b; requests.memory for: a" when a quota on cpu or memory meets containers that name none. */
function podConstraints(pod: PodShape, tracked: readonly string[]): string | undefined {
  const required = MUST_SPECIFY.filter((name) => tracked.includes(name));
  if (required.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const container of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const has = computeUsage(quantityList(container.resources?.requests), quantityList(container.resources?.limits));
    for (const name of required.filter((n) => !has.has(n))) {
      const names = missing.get(name) ?? new Set<string>();
      names.add(container.name ?? "");
      missing.set(name, names);
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((name) => `${name} for: ${[...(missing.get(name) as Set<string>)].sort().join(",")}`);
  return `must specify ${parts.join("; ")}`;
}

export interface QuotaRequest {
  readonly resource: QuotaResource;
  readonly object: KubeObject;
  /** The stored object on update; absent on create. */
  readonly old?: KubeObject;
  readonly now: Date;
}

export type QuotaCheck =
  | { readonly ok: true; /** Quotas whose status.used grows, with the new value. */ readonly charges: readonly { quota: ResourceQuota; used: Record<string, string> }[] }
  | { readonly ok: false; readonly message: string };

function differs(a: QuantityList, b: QuantityList): boolean {
  return a.size !== b.size || [...a].some(([name, q]) => { const other = b.get(name); return !other || compareQuantities(q, other) !== 0; });
}

/**
 * Upstream's CheckRequest: every quota that matches the object must have
 * usage figures for what it tracks and room for the request's delta; the
 * answer is the quotas' new status.used, or the message of a 403.
 */
export function checkRequest(quotas: readonly ResourceQuota[], request: QuotaRequest): QuotaCheck {
  const { resource, object, old, now } = request;
  const interesting: { quota: ResourceQuota; hard: QuantityList; used: QuantityList }[] = [];
  for (const quota of quotas) {
    if (!quotaMatches(quota, resource, object)) continue;
    const hard = quantityList(quota.status?.hard);
    const tracked = [...hard.keys()].filter((name) => tracks(resource, name)).sort();
    if (isCore(resource, "pods")) {
      const problem = podConstraints(object as PodShape, tracked);
      if (problem) return { ok: false, message: `failed quota: ${quota.metadata.name ?? ""}: ${problem}` };
    }
    const used = quantityList(quota.status?.used);
    if (tracked.some((name) => !used.has(name))) {
      return { ok: false, message: `status unknown for quota: ${quota.metadata.name ?? ""}, resources: ${tracked.join(",")}` };
    }
    interesting.push({ quota, hard, used });
  }
  if (interesting.length === 0) return { ok: true, charges: [] };
  let delta = objectUsage(resource, object, now);
  if (old?.metadata.resourceVersion) {
    const before = objectUsage(resource, old, now);
    const grown: QuantityList = new Map();
    for (const [name, q] of delta) {
      const previous = before.get(name) ?? ZERO;
      if (compareQuantities(q, previous) > 0) grown.set(name, { nanos: q.nanos - previous.nanos, format: q.format });
    }
    delta = grown;
  }
  for (const [name, q] of delta) if (q.nanos === 0n) delta.delete(name);
  if (delta.size === 0) return { ok: true, charges: [] };
  const charges: { quota: ResourceQuota; used: Record<string, string> }[] = [];
  for (const { quota, hard, used } of interesting) {
    const requested = mask(delta, hard.keys());
    const next = new Map(used);
    for (const [name, q] of requested) next.set(name, addQuantities(used.get(name) ?? ZERO, q));
    const exceeded = [...requested.keys()].filter((name) => compareQuantities(next.get(name) as Quantity, hard.get(name) as Quantity) > 0);
    if (exceeded.length > 0) {
      const name = quota.metadata.name ?? "";
      return { ok: false, message: `exceeded quota: ${name}, requested: ${prettyPrint(mask(requested, exceeded))}, used: ${prettyPrint(mask(used, exceeded))}, limited: ${prettyPrint(mask(hard, exceeded))}` };
    }
    if (differs(next, used)) charges.push({ quota, used: Object.fromEntries([...next].map(([n, q]) => [n, formatQuantity(q)])) });
  }
  return { ok: true, charges };
}

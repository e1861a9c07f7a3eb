/**
 * LimitRanger (upstream's admission plugin): a new pod gets the container
 * defaults of its namespace's LimitRanges, then pods and claims are held to
 * their min, max and maxLimitRequestRatio, refused with upstream's 403
 * (`maximum cpu usage per Container is 1, but limit is 2`). Pod updates are
 * left alone, as upstream does: containers cannot change after creation.
 */
import { applyLimitRangeDefaults, type LimitRange } from "../../apis/limitrange.js";
import type { Container, PodSpec, ResourceList } from "../../apis/common/pod-types.js";
import { podResourceTotals, quantityList, type QuantityList } from "../../apis/common/pod-resource-totals.js";
import { compareQuantities, exceedsRatio, formatQuantity, ratioText, toQuantity, type Quantity } from "../../apis/common/quantity-arithmetic.js";
import type { KubeObject } from "../../apis/types.js";
import type { Admission, MutatingAdmission, ResourceStore } from "../registry/store.js";
import { admissionForbidden, listInNamespace } from "./_shared.js";

type LimitItem = NonNullable<NonNullable<LimitRange["spec"]>["limits"]>[number];
type PodShape = KubeObject & { spec?: PodSpec };
type ClaimShape = KubeObject & { spec?: { resources?: { requests?: ResourceList } } };

const show = (q: Quantity) => formatQuantity(q);

function minConstraint(type: string, name: string, enforced: Quantity, requests: QuantityList, limits: QuantityList): string | undefined {
  const request = requests.get(name);
  const limit = limits.get(name);
  if (!request) return `minimum ${name} usage per ${type} is ${show(enforced)}.  No request is specified`;
  if (compareQuantities(enforced, request) > 0) return `minimum ${name} usage per ${type} is ${show(enforced)}, but request is ${show(request)}`;
  if (limit && compareQuantities(enforced, limit) > 0) return `minimum ${name} usage per ${type} is ${show(enforced)}, but limit is ${show(limit)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, requests: QuantityList, limits: QuantityList): string | undefined {
  const request = requests.get(name);
  const limit = limits.get(name);
  if (!limit) return `maximum ${name} usage per ${type} is ${show(enforced)}.  No limit is specified`;
  if (compareQuantities(limit, enforced) > 0) return `maximum ${name} usage per ${type} is ${show(enforced)}, but limit is ${show(limit)}`;
  if (request && compareQuantities(request, enforced) > 0) return `maximum ${name} usage per ${type} is ${show(enforced)}, but request is ${show(request)}`;
  return undefined;
}

/** Claims have no limits: max bounds the request. */
function maxRequestConstraint(type: string, name: string, enforced: Quantity, requests: QuantityList): string | undefined {
  const request = requests.get(name);
  if (!request) return `maximum ${name} usage per ${type} is ${show(enforced)}.  No request is specified`;
  if (compareQuantities(request, enforced) > 0) return `maximum ${name} usage per ${type} is ${show(enforced)}, but request is ${show(request)}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, requests: QuantityList, limits: QuantityList): string | undefined {
  const request = requests.get(name);
  const limit = limits.get(name);
  const prefix = `${name} max limit to request ratio per ${type} is ${show(enforced)}`;
  if (!request || request.nanos === 0n) return `${prefix}, but no request is specified or request is 0`;
  if (!limit || limit.nanos === 0n) return `${prefix}, but no limit is specified or limit is 0`;
  if (exceedsRatio(limit, request, enforced)) return `${prefix}, but provided ratio is ${ratioText(limit, request)}`;
  return undefined;
}

/** Each bound of one item over one set of requests and limits. */
function checkBounds(item: LimitItem, requests: QuantityList, limits: QuantityList): string[] {
  const type = item.type ?? "";
  const problems: (string | undefined)[] = [];
  const each = (list: ResourceList | undefined, check: (name: string, enforced: Quantity) => string | undefined) => {
    for (const [name, raw] of Object.entries(list ?? {})) {
      const enforced = toQuantity(raw);
      if (enforced) problems.push(check(name, enforced));
    }
  };
  each(item.min, (name, q) => minConstraint(type, name, q, requests, limits));
  each(item.max, (name, q) => maxConstraint(type, name, q, requests, limits));
  each(item.maxLimitRequestRatio, (name, q) => ratioConstraint(type, name, q, requests, limits));
  return problems.filter((p): p is string => p !== undefined);
}

function containerBounds(item: LimitItem, containers: readonly Container[] | undefined): string[] {
  return (containers ?? []).flatMap((c) => checkBounds(item, quantityList(c.resources?.requests), quantityList(c.resources?.limits)));
}

/** The problems one LimitRange finds with a pod (upstream's PodValidateLimitFunc). */
export function podLimitProblems(limitRange: LimitRange, pod: PodShape): string[] {
  const spec = pod.spec ?? {};
  return (limitRange.spec?.limits ?? []).flatMap((item) => {
    if (item.type === "Container") return [...containerBounds(item, spec.containers), ...containerBounds(item, spec.initContainers)];
    if (item.type === "Pod") return checkBounds(item, podResourceTotals(spec, "requests"), podResourceTotals(spec, "limits"));
    return [];
  });
}

/** The problems one LimitRange finds with a claim's storage request; an unchanged request is not checked again. */
export function claimLimitProblems(limitRange: LimitRange, claim: ClaimShape, old: ClaimShape | undefined): string[] {
  const requests = quantityList(claim.spec?.resources?.requests);
  const before = quantityList(old?.spec?.resources?.requests);
  const unchanged = (name: string) => {
    const [now, then] = [requests.get(name), before.get(name)];
    return now !== undefined && then !== undefined && compareQuantities(now, then) === 0;
  };
  const problems: (string | undefined)[] = [];
  for (const item of limitRange.spec?.limits ?? []) {
    if (item.type !== "PersistentVolumeClaim") continue;
    for (const [name, raw] of Object.entries(item.min ?? {})) {
      const enforced = toQuantity(raw);
      if (enforced && !unchanged(name)) problems.push(minConstraint(item.type, name, enforced, requests, new Map()));
    }
    for (const [name, raw] of Object.entries(item.max ?? {})) {
      const enforced = toQuantity(raw);
      if (enforced && !unchanged(name)) problems.push(maxRequestConstraint(item.type, name, enforced, requests));
    }
  }
  return problems.filter((p): p is string => p !== undefined);
}

/** Go's aggregate error text: one message as is, several in brackets. */
function aggregate(problems: readonly string[]): string {
  const unique = [...new Set(problems)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(", ")}]`;
}

/** The defaulting half, for pods on create. */
export function limitRangeDefaulting(limitRanges: ResourceStore): MutatingAdmission {
  return async (pod) => {
    const ranges = (await listInNamespace(limitRanges, pod.metadata.namespace ?? "")) as LimitRange[];
    if (ranges.length > 0) applyLimitRangeDefaults(pod as PodShape, ranges);
  };
}

/** The validating half, for pods on create and claims on create and update; `store` is the checked kind's store. */
export function limitRangeValidation(limitRanges: ResourceStore, store: ResourceStore): Admission {
  const pods = store.kind.kind === "Pod";
  return async (object, old, context) => {
    if (context.subresource || (pods && old) || old?.metadata.deletionTimestamp) return [];
    const ranges = (await listInNamespace(limitRanges, object.metadata.namespace ?? "")) as LimitRange[];
    for (const range of ranges) {
      const problems = pods ? podLimitProblems(range, object) : claimLimitProblems(range, object, old);
      if (problems.length > 0) return admissionForbidden(store.ref, object.metadata.name ?? "", aggregate(problems));
    }
    return [];
  };
}

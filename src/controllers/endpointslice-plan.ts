/**
 * Which EndpointSlices to create, update and delete so a Service's slices
 * hold exactly its desired endpoints, with few writes (upstream's
 * reconciler in spirit): an endpoint stays in the slice it is in, slices
 * that must be rewritten anyway take new endpoints first, then slices with
 * room, then new slices of at most `maxEndpointsPerSlice`. A service with no
 * endpoints keeps one empty placeholder slice, as upstream does.
 */
import type { KubeObject, OwnerReference } from "../apis/types.js";
import type { Service } from "../apis/common/service-model.js";
import { isHeadless } from "./endpoints-pods.js";
import { groupKey, type EndpointGroup, type SliceEndpoint, type SlicePort } from "./endpointslice-desired.js";
import { canonicalJson } from "../machinery/canonical-json.js";
import { cloneJson } from "../machinery/clone.js";

export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
export const CONTROLLER_NAME = "endpointslice-controller.k8s.io";
const HEADLESS_LABEL = "service.kubernetes.io/headless";

export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: SliceEndpoint[];
  ports?: SlicePort[];
}

export interface SlicePlan {
  readonly create: EndpointSlice[];
  readonly update: EndpointSlice[];
  readonly delete: EndpointSlice[];
}

export interface PlanInput {
  readonly service: Service;
  /** The slices this controller manages for the service. */
  readonly existing: readonly EndpointSlice[];
  readonly desired: ReadonlyMap<string, EndpointGroup>;
  /** Address type of the placeholder slice when there are no endpoints. */
  readonly placeholderType: string;
  readonly maxEndpointsPerSlice: number;
}

/** The service's labels (minus the ones this controller sets) plus the slice labels. */
export function sliceLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = { ...service.metadata.labels };
  delete labels[HEADLESS_LABEL];
  labels[SERVICE_NAME_LABEL] = service.metadata.name ?? "";
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  if (isHeadless(service)) labels[HEADLESS_LABEL] = "";
  return labels;
}

function serviceRef(service: Service): OwnerReference {
  return { apiVersion: "v1", kind: "Service", name: service.metadata.name ?? "", uid: service.metadata.uid ?? "", controller: true, blockOwnerDeletion: true };
}

interface SliceContent {
  readonly addressType: string;
  readonly ports: readonly SlicePort[];
  readonly endpoints: SliceEndpoint[];
}

function newSlice(service: Service, { addressType, ports, endpoints }: SliceContent): EndpointSlice {
  const name = service.metadata.name ?? "";
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { generateName: `${name}-`, namespace: service.metadata.namespace ?? "", labels: sliceLabels(service), ownerReferences: [serviceRef(service)] },
    addressType,
    endpoints,
    ...(ports.length ? { ports: [...ports] } : {}),
  };
}

function endpointKey(endpoint: SliceEndpoint): string {
  return endpoint.targetRef.uid || (endpoint.addresses[0] ?? "");
}

function metadataDiffers(slice: EndpointSlice, service: Service): boolean {
  return (
    canonicalJson(slice.metadata.labels ?? {}) !== canonicalJson(sliceLabels(service)) ||
    canonicalJson(slice.metadata.ownerReferences ?? []) !== canonicalJson([serviceRef(service)])
  );
}

function rewritten(slice: EndpointSlice, { service, endpoints }: { service: Service; endpoints: SliceEndpoint[] }): EndpointSlice {
  const copy = cloneJson(slice);
  copy.metadata.labels = sliceLabels(service);
  copy.metadata.ownerReferences = [serviceRef(service)];
  copy.endpoints = endpoints;
  return copy;
}

function isPlaceholder(slice: EndpointSlice, addressType: string): boolean {
  return slice.addressType === addressType && !slice.endpoints?.length && !slice.ports?.length;
}

export function planSlices(input: PlanInput): SlicePlan {
  const { service, desired, maxEndpointsPerSlice: max } = input;
  const plan = { create: [] as EndpointSlice[], update: [] as EndpointSlice[], delete: [] as EndpointSlice[] };
  const byGroup = new Map<string, EndpointSlice[]>();
  const existing = [...input.existing].sort((a, b) => (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""));
  for (const slice of existing) {
    const key = groupKey(slice.addressType ?? "", slice.ports ?? []);
    if (!desired.has(key)) plan.delete.push(slice);
    else byGroup.set(key, [...(byGroup.get(key) ?? []), slice]);
  }
  let kept = 0;
  for (const [key, group] of desired) {
    const remaining = new Map(group.endpoints.map((e) => [endpointKey(e), e]));
    const slices: { slice: EndpointSlice; endpoints: SliceEndpoint[]; changed: boolean }[] = [];
    for (const slice of byGroup.get(key) ?? []) {
      const endpoints: SliceEndpoint[] = [];
      for (const endpoint of slice.endpoints ?? []) {
        const wanted = remaining.get(endpointKey(endpoint));
        if (!wanted || endpoints.length >= max) continue;
        endpoints.push(wanted);
        remaining.delete(endpointKey(endpoint));
      }
      if (endpoints.length === 0) plan.delete.push(slice);
      else slices.push({ slice, endpoints, changed: canonicalJson(endpoints) !== canonicalJson(slice.endpoints ?? []) || metadataDiffers(slice, service) });
    }
    const rest = [...remaining.values()];
    for (const entry of [...slices.filter((s) => s.changed), ...slices.filter((s) => !s.changed)]) {
      if (rest.length === 0) break;
      const room = max - entry.endpoints.length;
      if (room <= 0) continue;
      entry.endpoints.push(...rest.splice(0, room));
      entry.changed = true;
    }
    for (const entry of slices) if (entry.changed) plan.update.push(rewritten(entry.slice, { service, endpoints: entry.endpoints }));
    kept += slices.length;
    for (let i = 0; i < rest.length; i += max) plan.create.push(newSlice(service, { ...group, endpoints: rest.slice(i, i + max) }));
  }
  if (kept === 0 && plan.create.length === 0) {
    const index = plan.delete.findIndex((slice) => isPlaceholder(slice, input.placeholderType));
    const placeholder = plan.delete[index];
    if (placeholder) {
      plan.delete.splice(index, 1);
      if (metadataDiffers(placeholder, service)) plan.update.push(rewritten(placeholder, { service, endpoints: [] }));
    } else {
      plan.create.push(newSlice(service, { addressType: input.placeholderType, ports: [], endpoints: [] }));
    }
  }
  return plan;
}

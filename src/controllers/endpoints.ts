/**
 * The Endpoints controller: for every Service with a selector, an Endpoints
 * object of the same name listing the selected pods' addresses, ready ones
 * under `addresses` and the others under `notReadyAddresses` (all of them
 * as ready with `publishNotReadyAddresses`). Services without a selector
 * get their Endpoints from someone else (a user, or the controller behind
 * the `kubernetes` service): this controller never touches those, and when
 * a service goes it deletes only Endpoints it labelled as its own.
 */
import type { KubeObject } from "../apis/types.js";
import type { Service } from "../apis/common/service-model.js";
import { EventRecorder, objectKey, WorkQueue, type Informer, type ResourceClient } from "../client/index.js";
import { ApiError } from "../machinery/status.js";
import { runController } from "./controller.js";
import type { ControllerContext } from "./index.js";
import {
  findPort,
  hostnameFor,
  isHeadless,
  podIPForFamily,
  publishesNotReady,
  selects,
  selectsPods,
  serviceFamilies,
  servicesForPod,
  shouldPodBeInEndpoints,
} from "./endpoints-pods.js";
import { repackSubsets, truncateSubsets, type AddressEntry, type EndpointAddress, type EndpointSubset } from "./endpoints-subsets.js";
import { canonicalJson } from "../machinery/canonical-json.js";
import { isPodReady } from "../apis/common/pod-state.js";
import { cloneJson } from "../machinery/clone.js";

const ENDPOINTS_MANAGED_BY_LABEL = "endpoints.kubernetes.io/managed-by";
const ENDPOINTS_CONTROLLER_NAME = "endpoint-controller";
const HEADLESS_LABEL = "service.kubernetes.io/headless";
const OVER_CAPACITY_ANNOTATION = "endpoints.kubernetes.io/over-capacity";
const CACHE_WAIT_MS = 50;

interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

/** Every address and port the service's pods offer, before packing. */
function endpointEntries(service: Service, pods: readonly KubeObject[]): AddressEntry[] {
  const publishNotReady = publishesNotReady(service);
  const ports = service.spec?.ports ?? [];
  const entries: AddressEntry[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const family = serviceFamilies(service, pod)[0] ?? "IPv4";
    const ip = podIPForFamily(pod, family);
    if (!ip) continue;
    const hostname = hostnameFor(pod, service);
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    const address: EndpointAddress = {
      ip,
      ...(hostname ? { hostname } : {}),
      ...(nodeName ? { nodeName } : {}),
      targetRef: { kind: "Pod", namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? "", uid: pod.metadata.uid ?? "" },
    };
    const ready = publishNotReady || isPodReady(pod);
    // A headless service may have no ports: its addresses are published bare.
    if (ports.length === 0) {
      if (isHeadless(service)) entries.push({ address, port: undefined, ready });
      continue;
    }
    for (const servicePort of ports) {
      const port = findPort(pod, servicePort);
      if (port === undefined) continue;
      entries.push({
        address,
        port: {
          ...(servicePort.name ? { name: servicePort.name } : {}),
          port,
          protocol: servicePort.protocol ?? "TCP",
          ...(servicePort.appProtocol ? { appProtocol: servicePort.appProtocol } : {}),
        },
        ready,
      });
    }
  }
  return entries;
}

/** The labels an Endpoints object of this service carries. */
function endpointsLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = { ...service.metadata.labels, [ENDPOINTS_MANAGED_BY_LABEL]: ENDPOINTS_CONTROLLER_NAME };
  if (isHeadless(service)) labels[HEADLESS_LABEL] = "";
  else delete labels[HEADLESS_LABEL];
  return labels;
}

function isForbiddenByTerminatingNamespace(error: unknown): boolean {
  return error instanceof ApiError && error.code === 403 && (error.status.details?.causes ?? []).some((c) => c.reason === "NamespaceTerminating");
}

class EndpointsController {
  readonly #services: Informer;
  readonly #pods: Informer;
  readonly #endpoints: Informer;
  readonly #client: ResourceClient;
  readonly #events: EventRecorder;
  readonly #queue = new WorkQueue();

  constructor(context: ControllerContext) {
    const { informers, client, log } = context;
    this.#services = informers.forKind("", "Service");
    this.#pods = informers.forKind("", "Pod");
    this.#endpoints = informers.forKind("", "Endpoints");
    this.#client = client.resource("", "Endpoints");
    this.#events = new EventRecorder(client, { component: ENDPOINTS_CONTROLLER_NAME, log });
    const enqueue = (object: KubeObject) => this.#queue.add(objectKey(object));
    this.#services.addHandlers({ onAdd: enqueue, onUpdate: (_old, current) => enqueue(current), onDelete: enqueue });
    // Existing Endpoints are looked at once on start (leftovers of deleted services) and again when deleted.
    this.#endpoints.addHandlers({ onAdd: enqueue, onDelete: enqueue });
    const enqueuePods = (...pods: (KubeObject | undefined)[]) => {
      for (const key of servicesForPod(this.#services.list(pods[0]?.metadata.namespace ?? ""), pods)) this.#queue.add(key);
    };
    this.#pods.addHandlers({ onAdd: (pod) => enqueuePods(pod), onUpdate: (old, pod) => enqueuePods(old, pod), onDelete: (pod) => enqueuePods(pod) });
  }

  run(context: ControllerContext): void {
    runController({ name: ENDPOINTS_CONTROLLER_NAME, queue: this.#queue, sync: (key) => this.sync(key), log: context.log, workers: 2 }, context.signal);
  }

  async sync(key: string): Promise<void> {
    if (![this.#services, this.#pods, this.#endpoints].every((i) => i.hasSynced)) {
      this.#queue.addAfter(key, CACHE_WAIT_MS);
      return;
    }
    const [namespace = "", name = ""] = key.split("/");
    const service = this.#services.get(namespace, name) as Service | undefined;
    const current = this.#endpoints.get(namespace, name) as Endpoints | undefined;
    if (!service) {
      if (current?.metadata.labels?.[ENDPOINTS_MANAGED_BY_LABEL] === ENDPOINTS_CONTROLLER_NAME) await this.#delete(namespace, name);
      return;
    }
    if (!selectsPods(service)) return;
    const pods = this.#pods.list(namespace).filter((pod) => selects(service, pod));
    const subsets = repackSubsets(endpointEntries(service, pods));
    const truncated = truncateSubsets(subsets);
    const labels = endpointsLabels(service);
    const annotations = { ...current?.metadata.annotations };
    if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = "truncated";
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    if (
      current &&
      canonicalJson(current.subsets ?? []) === canonicalJson(subsets) &&
      canonicalJson(current.metadata.labels ?? {}) === canonicalJson(labels) &&
      canonicalJson(current.metadata.annotations ?? {}) === canonicalJson(annotations)
    ) {
      return;
    }
    const desired: Endpoints = current
      ? { ...cloneJson(current), subsets }
      : { apiVersion: "v1", kind: "Endpoints", metadata: { name, namespace }, subsets };
    desired.metadata.labels = labels;
    if (Object.keys(annotations).length) desired.metadata.annotations = annotations;
    else delete desired.metadata.annotations;
    await this.#write(desired, current === undefined);
  }

  async #write(desired: Endpoints, create: boolean): Promise<void> {
    const { namespace = "", name = "" } = desired.metadata;
    try {
      if (create) await this.#client.create(namespace, desired);
      else await this.#client.update(desired);
    } catch (error: unknown) {
      // A terminating namespace refuses new objects for good: nothing to retry.
      if (create && isForbiddenByTerminatingNamespace(error)) return;
      // A conflict means our cache is behind our own last write: retry quietly once it catches up.
      if (error instanceof ApiError && error.code === 409) throw error;
      const message = create
        ? `Failed to create endpoint for service ${namespace}/${name}: ${String(error)}`
        : `Failed to update endpoint ${namespace}/${name}: ${String(error)}`;
      this.#events.record(desired, "Warning", create ? "FailedToCreateEndpoint" : "FailedToUpdateEndpoint", message);
      throw error;
    }
  }

  async #delete(namespace: string, name: string): Promise<void> {
    try {
      await this.#client.delete(namespace, name);
    } catch (error: unknown) {
      if (!(error instanceof ApiError && error.code === 404)) throw error;
    }
  }
}

export function startEndpointsController(context: ControllerContext): void {
  new EndpointsController(context).run(context);
}

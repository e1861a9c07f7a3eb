/**
 * The EndpointSlice controller: for every Service with a selector, slices
 * of at most 100 endpoints (one per selected pod with an IP, terminating
 * ones included and marked), labelled `kubernetes.io/service-name` and
 * `endpointslice.kubernetes.io/managed-by`, owned by the Service so the
 * garbage collector removes them with it. Slices are created with
 * generateName, so a sync waits until the cache shows its own last creates.
 */
import type { KubeObject } from "../apis/types.js";
import type { Service } from "../apis/common/service-model.js";
import { objectKey, WorkQueue, type Informer, type ResourceClient } from "../client/index.js";
import { isApiError } from "../machinery/status.js";
import { runController } from "./controller.js";
import type { ControllerContext } from "./index.js";
import { WriteExpectations } from "./expectations.js";
import { selects, selectsPods, servicesForPod } from "./endpoints-pods.js";
import { addressTypes, desiredGroups } from "./endpointslice-desired.js";
import { CONTROLLER_NAME, MANAGED_BY_LABEL, planSlices, SERVICE_NAME_LABEL, type EndpointSlice } from "./endpointslice-plan.js";

/** Upstream's default --max-endpoints-per-slice. */
const MAX_ENDPOINTS_PER_SLICE = 100;
const CACHE_WAIT_MS = 50;

function isManaged(slice: KubeObject): boolean {
  return slice.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME && slice.metadata.labels[SERVICE_NAME_LABEL] !== undefined;
}


class EndpointSliceController {
  readonly #services: Informer;
  readonly #pods: Informer;
  readonly #nodes: Informer;
  readonly #slices: Informer;
  readonly #client: ResourceClient;
  readonly #queue = new WorkQueue();
  readonly #expectations: WriteExpectations;

  constructor(context: ControllerContext) {
    const { informers, client } = context;
    this.#services = informers.forKind("", "Service");
    this.#pods = informers.forKind("", "Pod");
    this.#nodes = informers.forKind("", "Node");
    this.#slices = informers.forKind("discovery.k8s.io", "EndpointSlice");
    this.#client = client.resource("discovery.k8s.io", "EndpointSlice");
    this.#expectations = new WriteExpectations((key) => {
      const [namespace = "", name = ""] = key.split("/");
      return this.#slices.get(namespace, name);
    });
    const enqueue = (object: KubeObject) => this.#queue.add(objectKey(object));
    this.#services.addHandlers({ onAdd: enqueue, onUpdate: (_old, current) => enqueue(current), onDelete: enqueue });
    const enqueuePods = (...pods: (KubeObject | undefined)[]) => {
      for (const key of servicesForPod(this.#services.list(pods[0]?.metadata.namespace ?? ""), pods)) this.#queue.add(key);
    };
    this.#pods.addHandlers({ onAdd: (pod) => enqueuePods(pod), onUpdate: (old, pod) => enqueuePods(old, pod), onDelete: (pod) => enqueuePods(pod) });
    // A slice changed or deleted by someone else brings its service back to be reconciled.
    const onSlice = (slice: KubeObject, deleted: boolean) => {
      this.#expectations.observe(slice, deleted);
      if (isManaged(slice)) this.#queue.add(`${slice.metadata.namespace ?? ""}/${slice.metadata.labels?.[SERVICE_NAME_LABEL] ?? ""}`);
    };
    this.#slices.addHandlers({
      onAdd: (slice) => onSlice(slice, false),
      onUpdate: (_old, slice) => onSlice(slice, false),
      onDelete: (slice) => onSlice(slice, true),
    });
  }

  run(context: ControllerContext): void {
    runController({ name: "endpointslice-controller", queue: this.#queue, sync: (key) => this.sync(key), log: context.log, workers: 2 }, context.signal);
  }

  async sync(key: string): Promise<void> {
    if (![this.#services, this.#pods, this.#nodes, this.#slices].every((i) => i.hasSynced) || !this.#expectations.satisfied(key)) {
      this.#queue.addAfter(key, CACHE_WAIT_MS);
      return;
    }
    const [namespace = "", name = ""] = key.split("/");
    const existing = this.#slices
      .list(namespace)
      .filter((slice) => isManaged(slice) && slice.metadata.labels?.[SERVICE_NAME_LABEL] === name) as EndpointSlice[];
    const service = this.#services.get(namespace, name) as Service | undefined;
    if (!service || !selectsPods(service)) {
      // The garbage collector would remove them with a deleted service; a service that lost its selector needs us.
      for (const slice of existing) await this.#delete(key, slice);
      if (!service) this.#expectations.forget(key);
      return;
    }
    const pods = this.#pods.list(namespace).filter((pod) => selects(service, pod));
    const plan = planSlices({
      service,
      existing,
      desired: desiredGroups(service, { pods, nodes: (nodeName) => this.#nodes.get("", nodeName) }),
      placeholderType: addressTypes(service, pods)[0] ?? "IPv4",
      maxEndpointsPerSlice: MAX_ENDPOINTS_PER_SLICE,
    });
    // Creates first, deletes last: consumers never see fewer endpoints than before mid-way.
    for (const slice of plan.create) this.#expectations.expectWritten(key, await this.#client.create(namespace, slice));
    for (const slice of plan.update) await this.#client.update(slice);
    for (const slice of plan.delete) await this.#delete(key, slice);
  }

  async #delete(key: string, slice: KubeObject): Promise<void> {
    try {
      await this.#client.delete(slice.metadata.namespace ?? "", slice.metadata.name ?? "");
      this.#expectations.expectDeleted(key, objectKey(slice));
    } catch (error: unknown) {
      if (!isApiError(error, 404)) throw error;
    }
  }
}

export function startEndpointSliceController(context: ControllerContext): void {
  new EndpointSliceController(context).run(context);
}

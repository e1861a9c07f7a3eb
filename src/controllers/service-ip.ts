/**
 * The service IP controller: gives Services a cluster IP from the service
 * CIDR and node ports from the node port range (NodePort and LoadBalancer
 * types, plus the health check port of Local load balancers), writing them
 * into the Service with a conditional update; keeps the `kubernetes`
 * Service and its Endpoints. Values a Service holds are tracked from the
 * informer, so they are freed when it is deleted or changes type, and
 * rebuilt from the existing Services on start.
 *
 * Upstream allocates inside the API server and refuses a taken or
 * out-of-range value with a 422. Here the Service is already stored when
 * the controller sees it, and a cluster IP may not change once set, so
 * such a Service gets a Warning event (the wording of upstream's repair
 * controller) and keeps its value.
 */
import { needsClusterIP, needsHealthCheck, needsNodePort, type Service } from "../apis/common/service-model.js";
import { EventRecorder, objectKey, WorkQueue, type Informer, type ResourceClient } from "../client/index.js";
import { runController } from "./controller.js";
import { splitKey } from "./job/api-helpers.js";
import type { ControllerContext } from "./index.js";
import { clusterIPRange, ipv4ToNumber, nodePortRange, numberToIPv4, type ValueRange } from "./service-ip-allocator.js";
import { defaultAdvertiseAddress, KUBERNETES_KEY, KubernetesServiceReconciler } from "./service-ip-kubernetes.js";
import { cloneJson } from "../machinery/clone.js";

export interface ServiceIPOptions {
  /** The API server's port: the `kubernetes` Service's target port. */
  readonly apiPort: number;
  /** The API server address in the `kubernetes` Endpoints. @default this machine's first non-internal IPv4 address */
  readonly apiAddress?: string;
  /** @default "10.96.0.0/12" */
  readonly serviceCIDR?: string;
  /** @default "30000-32767" */
  readonly nodePortRange?: string;
}

type Warning = readonly [reason: string, message: string];

const RANGE_FULL = "range is full";

/** Cluster IPs and node ports a service holds as stored. */
function heldValues(service: Service): { ips: number[]; ports: number[] } {
  const spec = service.spec ?? {};
  const ip = needsClusterIP(spec) ? ipv4ToNumber(spec.clusterIP ?? "") : undefined;
  const ports = needsNodePort(spec) ? (spec.ports ?? []).map((port) => port.nodePort ?? 0) : [];
  if (needsHealthCheck(spec)) ports.push(spec.healthCheckNodePort ?? 0);
  return { ips: ip === undefined ? [] : [ip], ports: ports.filter((port) => port > 0) };
}

export function startServiceIPController(context: ControllerContext, options: ServiceIPOptions): void {
  new ServiceIPController(context, options).run();
}

class ServiceIPController {
  readonly #context: ControllerContext;
  readonly #services: Informer;
  readonly #endpoints: Informer;
  readonly #client: ResourceClient;
  readonly #recorder: EventRecorder;
  readonly #queue = new WorkQueue();
  readonly #ips: ValueRange;
  readonly #ports: ValueRange;
  readonly #cidr: string;
  readonly #portRange: string;
  readonly #kubernetes: KubernetesServiceReconciler;
  /** Services that found a range full: a release may let them have a value. */
  readonly #starved = new Set<string>();

  constructor(context: ControllerContext, options: ServiceIPOptions) {
    this.#context = context;
    this.#cidr = options.serviceCIDR ?? "10.96.0.0/12";
    this.#portRange = options.nodePortRange ?? "30000-32767";
    this.#ips = clusterIPRange(this.#cidr);
    this.#ports = nodePortRange(this.#portRange);
    // The first address is the `kubernetes` Service's, whether or not it exists yet.
    this.#ips.hold(KUBERNETES_KEY, [this.#ips.first]);
    this.#services = context.informers.forKind("", "Service");
    this.#endpoints = context.informers.forKind("", "Endpoints");
    this.#client = context.client.resource("", "Service");
    this.#recorder = new EventRecorder(context.client, { component: "service-ip-controller", log: context.log });
    this.#kubernetes = new KubernetesServiceReconciler(
      context.client,
      { services: this.#services, endpoints: this.#endpoints },
      { clusterIP: numberToIPv4(this.#ips.first), endpoint: { address: options.apiAddress ?? defaultAdvertiseAddress(), port: options.apiPort } },
    );
    // Holdings follow the informer, like an index: they must be complete before any allocation.
    this.#services.addHandlers({
      onAdd: (service) => this.#observed(service as Service),
      onUpdate: (_old, service) => this.#observed(service as Service),
      onDelete: (service) => {
        this.#release(objectKey(service));
        this.#queue.add(objectKey(service));
      },
    });
    const kubernetesEndpoints = (endpoints: { metadata: { namespace?: string; name?: string } }): void => {
      if (`${endpoints.metadata.namespace ?? ""}/${endpoints.metadata.name ?? ""}` === KUBERNETES_KEY) this.#queue.add(KUBERNETES_KEY);
    };
    this.#endpoints.addHandlers({ onUpdate: (_old, endpoints) => kubernetesEndpoints(endpoints), onDelete: kubernetesEndpoints });
  }

  run(): void {
    this.#queue.add(KUBERNETES_KEY);
    runController({ name: "service-ip", queue: this.#queue, sync: (key) => this.#sync(key), log: this.#context.log }, this.#context.signal);
  }

  #observed(service: Service): void {
    const key = objectKey(service);
    this.#hold(key, service);
    this.#queue.add(key);
  }

  #hold(key: string, service: Service): void {
    const { ips, ports } = heldValues(service);
    this.#ips.hold(key, key === KUBERNETES_KEY ? [this.#ips.first, ...ips] : ips);
    this.#ports.hold(key, ports);
  }

  #release(key: string): void {
    this.#ips.hold(key, key === KUBERNETES_KEY ? [this.#ips.first] : []);
    this.#ports.release(key);
    this.#starved.delete(key);
    for (const waiting of this.#starved) this.#queue.add(waiting);
  }

  async #sync(key: string): Promise<void> {
    if (key === KUBERNETES_KEY) {
      // Before the caches are filled, absence proves nothing.
      if (!this.#services.hasSynced || !this.#endpoints.hasSynced) {
        this.#queue.addAfter(key, 100);
        return;
      }
      await this.#kubernetes.sync();
    }
    const cached = this.#services.get(...splitKey(key)) as Service | undefined;
    if (!cached || cached.metadata.deletionTimestamp) return;
    const service = cloneJson(cached);
    this.#hold(key, cached);
    const { changed, warnings } = this.#allocate(key, service);
    if (changed) {
      try {
        await this.#client.update(service);
      } catch (error: unknown) {
        // Not written: give back what was taken for it.
        this.#hold(key, cached);
        throw error;
      }
    }
    for (const [reason, message] of warnings) this.#recorder.record(cached, "Warning", reason, message);
    if (warnings.some(([, message]) => message.endsWith(RANGE_FULL))) this.#starved.add(key);
    else this.#starved.delete(key);
  }

  /** Fills in missing cluster IP and node ports (held at once); reports values it cannot honour. */
  #allocate(key: string, service: Service): { changed: boolean; warnings: Warning[] } {
    const spec = (service.spec ??= {});
    const warnings: Warning[] = [];
    let changed = false;
    if (needsClusterIP(spec)) {
      if (!spec.ipFamilies?.length) {
        spec.ipFamilies = ["IPv4"];
        changed = true;
      }
      if (spec.ipFamilies[0] !== "IPv4" || spec.ipFamilyPolicy === "RequireDualStack") {
        warnings.push(["IPFamilyNotSupported", "IPv6 is not configured on this cluster: only single-stack IPv4 cluster IPs are allocated"]);
      } else if (!spec.clusterIP) {
        const ip = this.#ips.allocate(key);
        if (ip === undefined) warnings.push(["FailedToAllocateClusterIP", `failed to allocate a serviceIP: ${RANGE_FULL}`]);
        else {
          spec.clusterIP = numberToIPv4(ip);
          spec.clusterIPs = [spec.clusterIP];
          changed = true;
        }
      } else if (spec.clusterIP !== "None") {
        const claim = this.#ips.check(key, ipv4ToNumber(spec.clusterIP) ?? -1);
        const named = `Cluster IP [IPv4]:${spec.clusterIP}`;
        if (claim === "taken") warnings.push(["ClusterIPAlreadyAllocated", `${named} was assigned to multiple services; please recreate service`]);
        if (claim === "out-of-range") warnings.push(["ClusterIPOutOfRange", `${named} is not within the configured Service CIDR ${this.#cidr}; please recreate service`]);
      }
    }
    const wantsNodePorts = needsNodePort(spec) && !(spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts === false);
    for (const port of wantsNodePorts ? (spec.ports ?? []) : []) {
      const result = this.#nodePort(key, port.nodePort, warnings);
      if (result !== undefined && result !== port.nodePort) {
        port.nodePort = result;
        changed = true;
      }
    }
    if (needsHealthCheck(spec)) {
      const result = this.#nodePort(key, spec.healthCheckNodePort, warnings);
      if (result !== undefined && result !== spec.healthCheckNodePort) {
        spec.healthCheckNodePort = result;
        changed = true;
      }
    }
    return { changed, warnings };
  }

  /** A requested port is checked and kept; a missing one is allocated. */
  #nodePort(key: string, requested: number | undefined, warnings: Warning[]): number | undefined {
    if (requested) {
      const claim = this.#ports.check(key, requested);
      if (claim === "taken") warnings.push(["PortAlreadyAllocated", `Port ${requested} was assigned to multiple services; please recreate service`]);
      if (claim === "out-of-range") warnings.push(["PortOutOfRange", `Port ${requested} is not within the port range ${this.#portRange}; please recreate service`]);
      return requested;
    }
    const port = this.#ports.allocate(key);
    if (port === undefined) warnings.push(["FailedToAllocateNodePort", `failed to allocate a nodePort: ${RANGE_FULL}`]);
    return port;
  }
}

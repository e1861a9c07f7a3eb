/**
 * Registers the node and keeps it alive: the Lease in kube-node-lease is
 * renewed every 10 s (a quarter of its 40 s duration, as upstream), and
 * the node's status is recomputed every nodeStatusUpdateFrequency and
 * written when it changed or when nodeStatusReportFrequency has passed
 * since the last write. The node lifecycle controller reads both.
 */
import type { KubeObject } from "../apis/types.js";
import type { Client } from "../client/index.js";
import type { Logger } from "../log.js";
import { ApiError, isApiError } from "../machinery/status.js";
import { microTimestamp, timestamp } from "../machinery/time.js";
import { newNode, nodeLabels, nodeStatus, withoutHeartbeats, type Health, type NodeSettings } from "./node-object.js";
import type { KubeletRuntime, RuntimeCondition } from "./runtime.js";
import { cloneJson } from "../machinery/clone.js";

const LEASE_NAMESPACE = "kube-node-lease";
const LEASE_RENEW_MS = 10_000;

export interface NodeStatusOptions {
  readonly client: Client;
  readonly settings: NodeSettings;
  readonly health: () => Promise<Health>;
  readonly updateFrequencyMs: number;
  readonly reportFrequencyMs: number;
  readonly leaseDurationSeconds: number;
  readonly log: Logger;
}

/**
 * The node's readiness as upstream's kubelet judges it from the runtime's Status: its runtime and its
 * network (the CNI config loaded) must both be ready; each that is not says why, in upstream's words.
 */
export async function runtimeHealth(runtime: Pick<KubeletRuntime, "status">): Promise<Health> {
  let conditions: RuntimeCondition[];
  try {
    conditions = await runtime.status();
  } catch (error: unknown) {
    return { errors: [`container runtime is down: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const errors: string[] = [];
  const runtimeReady = conditions.find((c) => c.type === "RuntimeReady");
  if (!runtimeReady?.status) errors.push(`container runtime not ready: ${describeCondition(runtimeReady)}`);
  const networkReady = conditions.find((c) => c.type === "NetworkReady");
  if (!networkReady?.status) errors.push(`container runtime network not ready: ${describeCondition(networkReady)}`);
  return { errors };
}

/** As Go prints a *RuntimeCondition with %v. */
function describeCondition(condition: RuntimeCondition | undefined): string {
  return condition === undefined ? "<nil>" : `${condition.type}=${condition.status} reason:${condition.reason} message:${condition.message}`;
}


/** Creates the Node, or adopts the stored one (labels merged, a podCIDR given only if it has none). */
export async function registerNode(client: Client, settings: NodeSettings): Promise<KubeObject> {
  const nodes = client.resource("", "Node");
  const wanted = newNode(settings);
  try {
    return await nodes.create("", wanted);
  } catch (error: unknown) {
    if (!(error instanceof ApiError && error.status.reason === "AlreadyExists")) throw error;
  }
  const stored = await nodes.get("", settings.host.hostname);
  const updated = cloneJson(stored);
  updated.metadata.labels = { ...stored.metadata.labels, ...nodeLabels(settings.host) };
  const spec = (updated.spec ??= {}) as { podCIDR?: string };
  if (!spec.podCIDR && settings.podCIDR) Object.assign(spec, wanted.spec);
  return JSON.stringify(updated) === JSON.stringify(stored) ? stored : nodes.update(updated);
}

export class NodeStatusLoop {
  readonly #options: NodeStatusOptions;
  #lastWrite = 0;
  #timers: NodeJS.Timeout[] = [];

  constructor(options: NodeStatusOptions) {
    this.#options = options;
  }

  get name(): string {
    return this.#options.settings.host.hostname;
  }

  /** Writes the first status and lease now, then keeps both fresh until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    await Promise.all([this.updateStatus(true), this.renewLease()]);
    const every = (ms: number, task: () => Promise<void>, what: string): void => {
      const timer = setInterval(() => task().catch((error: unknown) => this.#options.log.warn(`${what} failed`, { error: String(error) })), ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(this.#options.updateFrequencyMs, () => this.updateStatus(false), "node status update");
    every(LEASE_RENEW_MS, () => this.renewLease(), "node lease renewal");
    signal.addEventListener("abort", () => this.#timers.forEach(clearInterval), { once: true });
  }

  async updateStatus(force: boolean): Promise<void> {
    const nodes = this.#options.client.resource("", "Node");
    const node = await nodes.get("", this.name);
    const now = new Date();
    const current = node.status as Record<string, unknown> | undefined;
    const status = nodeStatus(this.#options.settings, await this.#options.health(), current, timestamp(now));
    const due = now.getTime() - this.#lastWrite >= this.#options.reportFrequencyMs;
    if (!force && !due && withoutHeartbeats(status) === withoutHeartbeats(current)) return;
    // Unconditional: the node lifecycle controller writes taints meanwhile, and the status is ours alone.
    const { resourceVersion: _unconditional, ...metadata } = node.metadata;
    await nodes.updateStatus({ ...node, metadata, status });
    this.#lastWrite = now.getTime();
  }

  async renewLease(): Promise<void> {
    const leases = this.#options.client.resource("coordination.k8s.io", "Lease");
    const spec = { holderIdentity: this.name, leaseDurationSeconds: this.#options.leaseDurationSeconds, renewTime: microTimestamp(new Date()) };
    try {
      const lease = await leases.get(LEASE_NAMESPACE, this.name);
      await leases.update({ ...lease, spec: { ...(lease.spec as object | undefined), ...spec } });
    } catch (error: unknown) {
      if (!isApiError(error, 404)) throw error;
      const node = await this.#options.client.resource("", "Node").get("", this.name);
      await leases.create(LEASE_NAMESPACE, {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        // Owned by the node, so deleting the node collects its lease (as upstream).
        metadata: { name: this.name, namespace: LEASE_NAMESPACE, ownerReferences: [{ apiVersion: "v1", kind: "Node", name: this.name, uid: node.metadata.uid ?? "" }] },
        spec,
      });
    }
  }
}

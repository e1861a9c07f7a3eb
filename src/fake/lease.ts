/**
 * Node leases for fake nodes: every fake node holds the Lease of its name
 * in `kube-node-lease` and renews it every 10 s, as a kubelet does; the node
 * lifecycle controller reads the renewals as heartbeats. This is a loop of
 * its own rather than a stage because a stage acts on objects that exist,
 * and the lease must first be created (kubelet and kwok likewise keep a
 * dedicated lease controller). The Ready condition's own heartbeat is the
 * node-heartbeat stage.
 */
import type { KubeObject } from "../apis/types.js";
import { WorkQueue, type Informer } from "../client/index.js";
import { runController } from "../controllers/controller.js";
import type { ControllerContext } from "../controllers/index.js";
import { isFake } from "./ownership.js";
import { microTimestamp } from "../machinery/time.js";

export const NODE_LEASE_NAMESPACE = "kube-node-lease";
/** Upstream kubelet's default: the node counts as unresponsive 40 s after its last renewal. */
export const NODE_LEASE_DURATION_SECONDS = 40;

/**
 * Each renewal waits up to this fraction longer, as the kubelet's and kwok's lease controllers do
 * (component-helpers' lease controller, jitter 0.04): nodes created in one batch drift apart
 * instead of renewing in the same instant forever.
 */
const RENEW_JITTER = 0.04;

/**
 * Renewals in flight. kwok's default is 4 workers making blocking API calls of a millisecond or
 * two; ours each wait for a store commit (tens of milliseconds under load, shared by every write
 * of that turn), so 4 renewed at most a few hundred leases a second: 5,000 nodes need 500.
 */
const WORKERS = 32;

export interface NodeLeaseOptions {
  readonly nodes: Informer;
  /** @default 10_000 (kubelet renews at a quarter of the lease duration) */
  readonly renewMs?: number;
}

export function startNodeLeases(context: ControllerContext, options: NodeLeaseOptions): void {
  const { nodes } = options;
  const renewMs = options.renewMs ?? 10_000;
  const leaseClient = context.client.resource("coordination.k8s.io", "Lease");
  const leases = context.informers.forKind("coordination.k8s.io", "Lease");
  const queue = new WorkQueue();
  const timers = new Map<string, NodeJS.Timeout>();

  const stop = (name: string): void => {
    clearTimeout(timers.get(name));
    timers.delete(name);
  };
  // Only arrival and a change of fakeness matter here: the timer drives the renewals.
  nodes.addHandlers({
    onAdd: (node) => queue.add(node.metadata.name ?? ""),
    onUpdate: (old, node) => {
      if (isFake(old) !== isFake(node)) queue.add(node.metadata.name ?? "");
    },
    onDelete: (node) => stop(node.metadata.name ?? ""),
  });
  context.signal.addEventListener("abort", () => {
    for (const name of [...timers.keys()]) stop(name);
  });

  const sync = async (name: string): Promise<void> => {
    const node = nodes.get("", name);
    if (!node || !isFake(node)) {
      stop(name);
      return;
    }
    // Armed before the write, so a write that keeps failing is still tried again at the next renewal.
    if (!timers.has(name)) {
      const timer = setTimeout(() => {
        timers.delete(name);
        queue.add(name);
      }, renewMs * (1 + RENEW_JITTER * Math.random()));
      timer.unref();
      timers.set(name, timer);
    }
    const renewTime = microTimestamp(new Date());
    const lease = leases.get(NODE_LEASE_NAMESPACE, name);
    if (lease) {
      const spec = { ...(lease.spec as object | undefined), holderIdentity: name, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime };
      await leaseClient.update({ ...lease, spec }, { result: false });
    } else {
      await leaseClient.create(NODE_LEASE_NAMESPACE, newLease(node, renewTime), { result: false });
    }
  };
  runController({ name: "fake-node-leases", queue, sync, workers: WORKERS, log: context.log.child("fake-node-leases") }, context.signal);
}

function newLease(node: KubeObject, renewTime: string): KubeObject {
  const name = node.metadata.name ?? "";
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      name,
      namespace: NODE_LEASE_NAMESPACE,
      // The kubelet makes its node the lease's owner, so deleting the node collects the lease.
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name, uid: node.metadata.uid ?? "" }],
    },
    spec: { holderIdentity: name, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime },
  };
}

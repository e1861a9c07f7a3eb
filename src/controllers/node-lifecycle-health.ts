/**
 * Node heartbeats as the node lifecycle controller sees them. A node is
 * heard from when its Lease in kube-node-lease is renewed or its Ready
 * condition changes (a kubelet posting status refreshes lastHeartbeatTime).
 * Times are this process's clock at the moment of observation, as
 * upstream's probeTimestamp, so a node's clock skew does not matter.
 */
import type { KubeObject } from "../apis/types.js";
import { canonicalJson } from "../machinery/canonical-json.js";

export const NODE_LEASE_NAMESPACE = "kube-node-lease";

export interface NodeCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

/** Conditions the controller sets to Unknown when a node falls silent (upstream's list). */
const SILENCED_CONDITIONS = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] as const;

export function nodeConditions(node: KubeObject): NodeCondition[] {
  return ((node.status ?? {}) as { conditions?: NodeCondition[] }).conditions ?? [];
}

export function readyCondition(node: KubeObject): NodeCondition | undefined {
  return nodeConditions(node).find((c) => c.type === "Ready");
}

interface Heard {
  /** When this process last heard from the node (ms). */
  at: number;
  /** The Ready condition last seen or written, to tell a kubelet's post from our own write. */
  ready: string;
  renewTime: string | undefined;
}

export interface HeartbeatOptions {
  /** Silence longer than this makes a node Unknown. */
  readonly gracePeriodMs: number;
  /** The same for a node that never posted a Ready condition. */
  readonly startupGracePeriodMs: number;
}

export class Heartbeats {
  readonly #nodes = new Map<string, Heard>();
  readonly #options: HeartbeatOptions;

  constructor(options: HeartbeatOptions) {
    this.#options = options;
  }

  #entry(name: string, now: number): Heard {
    let heard = this.#nodes.get(name);
    if (!heard) this.#nodes.set(name, (heard = { at: now, ready: "", renewTime: undefined }));
    return heard;
  }

  observeNode(node: KubeObject, now: number): void {
    const heard = this.#nodes.get(node.metadata.name ?? "");
    const ready = canonicalJson(readyCondition(node) ?? null);
    if (!heard) {
      this.#nodes.set(node.metadata.name ?? "", { at: now, ready, renewTime: undefined });
    } else if (heard.ready !== ready) {
      heard.ready = ready;
      heard.at = now;
    }
  }

  observeLease(lease: KubeObject, now: number): void {
    const renewTime = (lease.spec as { renewTime?: string } | undefined)?.renewTime;
    if (!renewTime) return;
    const heard = this.#entry(lease.metadata.name ?? "", now);
    if (heard.renewTime !== undefined && Date.parse(renewTime) <= Date.parse(heard.renewTime)) return;
    heard.renewTime = renewTime;
    heard.at = now;
  }

  /** Records the Ready condition the controller is writing, so seeing it come back is not taken for a heartbeat. */
  expectReady(name: string, condition: NodeCondition | undefined): void {
    const heard = this.#nodes.get(name);
    if (heard) heard.ready = canonicalJson(condition ?? null);
  }

  forget(name: string): void {
    this.#nodes.delete(name);
  }

  /** Milliseconds of silence left before the node counts as lost (negative once it does). */
  remaining(node: KubeObject, now: number): number {
    const heard = this.#entry(node.metadata.name ?? "", now);
    const grace = readyCondition(node) ? this.#options.gracePeriodMs : this.#options.startupGracePeriodMs;
    return heard.at + grace - now;
  }
}

/**
 * The conditions of a silent node: Ready and the pressure conditions turned
 * Unknown (added as never updated if missing). Undefined if already so.
 */
export function silencedConditions(node: KubeObject, now: string): NodeCondition[] | undefined {
  const conditions = nodeConditions(node).map((c) => ({ ...c }));
  let changed = false;
  for (const type of SILENCED_CONDITIONS) {
    const condition = conditions.find((c) => c.type === type);
    if (!condition) {
      conditions.push({
        type,
        status: "Unknown",
        reason: "NodeStatusNeverUpdated",
        message: "Kubelet never posted node status.",
        ...(node.metadata.creationTimestamp ? { lastHeartbeatTime: node.metadata.creationTimestamp } : {}),
        lastTransitionTime: now,
      });
      changed = true;
    } else if (condition.status !== "Unknown") {
      Object.assign(condition, { status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: now });
      changed = true;
    }
  }
  return changed ? conditions : undefined;
}

/**
 * One node as the scheduler sees it: the Node object, the pods placed on
 * it (bound, or assumed while their binding is in flight), and the sums
 * the filters read: requested resources, requested resources with
 * scoring's non-zero defaults, host ports in use, images present.
 */
import type { HostPort, PodInfo } from "./pod-info.js";
import { addResources, emptyResources, nodeAllocatable, subtractResources, type Resources } from "./resources.js";
import type { Node } from "./types.js";

const ANY_IP = "0.0.0.0";

export class NodeInfo {
  readonly name: string;
  #node: Node | undefined;
  #allocatable: Resources = emptyResources();
  #images: ReadonlyMap<string, number> = new Map();
  /** Pods by uid. */
  readonly pods = new Map<string, PodInfo>();
  readonly requested: Resources = emptyResources();
  readonly nonZeroRequested: Resources = emptyResources();
  /** "protocol/port" → bound IP → how many pods use it. */
  readonly #ports = new Map<string, Map<string, number>>();
  /** Controller uid → its pods here that are not terminating (for spreading a workload's pods). */
  readonly #byController = new Map<string, number>();
  #withAffinity = 0;
  #withRequiredAntiAffinity = 0;

  constructor(name: string, node?: Node) {
    this.name = name;
    if (node) this.setNode(node);
  }

  /** Undefined while pods are known on a node whose Node object has not arrived (or is gone). */
  get node(): Node | undefined {
    return this.#node;
  }

  get labels(): Readonly<Record<string, string>> {
    return this.#node?.metadata.labels ?? {};
  }

  get allocatable(): Resources {
    return this.#allocatable;
  }

  /** Image name → size in bytes, for every name each image is known by. */
  get images(): ReadonlyMap<string, number> {
    return this.#images;
  }

  /** How many pods here carry any (anti-)affinity term. */
  get podsWithAffinity(): number {
    return this.#withAffinity;
  }

  get podsWithRequiredAntiAffinity(): number {
    return this.#withRequiredAntiAffinity;
  }

  /** How many running (not terminating) pods of the controller are here. */
  podsOfController(uid: string): number {
    return this.#byController.get(uid) ?? 0;
  }

  setNode(node: Node | undefined): void {
    this.#node = node;
    this.#allocatable = node ? nodeAllocatable(node) : emptyResources();
    const images = new Map<string, number>();
    for (const image of node?.status?.images ?? []) for (const name of image.names ?? []) images.set(name, image.sizeBytes ?? 0);
    this.#images = images;
  }

  addPod(info: PodInfo): void {
    this.removePod(info.uid);
    this.pods.set(info.uid, info);
    this.#account(info, 1);
  }

  /** Removes the pod; returns what was there. */
  removePod(uid: string): PodInfo | undefined {
    const info = this.pods.get(uid);
    if (!info) return undefined;
    this.pods.delete(uid);
    this.#account(info, -1);
    return info;
  }

  /** Whether the port is taken: a wildcard bind conflicts with any IP on the same protocol and port. */
  portConflict(port: HostPort): boolean {
    const users = this.#ports.get(`${port.protocol}/${port.port}`);
    if (!users) return false;
    if (port.ip === ANY_IP) return users.size > 0;
    return users.has(port.ip) || users.has(ANY_IP);
  }

  /** A copy whose pods can be added and removed without touching this one (preemption's what-if). */
  clone(): NodeInfo {
    const copy = new NodeInfo(this.name);
    copy.#node = this.#node;
    copy.#allocatable = this.#allocatable;
    copy.#images = this.#images;
    for (const [uid, info] of this.pods) copy.pods.set(uid, info);
    addResources(copy.requested, this.requested);
    addResources(copy.nonZeroRequested, this.nonZeroRequested);
    for (const [key, users] of this.#ports) copy.#ports.set(key, new Map(users));
    for (const [uid, count] of this.#byController) copy.#byController.set(uid, count);
    copy.#withAffinity = this.#withAffinity;
    copy.#withRequiredAntiAffinity = this.#withRequiredAntiAffinity;
    return copy;
  }

  #account(info: PodInfo, sign: 1 | -1): void {
    const apply = sign === 1 ? addResources : subtractResources;
    apply(this.requested, info.requests);
    apply(this.nonZeroRequested, info.nonZeroRequests);
    for (const port of info.hostPorts) {
      const key = `${port.protocol}/${port.port}`;
      let users = this.#ports.get(key);
      if (!users) this.#ports.set(key, (users = new Map()));
      const count = (users.get(port.ip) ?? 0) + sign;
      if (count > 0) users.set(port.ip, count);
      else users.delete(port.ip);
      if (users.size === 0) this.#ports.delete(key);
    }
    if (info.controllerUid !== undefined && !info.terminating) {
      const count = (this.#byController.get(info.controllerUid) ?? 0) + sign;
      if (count > 0) this.#byController.set(info.controllerUid, count);
      else this.#byController.delete(info.controllerUid);
    }
    if (info.hasAffinity) this.#withAffinity += sign;
    if (info.requiredAntiAffinity.length > 0) this.#withRequiredAntiAffinity += sign;
  }
}

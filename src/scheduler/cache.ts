/**
 * The scheduler's view of where pods are: a NodeInfo per node, kept
 * current from the pod and node informers, plus assumed pods — pods the
 * scheduler has placed whose binding is still in flight. Assuming counts a
 * pod on its node at once, so the next cycle sees its requests before the
 * informer reports the binding; the informer's copy then confirms it, and
 * a failed binding forgets it.
 *
 * The cache is the Snapshot cycles read: cycles are synchronous, so they
 * read it directly without copying.
 */
import { NodeInfo, PodInfo, type Node, type Pod, type Snapshot } from "./framework/index.js";

/** Pods that no longer hold resources: their phase is final. */
export function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

export class SchedulerCache implements Snapshot {
  readonly #nodes = new Map<string, NodeInfo>();
  /** Nodes with a Node object, by name; rebuilt after nodes come or go. */
  #list: NodeInfo[] | undefined;
  /** Pod uid → the node it is counted on. */
  readonly #podNodes = new Map<string, string>();
  readonly #assumed = new Set<string>();
  readonly #imageNodes = new Map<string, number>();
  #podsWithAffinity = 0;
  #podsWithRequiredAntiAffinity = 0;

  get nodes(): readonly NodeInfo[] {
    this.#list ??= [...this.#nodes.values()].filter((n) => n.node !== undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return this.#list;
  }

  get(name: string): NodeInfo | undefined {
    const info = this.#nodes.get(name);
    return info?.node ? info : undefined;
  }

  imageNodeCount(image: string): number {
    return this.#imageNodes.get(image) ?? 0;
  }

  get podsWithAffinity(): number {
    return this.#podsWithAffinity;
  }

  get podsWithRequiredAntiAffinity(): number {
    return this.#podsWithRequiredAntiAffinity;
  }

  setNode(node: Node): void {
    const name = node.metadata.name ?? "";
    const info = this.#infoFor(name);
    if (!info.node) this.#list = undefined;
    this.#countImages(info, -1);
    info.setNode(node);
    this.#countImages(info, 1);
  }

  removeNode(name: string): void {
    const info = this.#nodes.get(name);
    if (!info) return;
    this.#countImages(info, -1);
    info.setNode(undefined);
    this.#list = undefined;
    // Pods still counted there keep the entry until they go; a node re-added finds them.
    if (info.pods.size === 0) this.#nodes.delete(name);
  }

  /** A pod as the informer reports it: counted on its node while bound and not finished. */
  setPod(pod: Pod): void {
    const uid = pod.metadata.uid ?? "";
    if (!pod.spec.nodeName || isTerminal(pod)) {
      this.removePod(uid);
      return;
    }
    this.#place(new PodInfo(pod), pod.spec.nodeName);
    this.#assumed.delete(uid);
  }

  removePod(uid: string): void {
    const nodeName = this.#podNodes.get(uid);
    this.#podNodes.delete(uid);
    this.#assumed.delete(uid);
    if (nodeName === undefined) return;
    const info = this.#nodes.get(nodeName);
    if (info) this.#countingAffinity(info, () => info.removePod(uid));
    if (info && !info.node && info.pods.size === 0) this.#nodes.delete(nodeName);
  }

  /** Counts the pod on the node until its binding is confirmed or forgotten. */
  assume(pod: PodInfo, nodeName: string): void {
    this.#place(pod, nodeName);
    this.#assumed.add(pod.uid);
  }

  /** Undoes `assume` after a failed binding; a pod the informer already confirmed stays. */
  forget(uid: string): void {
    if (this.#assumed.has(uid)) this.removePod(uid);
  }

  isAssumed(uid: string): boolean {
    return this.#assumed.has(uid);
  }

  /** The node a pod is counted on, if any. */
  nodeOf(uid: string): string | undefined {
    return this.#podNodes.get(uid);
  }

  #place(pod: PodInfo, nodeName: string): void {
    const previous = this.#podNodes.get(pod.uid);
    if (previous !== undefined && previous !== nodeName) this.removePod(pod.uid);
    const info = this.#infoFor(nodeName);
    this.#countingAffinity(info, () => info.addPod(pod));
    this.#podNodes.set(pod.uid, nodeName);
  }

  /** Runs a change to the node's pods, keeping the cache-wide affinity counts in step. */
  #countingAffinity(info: NodeInfo, change: () => void): void {
    const [affinity, antiAffinity] = [info.podsWithAffinity, info.podsWithRequiredAntiAffinity];
    change();
    this.#podsWithAffinity += info.podsWithAffinity - affinity;
    this.#podsWithRequiredAntiAffinity += info.podsWithRequiredAntiAffinity - antiAffinity;
  }

  #infoFor(name: string): NodeInfo {
    let info = this.#nodes.get(name);
    if (!info) this.#nodes.set(name, (info = new NodeInfo(name)));
    return info;
  }

  #countImages(info: NodeInfo, sign: 1 | -1): void {
    for (const image of info.images.keys()) {
      const count = (this.#imageNodes.get(image) ?? 0) + sign;
      if (count > 0) this.#imageNodes.set(image, count);
      else this.#imageNodes.delete(image);
    }
  }
}

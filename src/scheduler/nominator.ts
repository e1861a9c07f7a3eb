/**
 * Pods nominated to a node by preemption (status.nominatedNodeName) while
 * their victims terminate. Filtering counts them on that node for pods of
 * lower or equal priority, so the room preemption made is not taken by
 * someone else first.
 */
import type { NominatedPods, PodInfo } from "./framework/index.js";

const NONE: readonly PodInfo[] = [];

export class Nominator implements NominatedPods {
  readonly #byNode = new Map<string, Map<string, PodInfo>>();
  readonly #nodeOf = new Map<string, string>();

  forNode(nodeName: string): readonly PodInfo[] {
    if (this.#byNode.size === 0) return NONE;
    const pods = this.#byNode.get(nodeName);
    return pods ? [...pods.values()] : NONE;
  }

  /** Records the pod's nomination; an empty node name removes it. */
  set(pod: PodInfo, nodeName: string): void {
    this.delete(pod.uid);
    if (!nodeName) return;
    let pods = this.#byNode.get(nodeName);
    if (!pods) this.#byNode.set(nodeName, (pods = new Map()));
    pods.set(pod.uid, pod);
    this.#nodeOf.set(pod.uid, nodeName);
  }

  delete(uid: string): void {
    const nodeName = this.#nodeOf.get(uid);
    if (nodeName === undefined) return;
    this.#nodeOf.delete(uid);
    const pods = this.#byNode.get(nodeName);
    pods?.delete(uid);
    if (pods?.size === 0) this.#byNode.delete(nodeName);
  }
}

/**
 * A Snapshot over a fixed list of NodeInfos: what preemption's what-if
 * runs against (the cache's nodes with one replaced by a copy) and what
 * plugin tests build.
 */
import type { NodeInfo } from "./node-info.js";
import type { Snapshot } from "./types.js";

export class StaticSnapshot implements Snapshot {
  readonly nodes: readonly NodeInfo[];
  readonly #byName: ReadonlyMap<string, NodeInfo>;
  readonly #imageNodes = new Map<string, number>();

  constructor(nodes: readonly NodeInfo[]) {
    this.nodes = nodes.filter((n) => n.node !== undefined);
    this.#byName = new Map(this.nodes.map((n) => [n.name, n]));
    for (const node of this.nodes) for (const image of node.images.keys()) this.#imageNodes.set(image, (this.#imageNodes.get(image) ?? 0) + 1);
  }

  get(name: string): NodeInfo | undefined {
    return this.#byName.get(name);
  }

  imageNodeCount(image: string): number {
    return this.#imageNodes.get(image) ?? 0;
  }

  // Summed when asked: preemption edits its node copies after building the snapshot.
  get podsWithAffinity(): number {
    return this.nodes.reduce((sum, n) => sum + n.podsWithAffinity, 0);
  }

  get podsWithRequiredAntiAffinity(): number {
    return this.nodes.reduce((sum, n) => sum + n.podsWithRequiredAntiAffinity, 0);
  }
}

/**
 * What one scheduling cycle shares between its extension points: the pod,
 * the cluster snapshot, and per-plugin data (keyed by plugin name) that a
 * PreFilter or PreScore computes once and Filter or Score reads for every
 * node.
 */
import type { PodInfo } from "./pod-info.js";
import type { Snapshot } from "./types.js";

export class CycleState {
  readonly pod: PodInfo;
  readonly snapshot: Snapshot;
  readonly #data = new Map<string, unknown>();
  /** Plugins whose PreFilter answered Skip: their Filter does not run. */
  readonly skipFilter = new Set<string>();
  /** Plugins whose PreScore answered Skip: their Score does not run. */
  readonly skipScore = new Set<string>();

  constructor(pod: PodInfo, snapshot: Snapshot) {
    this.pod = pod;
    this.snapshot = snapshot;
  }

  /** The data `plugin` wrote this cycle; the plugin owns its type. */
  read<T>(plugin: string): T | undefined {
    return this.#data.get(plugin) as T | undefined;
  }

  write(plugin: string, value: unknown): void {
    this.#data.set(plugin, value);
  }
}

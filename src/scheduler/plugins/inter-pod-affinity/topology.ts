/** Counts per topology domain (a node label key and value), shared by filtering and scoring. */

export class TopologyCounts {
  readonly #counts = new Map<string, Map<string, number>>();

  get size(): number {
    return this.#counts.size;
  }

  add(key: string, labels: Readonly<Record<string, string>>, delta: number): void {
    const value = Object.hasOwn(labels, key) ? labels[key] : undefined;
    if (value === undefined) return;
    let byValue = this.#counts.get(key);
    if (!byValue) this.#counts.set(key, (byValue = new Map()));
    byValue.set(value, (byValue.get(value) ?? 0) + delta);
  }

  get(key: string, value: string): number {
    return this.#counts.get(key)?.get(value) ?? 0;
  }

  /** The sum over every key counted of the node's domain for that key. */
  sumFor(labels: Readonly<Record<string, string>>): number {
    let sum = 0;
    for (const [key, byValue] of this.#counts) {
      const value = Object.hasOwn(labels, key) ? labels[key] : undefined;
      if (value !== undefined) sum += byValue.get(value) ?? 0;
    }
    return sum;
  }

  /** Whether any domain of the node has a positive count. */
  anyPositive(labels: Readonly<Record<string, string>>): boolean {
    for (const [key, byValue] of this.#counts) {
      const value = Object.hasOwn(labels, key) ? labels[key] : undefined;
      if (value !== undefined && (byValue.get(value) ?? 0) > 0) return true;
    }
    return false;
  }
}

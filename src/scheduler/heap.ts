/** A binary heap of keyed items with removal by key, for the scheduling queue's sub-queues. */

export class KeyedHeap<T> {
  readonly #items: T[] = [];
  readonly #index = new Map<string, number>();
  readonly #key: (item: T) => string;
  readonly #less: (a: T, b: T) => boolean;

  constructor(options: { readonly key: (item: T) => string; readonly less: (a: T, b: T) => boolean }) {
    this.#key = options.key;
    this.#less = options.less;
  }

  get size(): number {
    return this.#items.length;
  }

  has(key: string): boolean {
    return this.#index.has(key);
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  /** Adds the item, or replaces the one with the same key and restores the order. */
  push(item: T): void {
    const key = this.#key(item);
    const existing = this.#index.get(key);
    if (existing !== undefined) {
      this.#items[existing] = item;
      this.#fix(existing);
      return;
    }
    this.#items.push(item);
    this.#index.set(key, this.#items.length - 1);
    this.#up(this.#items.length - 1);
  }

  pop(): T | undefined {
    const top = this.#items[0];
    if (top !== undefined) this.delete(this.#key(top));
    return top;
  }

  delete(key: string): T | undefined {
    const i = this.#index.get(key);
    if (i === undefined) return undefined;
    const item = this.#items[i] as T;
    const last = this.#items.pop() as T;
    this.#index.delete(key);
    if (i < this.#items.length) {
      this.#items[i] = last;
      this.#index.set(this.#key(last), i);
      this.#fix(i);
    }
    return item;
  }

  #fix(i: number): void {
    if (!this.#up(i)) this.#down(i);
  }

  #up(start: number): boolean {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(this.#items[i] as T, this.#items[parent] as T)) break;
      this.#swap(i, parent);
      i = parent;
    }
    return i !== start;
  }

  #down(start: number): void {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.#items.length && this.#less(this.#items[left] as T, this.#items[smallest] as T)) smallest = left;
      if (right < this.#items.length && this.#less(this.#items[right] as T, this.#items[smallest] as T)) smallest = right;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }

  #swap(a: number, b: number): void {
    const items = this.#items;
    const itemA = items[a] as T;
    const itemB = items[b] as T;
    items[a] = itemB;
    items[b] = itemA;
    this.#index.set(this.#key(itemB), a);
    this.#index.set(this.#key(itemA), b);
  }
}

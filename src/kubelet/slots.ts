/**
 * A FIFO semaphore: at most `size` tasks run at once, the rest wait in call
 * order. The kubelet limits sandbox creation with it (sandbox-slots.ts) and
 * serializes image pulls with one slot (serializeImagePulls).
 */
export class Slots {
  readonly #size: number;
  #busy = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`Slots needs a whole number of slots above 0, not ${size}`);
    this.#size = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#busy >= this.#size) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#busy++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line, so a late caller cannot overtake it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#busy--;
    }
  }
}

/**
 * Who holds which cluster IP or node port. A `ValueRange` is a contiguous
 * range of integers (IPv4 addresses as numbers, or ports) with the holders
 * of each value; dynamic allocation picks a random free value in the upper
 * part of the range first, leaving the lower "static" band to values users
 * ask for (upstream's ServiceIPStaticSubrange and
 * ServiceNodePortStaticSubrange). Holdings are rebuilt from the Services
 * that exist, so nothing is handed out twice across restarts.
 *
 * The module has no I/O: a registry admission hook could use it as well
 * to refuse a taken value at create time, as upstream does.
 */
import { isIPv4 } from "node:net";

export type Claim = "ok" | "taken" | "out-of-range";

export class ValueRange {
  /** First usable value and how many there are. */
  readonly first: number;
  readonly size: number;
  /** Offsets below this are left to explicit requests while others are free. */
  readonly staticBand: number;
  readonly #holders = new Map<number, Set<string>>();
  readonly #held = new Map<string, Set<number>>();

  constructor(first: number, size: number, staticBand: number) {
    this.first = first;
    this.size = size;
    this.staticBand = Math.min(staticBand, size);
  }

  contains(value: number): boolean {
    return Number.isInteger(value) && value >= this.first && value < this.first + this.size;
  }

  /** Holders in the order they claimed the value: the first is its rightful owner. */
  holders(value: number): readonly string[] {
    return [...(this.#holders.get(value) ?? [])];
  }

  /** Replaces what `owner` holds with `values` (out-of-range values are not held). */
  hold(owner: string, values: Iterable<number>): void {
    const wanted = new Set([...values].filter((value) => this.contains(value)));
    for (const value of this.#held.get(owner) ?? []) if (!wanted.has(value)) this.#drop(owner, value);
    for (const value of wanted) {
      let holders = this.#holders.get(value);
      if (!holders) this.#holders.set(value, (holders = new Set()));
      holders.add(owner);
    }
    if (wanted.size > 0) this.#held.set(owner, wanted);
    else this.#held.delete(owner);
  }

  release(owner: string): void {
    this.hold(owner, []);
  }

  /** Whether `owner` may have `value`: in range, and free or first claimed by `owner`. Does not hold it. */
  check(owner: string, value: number): Claim {
    if (!this.contains(value)) return "out-of-range";
    const first = this.holders(value)[0];
    return first === undefined || first === owner ? "ok" : "taken";
  }

  /** A free value for `owner`, now held by it; undefined when the range is full. */
  allocate(owner: string, random: () => number = Math.random): number | undefined {
    const value = this.#scan(this.staticBand, this.size, random) ?? this.#scan(0, this.staticBand, random);
    if (value !== undefined) this.hold(owner, [...(this.#held.get(owner) ?? []), value]);
    return value;
  }

  /** From a random offset in [from, to), the first free value, wrapping around. */
  #scan(from: number, to: number, random: () => number): number | undefined {
    const width = to - from;
    if (width <= 0) return undefined;
    const start = Math.floor(random() * width);
    for (let i = 0; i < width; i++) {
      const value = this.first + from + ((start + i) % width);
      if (!this.#holders.has(value)) return value;
    }
    return undefined;
  }

  #drop(owner: string, value: number): void {
    const holders = this.#holders.get(value);
    holders?.delete(owner);
    if (holders?.size === 0) this.#holders.delete(value);
  }
}

export function ipv4ToNumber(text: string): number | undefined {
  if (!isIPv4(text)) return undefined;
  return text.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
}

export function numberToIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** upstream's calculateRangeOffset: size/step, clamped to [min, max]; small ranges have no static band. */
function staticBand(size: number, min: number, max: number, step: number): number {
  if (size < min) return 0;
  return Math.max(min, Math.min(max, Math.floor(size / step)));
}

/**
 * The cluster IPs of an IPv4 service CIDR: every address but the network
 * and broadcast ones. The first of them is the `kubernetes` Service's.
 */
export function clusterIPRange(cidr: string): ValueRange {
  const [address = "", prefixText = ""] = cidr.split("/");
  const base = ipv4ToNumber(address);
  const prefix = Number(prefixText);
  if (base === undefined || !/^\d+$/.test(prefixText) || prefix > 30) throw new Error(`service CIDR ${cidr} is not an IPv4 CIDR of at least 4 addresses`);
  const size = 2 ** (32 - prefix);
  const network = base - (base % size);
  return new ValueRange(network + 1, size - 2, staticBand(size, 16, 256, 16));
}

/** A node port range such as "30000-32767". */
export function nodePortRange(text: string): ValueRange {
  const match = /^(\d+)-(\d+)$/.exec(text);
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (!match || first > last || last > 65535) throw new Error(`node port range ${text} is not of the form first-last`);
  const size = last - first + 1;
  return new ValueRange(first, size, staticBand(size, 16, 128, 32));
}

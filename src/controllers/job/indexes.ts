/**
 * Sets of completion indexes as ordered intervals, written the way
 * status.completedIndexes shows them ("1,3-5,7"), and the choice of which
 * indexes still need a pod.
 */

interface Interval {
  readonly first: number;
  readonly last: number;
}

export class Intervals {
  readonly #intervals: readonly Interval[];

  private constructor(intervals: readonly Interval[]) {
    this.#intervals = intervals;
  }

  static readonly empty = new Intervals([]);

  /**
   * Parses "1,3-5": corrupt parts are skipped and indexes at or above
   * `completions` dropped (an Indexed job may have been scaled down).
   */
  static parse(text: string | undefined, completions: number): Intervals {
    const result: Interval[] = [];
    for (const part of (text ?? "").split(",")) {
      if (part === "") continue;
      const [firstText = "", lastText] = part.split("-");
      const first = Number.parseInt(firstText, 10);
      if (Number.isNaN(first)) continue;
      if (first >= completions) break;
      const parsedLast = lastText === undefined ? first : Number.parseInt(lastText, 10);
      if (Number.isNaN(parsedLast)) continue;
      const last = Math.min(parsedLast, completions - 1);
      const previous = result[result.length - 1];
      if (previous && previous.last === first - 1) result[result.length - 1] = { first: previous.first, last };
      else result.push({ first, last });
    }
    return new Intervals(result);
  }

  /** These intervals plus the given indexes (in increasing order). */
  withIndexes(indexes: readonly number[]): Intervals {
    return this.merge(new Intervals(indexes.map((index) => ({ first: index, last: index }))));
  }

  merge(other: Intervals): Intervals {
    const all = [...this.#intervals, ...other.#intervals].sort((a, b) => a.first - b.first);
    const result: Interval[] = [];
    for (const interval of all) {
      const previous = result[result.length - 1];
      if (!previous || interval.first > previous.last + 1) result.push(interval);
      else if (interval.last > previous.last) result[result.length - 1] = { first: previous.first, last: interval.last };
    }
    return new Intervals(result);
  }

  get total(): number {
    return this.#intervals.reduce((count, interval) => count + interval.last - interval.first + 1, 0);
  }

  has(index: number): boolean {
    // Binary search for the first interval ending at or after `index`.
    let low = 0;
    let high = this.#intervals.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.#intervals[middle]?.last ?? 0) >= index) high = middle;
      else low = middle + 1;
    }
    const found = this.#intervals[low];
    return found !== undefined && found.first <= index;
  }

  /** Every index, in order. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (const interval of this.#intervals) for (let index = interval.first; index <= interval.last; index++) yield index;
  }

  /** Upstream writes two adjacent indexes as "3,4" and longer runs as "3-5". */
  toString(): string {
    return this.#intervals
      .map(({ first, last }) => (last === first ? `${first}` : last === first + 1 ? `${first},${last}` : `${first}-${last}`))
      .join(",");
  }

  /** The first `count` indexes below `completions` that these intervals leave out. */
  firstMissing(count: number, completions: number): number[] {
    const result: number[] = [];
    let candidate = 0;
    for (const interval of [...this.#intervals, { first: completions, last: completions }]) {
      for (; candidate < completions && result.length < count && candidate < interval.first; candidate++) result.push(candidate);
      candidate = Math.max(candidate, interval.last + 1);
    }
    return result;
  }
}

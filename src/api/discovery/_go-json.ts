/**
 * Small helpers that make our documents come out the way Go's encoding/json
 * writes upstream's, so byte-level diffs against a real API server stay small.
 */

/** Code-point order, as Go's sort.Strings: locale rules must not reorder wire documents. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `{[key]: values}`, or nothing for an empty list, as a field tagged `omitempty`. */
export function omitEmpty<K extends string, T>(key: K, values: readonly T[]): Partial<Record<K, readonly T[]>> {
  return values.length > 0 ? ({ [key]: values } as Record<K, readonly T[]>) : {};
}

/**
 * resource.Quantity values (`500m`, `1Gi`, `2`, `1e3`) read as numbers, for
 * the comparisons pod validation and the QoS class need (requests against
 * limits). Precision beyond a double is not needed for those.
 */

const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

const SUFFIXES: Record<string, number> = {
  "": 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Upstream's wording for a value that is not a quantity. */
export const QUANTITY_FORMAT_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** The quantity's value in base units, or `undefined` when it is not a valid quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  const [, digits = "", suffix = ""] = match;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(digits)) return undefined;
  const number = Number(digits);
  const scale = SUFFIXES[suffix] ?? exponent(suffix);
  return scale === undefined ? undefined : number * scale;
}

/** `e3`, `E-2`: a decimal exponent suffix. */
function exponent(suffix: string): number | undefined {
  const match = /^[eE]([-+]?\d+)$/.exec(suffix);
  return match ? 10 ** Number(match[1]) : undefined;
}

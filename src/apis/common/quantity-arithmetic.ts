/**
 * Exact resource.Quantity arithmetic for quota usage and LimitRange checks:
 * amounts are held as integers of nano-units (bigint), so `100m + 200m` is
 * exactly `300m`, and printed in upstream's canonical form (`1500m`, `2`,
 * `1k`, `1536Mi`), keeping the format (decimal or binary suffix) of the
 * first operand as Quantity.Add does. parseQuantity in quantity.ts stays
 * the cheap float reading for comparisons that need no exactness.
 */

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

export interface Quantity {
  /** The amount in units of 10^-9 (values below a nano-unit round up, as upstream). */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

const SYNTAX = /^([+-]?)(\d+\.?\d*|\.\d+)(|[numkMGTPE]|[KMGTPE]i|[eE][+-]?\d+)$/;
const NANO = 10n ** 9n;
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

export const ZERO: Quantity = { nanos: 0n, format: "DecimalSI" };

/** Divides rounding toward positive infinity (upstream rounds sub-nano amounts up). */
function divCeil(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? q + 1n : q;
}

/** Reads `500m`, `1.5Gi`, `2e3` or a JSON number; `undefined` when it is not a quantity. */
export function toQuantity(value: unknown): Quantity | undefined {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value;
  if (typeof text !== "string") return undefined;
  const match = SYNTAX.exec(text);
  if (!match) return undefined;
  const [, sign = "", digits = "", suffix = ""] = match;
  const [whole = "", fraction = ""] = digits.split(".");
  let mantissa = BigInt(`${whole}${fraction}` || "0");
  if (sign === "-") mantissa = -mantissa;
  const binary = BINARY_SUFFIXES.indexOf(suffix);
  if (suffix !== "" && binary > 0) {
    const scaled = mantissa * 1024n ** BigInt(binary) * NANO;
    return { nanos: divCeil(scaled, 10n ** BigInt(fraction.length)), format: "BinarySI" };
  }
  const exponent = suffix in DECIMAL_SUFFIXES ? (DECIMAL_SUFFIXES[suffix] as number) : Number(suffix.slice(1));
  const shift = 9 + exponent - fraction.length;
  const nanos = shift >= 0 ? mantissa * 10n ** BigInt(shift) : divCeil(mantissa, 10n ** BigInt(-shift));
  return { nanos, format: /^[eE]/.test(suffix) ? "DecimalExponent" : "DecimalSI" };
}

/** Like toQuantity, with zero for what is missing or unreadable. */
export function quantityOf(value: unknown): Quantity {
  return toQuantity(value) ?? ZERO;
}

/** a + b in a's format (b's when a is zero), as Quantity.Add. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** Upstream's canonical text: the largest suffix that keeps the mantissa whole. */
export function formatQuantity(q: Quantity): string {
  const { nanos } = q;
  if (nanos === 0n) return "0";
  const negative = nanos < 0n;
  const magnitude = negative ? -nanos : nanos;
  const sign = negative ? "-" : "";
  // Binary suffixes only for whole amounts of at least 1024; anything else reads as decimal.
  if (q.format === "BinarySI" && magnitude % NANO === 0n && magnitude >= 1024n * NANO) {
    let units = magnitude / NANO;
    let power = 0;
    while (power < BINARY_SUFFIXES.length - 1 && units % 1024n === 0n) {
      units /= 1024n;
      power++;
    }
    return `${sign}${units}${BINARY_SUFFIXES[power] ?? ""}`;
  }
  // Decimal: strip zeros three at a time, from nano-units upward.
  let mantissa = magnitude;
  let exponent = -9;
  while (exponent < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exponent += 3;
  }
  if (q.format === "DecimalExponent") return `${sign}${mantissa}${exponent === 0 ? "" : `e${exponent}`}`;
  const suffix = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exponent)?.[0] ?? "";
  return `${sign}${mantissa}${suffix}`;
}

/** limit/request to six decimals, rounded half to even (LimitRanger's "provided ratio"). */
export function ratioText(limit: Quantity, request: Quantity): string {
  const l = limit.nanos < 0n ? -limit.nanos : limit.nanos;
  const r = request.nanos < 0n ? -request.nanos : request.nanos;
  const scaled = l * 1_000_000n;
  let q = scaled / r;
  const twice = (scaled % r) * 2n;
  if (twice > r || (twice === r && q % 2n === 1n)) q++;
  const text = q.toString().padStart(7, "0");
  return `${text.slice(0, -6)}.${text.slice(-6)}`;
}

/** Whether limit > request × ratio, exactly. */
export function exceedsRatio(limit: Quantity, request: Quantity, ratio: Quantity): boolean {
  const abs = (n: bigint) => (n < 0n ? -n : n);
  return abs(limit.nanos) * NANO > abs(request.nanos) * ratio.nanos;
}

/**
 * A tiny protobuf writer for the tests: hand-built messages reach the corners
 * (packed lists, repeated messages, wrong wire types) that kubectl's bodies do not.
 */

export type Field = readonly [number: number, value: number | bigint | boolean | string | Uint8Array];

/** A varint of a signed 64-bit value, as Go writes int32 and int64 (negatives take ten bytes). */
export function varint(value: number | bigint): Uint8Array {
  let rest = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest === 0n ? low : low | 0x80);
  } while (rest !== 0n);
  return Uint8Array.from(bytes);
}

/** One message: numbers, booleans and bigints as varints; strings and bytes length-delimited. */
export function message(...fields: readonly Field[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [number, value] of fields) {
    if (typeof value === "string" || value instanceof Uint8Array) {
      const payload = typeof value === "string" ? new TextEncoder().encode(value) : value;
      parts.push(varint(number * 8 + 2), varint(payload.length), payload);
    } else {
      parts.push(varint(number * 8), varint(typeof value === "boolean" ? Number(value) : value));
    }
  }
  return concat(...parts);
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The few protobuf wire-format primitives the gnostic document needs:
 * varints, doubles and length-delimited fields. Scalars follow proto3: a
 * field at its default (empty string, false, absent) is not written.
 *
 * Everything is written into one growing buffer. A length-delimited field's
 * length is known only after its body is written, so the body is written
 * first and moved right by the size of the length's varint (usually 1–3
 * bytes). Moving bytes is cheap; allocating a chunk per field was not: with
 * the built-in kinds' schemas, garbage collection was most of the cost.
 */

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;

const utf8 = new TextEncoder();

function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
}

export class ProtoWriter {
  #buffer = new Uint8Array(64 * 1024);
  #position = 0;

  #reserve(bytes: number): void {
    const needed = this.#position + bytes;
    if (needed <= this.#buffer.length) return;
    let size = this.#buffer.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.#buffer.subarray(0, this.#position));
    this.#buffer = grown;
  }

  /** Unsigned only: every number mini writes is a tag, a length, a flag or a size. */
  #varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Cannot write ${value} as an unsigned varint`);
    this.#reserve(varintSize(value));
    let rest = value;
    // Division rather than bit shifts: shifts truncate to 32 bits.
    while (rest >= 0x80) {
      this.#buffer[this.#position++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.#buffer[this.#position++] = rest;
  }

  #tag(field: number, wireType: number): void {
    this.#varint(field * 8 + wireType);
  }

  /** A length-delimited field whose body `write` appends. */
  #delimited(field: number, write: () => void): void {
    this.#tag(field, LENGTH_DELIMITED);
    const start = this.#position;
    write();
    const end = this.#position;
    const prefix = varintSize(end - start);
    this.#reserve(prefix);
    this.#buffer.copyWithin(start + prefix, start, end);
    this.#position = start;
    this.#varint(end - start);
    this.#position = end + prefix;
  }

  uint(field: number, value: number | undefined): void {
    if (value === undefined || value === 0) return;
    this.#tag(field, VARINT);
    this.#varint(value);
  }

  bool(field: number, value: boolean | undefined): void {
    if (value) this.uint(field, 1);
  }

  /** A bool member of a oneof: written even when false, since being set is what the oneof records. */
  oneofBool(field: number, value: boolean): void {
    this.#tag(field, VARINT);
    this.#varint(value ? 1 : 0);
  }

  double(field: number, value: number | undefined): void {
    if (value === undefined || value === 0) return;
    this.#tag(field, FIXED64);
    this.#reserve(8);
    new DataView(this.#buffer.buffer).setFloat64(this.#position, value, true);
    this.#position += 8;
  }

  string(field: number, value: string | undefined): void {
    if (value === undefined || value === "") return;
    this.#string(field, value);
  }

  /** A repeated string: one field per element, empty strings included. */
  strings(field: number, values: readonly string[] | undefined): void {
    for (const value of values ?? []) this.#string(field, value);
  }

  #string(field: number, value: string): void {
    this.#delimited(field, () => {
      // UTF-8 needs at most three bytes per UTF-16 code unit.
      this.#reserve(value.length * 3);
      this.#position += utf8.encodeInto(value, this.#buffer.subarray(this.#position)).written;
    });
  }

  /** An embedded message, written even when empty: presence is what distinguishes it from absent. */
  message(field: number, write: (writer: ProtoWriter) => void): void {
    this.#delimited(field, () => write(this));
  }

  finish(): Uint8Array {
    return this.#buffer.slice(0, this.#position);
  }
}

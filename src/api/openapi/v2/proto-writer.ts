/**
 * The few protobuf wire-format primitives the gnostic document needs:
 * varints, doubles and length-delimited fields. Scalars follow proto3: a
 * field at its default (empty string, false, absent) is not written.
 * Nested messages are written into their own writer and appended as chunks,
 * so a deep document is copied once, when `finish` joins it.
 */

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;

const utf8 = new TextEncoder();

export class ProtoWriter {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  #push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** Unsigned only: every number mini writes is a tag, a length, a flag or a size. */
  #varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Cannot write ${value} as an unsigned varint`);
    const bytes: number[] = [];
    let rest = value;
    // Division rather than bit shifts: shifts truncate to 32 bits.
    while (rest >= 0x80) {
      bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    bytes.push(rest);
    this.#push(Uint8Array.from(bytes));
  }

  #tag(field: number, wireType: number): void {
    this.#varint(field * 8 + wireType);
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
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    this.#tag(field, FIXED64);
    this.#push(bytes);
  }

  string(field: number, value: string | undefined): void {
    if (value === undefined || value === "") return;
    this.#bytes(field, utf8.encode(value));
  }

  /** A repeated string: one field per element, empty strings included. */
  strings(field: number, values: readonly string[] | undefined): void {
    for (const value of values ?? []) this.#bytes(field, utf8.encode(value));
  }

  #bytes(field: number, bytes: Uint8Array): void {
    this.#tag(field, LENGTH_DELIMITED);
    this.#varint(bytes.length);
    this.#push(bytes);
  }

  /** An embedded message, written even when empty: presence is what distinguishes it from absent. */
  message(field: number, write: (writer: ProtoWriter) => void): void {
    const nested = new ProtoWriter();
    write(nested);
    this.#tag(field, LENGTH_DELIMITED);
    this.#varint(nested.#length);
    for (const chunk of nested.#chunks) this.#push(chunk);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

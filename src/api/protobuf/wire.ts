/**
 * The protobuf wire format, read-only: just enough to walk the messages
 * Kubernetes clients send. Malformed input throws ProtobufError inside this
 * module; kubernetes.ts turns it into a result value at the module's edge.
 */

/** Wire types from the protobuf encoding spec. Groups (3, 4) are never used by Kubernetes. */
export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/**
 * Malformed input. `path` names the field where it was found (outermost
 * first); decoders add to it as the error passes up through them, so no
 * path has to be carried down on the happy path.
 */
export class ProtobufError extends Error {
  override name = "ProtobufError";
  readonly #problem: string;
  readonly #path: string[] = [];

  constructor(problem: string) {
    super(problem);
    this.#problem = problem;
  }

  /** Records that the error happened inside `field` (a name, or an index like `[0]`) and returns it for rethrowing. */
  within(field: string): this {
    this.#path.unshift(field);
    const path = this.#path.map((part, index) => (index === 0 || part.startsWith("[") ? part : `.${part}`)).join("");
    this.message = `${path}: ${this.#problem}`;
    return this;
  }
}

export interface FieldTag {
  readonly number: number;
  readonly wireType: WireType;
}

/** A known field whose wire type contradicts its declared type is malformed (Go's decoders refuse it too). */
export function expectWireType(tag: FieldTag, expected: WireType): void {
  if (tag.wireType !== expected) throw new ProtobufError(`Wire type ${tag.wireType}, expected ${expected}`);
}

function isWireType(value: number): value is WireType {
  return value === WireType.varint || value === WireType.fixed64 || value === WireType.bytes || value === WireType.fixed32;
}

const TWO_POW_32 = 2 ** 32;
// Not fatal: Go reads protobuf strings without checking UTF-8 and its JSON
// then writes bad bytes as U+FFFD, which is what replacement decoding gives.
const textDecoder = new TextDecoder("utf-8");

/** A cursor over one message's bytes; nested messages get a reader of their own. */
export class Reader {
  readonly #bytes: Uint8Array;
  #offset = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get done(): boolean {
    return this.#offset >= this.#bytes.length;
  }

  tag(): FieldTag {
    const key = this.#varint();
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    if (number < 1) throw new ProtobufError(`Invalid field number ${number}`);
    if (!isWireType(wireType)) throw new ProtobufError(`Unsupported wire type ${wireType} for field ${number}`);
    return { number, wireType };
  }

  /**
   * A varint as a signed 64-bit integer (int32 values are sign-extended on the
   * wire, so the same reading serves both). Values a JS number cannot hold
   * exactly are refused rather than rounded: JSON clients could not have sent them either.
   */
  int64(): number {
    const { low, high } = this.#varint64();
    const value = (high | 0) * TWO_POW_32 + low;
    if (!Number.isSafeInteger(value)) throw new ProtobufError("Integer out of the range a JSON number holds exactly");
    return value;
  }

  /** A varint truncated to 32 bits, as protobuf reads int32. */
  int32(): number {
    return this.#varint64().low | 0;
  }

  bool(): boolean {
    const { low, high } = this.#varint64();
    return low !== 0 || high !== 0;
  }

  bytes(): Uint8Array {
    const length = this.#varint();
    const end = this.#offset + length;
    if (end > this.#bytes.length) throw new ProtobufError("Length-delimited field runs past the end of its message");
    const slice = this.#bytes.subarray(this.#offset, end);
    this.#offset = end;
    return slice;
  }

  string(): string {
    return textDecoder.decode(this.bytes());
  }

  /** Skips a field this reader has no use for (proto semantics: unknown fields are ignored). */
  skip(wireType: WireType): void {
    switch (wireType) {
      case WireType.varint:
        this.#varint64();
        return;
      case WireType.fixed64:
        this.#advance(8);
        return;
      case WireType.bytes:
        this.bytes();
        return;
      case WireType.fixed32:
        this.#advance(4);
        return;
      default: {
        const unreachable: never = wireType;
        throw new ProtobufError(`Unsupported wire type ${String(unreachable)}`);
      }
    }
  }

  #advance(count: number): void {
    if (this.#offset + count > this.#bytes.length) throw new ProtobufError("Fixed-width field runs past the end of its message");
    this.#offset += count;
  }

  /** A varint used as a length or tag: it must fit a JS number exactly and be non-negative. */
  #varint(): number {
    const { low, high } = this.#varint64();
    const value = high * TWO_POW_32 + low;
    if (!Number.isSafeInteger(value)) throw new ProtobufError("Length or tag out of range");
    return value;
  }

  /** Up to ten bytes of 7-bit groups, as two unsigned 32-bit halves. */
  #varint64(): { low: number; high: number } {
    let low = 0;
    let high = 0;
    for (let index = 0; index < 10; index++) {
      const byte = this.#bytes[this.#offset++];
      if (byte === undefined) throw new ProtobufError("Varint runs past the end of its message");
      const bits = byte & 0x7f;
      if (index < 4) {
        low |= bits << (7 * index);
      } else if (index === 4) {
        // The fifth group straddles the halves: 4 bits to low, 3 to high.
        low |= (bits & 0x0f) << 28;
        high |= bits >>> 4;
      } else {
        high |= bits << (7 * index - 32);
      }
      if (byte < 0x80) return { low: low >>> 0, high: high >>> 0 };
    }
    throw new ProtobufError("Varint longer than ten bytes");
  }
}

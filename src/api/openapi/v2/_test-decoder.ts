/**
 * A tiny protobuf wire-format reader for the tests: it knows no schema, only
 * field numbers and wire types, so the tests state gnostic's field numbers
 * themselves and check the encoder against them rather than against its own
 * tables.
 */

export interface Field {
  readonly number: number;
  /** varint and fixed64 fields as numbers, length-delimited ones as bytes. */
  readonly value: number | Uint8Array;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function readFields(bytes: Uint8Array): Field[] {
  const fields: Field[] = [];
  let offset = 0;
  const varint = (): number => {
    let value = 0;
    for (let scale = 1; ; scale *= 0x80) {
      const byte = bytes[offset++];
      if (byte === undefined) throw new Error("Truncated varint");
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
    }
  };
  while (offset < bytes.length) {
    const tag = varint();
    const number = Math.floor(tag / 8);
    switch (tag % 8) {
      case 0:
        fields.push({ number, value: varint() });
        break;
      case 1:
        fields.push({ number, value: new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getFloat64(0, true) });
        offset += 8;
        break;
      case 2: {
        const length = varint();
        if (offset + length > bytes.length) throw new Error(`Field ${number} runs past the end`);
        fields.push({ number, value: bytes.subarray(offset, offset + length) });
        offset += length;
        break;
      }
      default:
        throw new Error(`Unexpected wire type ${tag % 8} for field ${number}`);
    }
  }
  return fields;
}

/** A decoded message, read by field number. */
export class Message {
  readonly fields: readonly Field[];

  constructor(bytes: Uint8Array) {
    this.fields = readFields(bytes);
  }

  #bytes(number: number): Uint8Array[] {
    return this.fields.filter((field) => field.number === number).map(({ value }) => {
      if (!(value instanceof Uint8Array)) throw new Error(`Field ${number} is not length-delimited`);
      return value;
    });
  }

  numbers(): Set<number> {
    return new Set(this.fields.map((field) => field.number));
  }

  strings(number: number): string[] {
    return this.#bytes(number).map((bytes) => utf8.decode(bytes));
  }

  string(number: number): string | undefined {
    return this.strings(number).at(-1);
  }

  messages(number: number): Message[] {
    return this.#bytes(number).map((bytes) => new Message(bytes));
  }

  message(number: number): Message | undefined {
    return this.messages(number).at(-1);
  }

  number(number: number): number | undefined {
    const value = this.fields.filter((field) => field.number === number).at(-1)?.value;
    if (value instanceof Uint8Array) throw new Error(`Field ${number} is length-delimited`);
    return value;
  }
}

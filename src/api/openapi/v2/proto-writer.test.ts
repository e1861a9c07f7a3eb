import assert from "node:assert/strict";
import { test } from "node:test";
import { ProtoWriter } from "./proto-writer.js";

function bytesOf(write: (writer: ProtoWriter) => void): number[] {
  const writer = new ProtoWriter();
  write(writer);
  return [...writer.finish()];
}

test("uint() writes base-128 varints past 32 bits, after a varint tag", () => {
  const cases: [number, number[]][] = [
    [1, [0x08, 0x01]],
    [127, [0x08, 0x7f]],
    [128, [0x08, 0x80, 0x01]],
    [300, [0x08, 0xac, 0x02]],
    [2 ** 35, [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]],
  ];
  for (const [value, expected] of cases) assert.deepEqual(bytesOf((writer) => writer.uint(1, value)), expected, `${value}`);
  assert.throws(() => bytesOf((writer) => writer.uint(1, -1)), RangeError);
});

test("scalars at their proto3 default are left out", () => {
  assert.deepEqual(
    bytesOf((writer) => {
      writer.uint(1, 0);
      writer.bool(2, false);
      writer.string(3, "");
      writer.double(4, undefined);
    }),
    [],
  );
});

test("a oneof bool is written even when false", () => {
  assert.deepEqual(bytesOf((writer) => writer.oneofBool(2, false)), [0x10, 0x00]);
  assert.deepEqual(bytesOf((writer) => writer.oneofBool(2, true)), [0x10, 0x01]);
});

test("strings are UTF-8 and length-delimited; repeated strings keep empty elements", () => {
  assert.deepEqual(bytesOf((writer) => writer.string(1, "é")), [0x0a, 0x02, 0xc3, 0xa9]);
  assert.deepEqual(bytesOf((writer) => writer.strings(2, ["a", ""])), [0x12, 0x01, 0x61, 0x12, 0x00]);
});

test("double() writes a little-endian fixed64", () => {
  assert.deepEqual(bytesOf((writer) => writer.double(7, 1.5)), [0x39, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
});

test("message() prefixes nested content with its length, and writes empty messages", () => {
  assert.deepEqual(
    bytesOf((writer) => {
      writer.message(2, (nested) => nested.message(1, (inner) => inner.string(1, "ab")));
      writer.message(3, () => undefined);
    }),
    [0x12, 0x06, 0x0a, 0x04, 0x0a, 0x02, 0x61, 0x62, 0x1a, 0x00],
  );
});

test("a body longer than 127 bytes gets a multi-byte length, and the buffer grows past its first size", () => {
  const text = "x".repeat(100_000);
  const bytes = bytesOf((writer) => writer.message(1, (nested) => nested.string(2, text)));
  // 100000 = 0xa0 0x8d 0x06; the message adds the string's tag (1 byte) and length (3 bytes).
  assert.deepEqual(bytes.slice(0, 4), [0x0a, 0xa4, 0x8d, 0x06]);
  assert.deepEqual(bytes.slice(4, 8), [0x12, 0xa0, 0x8d, 0x06]);
  assert.equal(bytes.length, 8 + text.length);
  assert.equal(bytes.at(-1), 0x78);
});

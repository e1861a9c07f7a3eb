import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { concat, message, varint } from "./_test-encode.js";
import { ProtobufError, Reader, WireType } from "./wire.js";

function readerOf(...parts: Uint8Array[]): Reader {
  return new Reader(concat(...parts));
}

describe("Reader", () => {
  test("int64() reads one- to ten-byte varints, negatives in two's complement", () => {
    const cases: [number | bigint, number][] = [
      [0, 0],
      [1, 1],
      [300, 300],
      [2 ** 31, 2 ** 31],
      [2 ** 32 + 5, 2 ** 32 + 5],
      [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
      [-1, -1],
      [-62135596800, -62135596800],
      [Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER],
    ];
    for (const [written, read] of cases) assert.equal(readerOf(varint(written)).int64(), read, String(written));
  });

  test("int64() refuses values a JS number cannot hold exactly", () => {
    for (const value of [2n ** 53n, 2n ** 63n - 1n, -(2n ** 53n) - 1n]) {
      assert.throws(() => readerOf(varint(value)).int64(), ProtobufError, String(value));
    }
  });

  test("int32() keeps the low 32 bits, as protobuf reads a sign-extended int32", () => {
    assert.equal(readerOf(varint(-5)).int32(), -5);
    assert.equal(readerOf(varint(2 ** 31 - 1)).int32(), 2 ** 31 - 1);
    assert.equal(readerOf(varint(2n ** 32n + 7n)).int32(), 7);
  });

  test("bool() is true for any non-zero varint", () => {
    assert.equal(readerOf(varint(0)).bool(), false);
    assert.equal(readerOf(varint(1)).bool(), true);
    assert.equal(readerOf(varint(2n ** 40n)).bool(), true);
  });

  test("tag() splits field number and wire type and refuses groups and field 0", () => {
    const reader = readerOf(varint(17 * 8 + 2));
    assert.deepEqual(reader.tag(), { number: 17, wireType: WireType.bytes });
    assert.throws(() => readerOf(varint(1 * 8 + 3)).tag(), /Unsupported wire type 3/);
    assert.throws(() => readerOf(varint(0 * 8 + 0)).tag(), /Invalid field number 0/);
  });

  test("skip() passes over every wire type and lands on the next field", () => {
    const bytes = concat(
      varint(1 * 8 + WireType.varint),
      varint(-1),
      varint(2 * 8 + WireType.fixed64),
      new Uint8Array(8),
      varint(3 * 8 + WireType.fixed32),
      new Uint8Array(4),
      message([4, "skipped"]),
      message([5, "kept"]),
    );
    const reader = new Reader(bytes);
    for (let index = 0; index < 4; index++) reader.skip(reader.tag().wireType);
    assert.deepEqual(reader.tag(), { number: 5, wireType: WireType.bytes });
    assert.equal(reader.string(), "kept");
    assert.equal(reader.done, true);
  });

  test("string() replaces invalid UTF-8 as Go's JSON does", () => {
    assert.equal(readerOf(varint(2), Uint8Array.from([0x61, 0xff])).string(), "a\uFFFD");
  });

  test("truncated input is a ProtobufError, never a silent short read", () => {
    assert.throws(() => readerOf(Uint8Array.from([0x80])).int64(), /Varint runs past the end/);
    assert.throws(() => readerOf(Uint8Array.from(new Array<number>(11).fill(0x80))).int64(), /longer than ten bytes/);
    assert.throws(() => readerOf(varint(5), Uint8Array.from([1, 2])).bytes(), /runs past the end/);
    assert.throws(() => readerOf(Uint8Array.from([1, 2, 3])).skip(WireType.fixed32), /runs past the end/);
  });
});

describe("ProtobufError", () => {
  test("within() builds the field path outermost first, indexes attached", () => {
    const error = new ProtobufError("Wire type 0, expected 2").within("ports").within("[1]").within("containers").within("spec");
    assert.equal(error.message, "spec.containers[1].ports: Wire type 0, expected 2");
  });
});

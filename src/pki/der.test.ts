import assert from "node:assert/strict";
import { test } from "node:test";
import { children, oid, readElement, sequence, smallInteger, time, tlv, unsignedInteger, utf8String } from "./der.js";

test("DER lengths take the short form below 128 bytes and the long form above", () => {
  assert.deepEqual([...tlv(0x04, Buffer.alloc(3)).subarray(0, 2)], [0x04, 3]);
  assert.deepEqual([...tlv(0x04, Buffer.alloc(200)).subarray(0, 3)], [0x04, 0x81, 200]);
  assert.deepEqual([...tlv(0x04, Buffer.alloc(300)).subarray(0, 4)], [0x04, 0x82, 0x01, 0x2c]);
});

test("OIDs, integers and times encode as X.509 expects", () => {
  assert.equal(oid("1.2.840.10045.4.3.2").toString("hex"), "06082a8648ce3d040302");
  assert.equal(oid("2.5.29.17").toString("hex"), "0603551d11");
  assert.equal(smallInteger(2).toString("hex"), "020102");
  assert.equal(unsignedInteger(Buffer.from([0x00, 0x00, 0x80])).toString("hex"), "02020080", "a leading zero keeps the high bit positive");
  assert.equal(time(new Date("2036-01-02T03:04:05.678Z")).toString(), "\u0017\u000d360102030405Z");
  assert.equal(time(new Date("2050-01-01T00:00:00Z")).toString(), "\u0018\u000f20500101000000Z");
});

test("readElement and children read back what the writers wrote", () => {
  const long = utf8String("x".repeat(150));
  const written = sequence(smallInteger(7), long, sequence());
  const outer = readElement(written);
  assert.equal(outer.tag, 0x30);
  assert.deepEqual(outer.raw, written);
  const items = children(outer.content);
  assert.deepEqual(items.map((item) => item.tag), [0x02, 0x0c, 0x30]);
  assert.deepEqual(items[1]?.raw, long);
  assert.equal(items[1]?.content.toString(), "x".repeat(150));
  assert.throws(() => readElement(written.subarray(0, 10)), /Truncated/);
});

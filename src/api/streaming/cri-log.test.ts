import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CriLogAssembler, formatLine, parseRecord } from "./cri-log.js";

const text = (lines: { text: Buffer }[]) => lines.map((l) => l.text.toString());

describe("CRI log records", () => {
  it("parseRecord() reads time, stream, tag and text", () => {
    const record = parseRecord(Buffer.from("2026-11-25T20:00:01.123456789Z stderr F oops: it failed"));
    assert.equal(record?.timestamp, "2026-11-25T20:00:01.123456789Z");
    assert.equal(record?.timeMs, Date.UTC(2026, 10, 25, 20, 0, 1, 123));
    assert.equal(record?.stream, "stderr");
    assert.equal(record?.partial, false);
    assert.equal(record?.text.toString(), "oops: it failed");
  });

  it("parseRecord() keeps an empty line and reads only the first of several tags", () => {
    assert.equal(parseRecord(Buffer.from("2026-11-25T20:00:01Z stdout F "))?.text.length, 0);
    assert.equal(parseRecord(Buffer.from("2026-11-25T20:00:01Z stdout F"))?.text.length, 0);
    assert.equal(parseRecord(Buffer.from("2026-11-25T20:00:01Z stdout P:x half"))?.partial, true);
  });

  it("parseRecord() rejects lines that are not CRI records", () => {
    for (const line of ["", "garbage", "not-a-time stdout F x", "2026-11-25T20:00:01Z stdin F x"]) {
      assert.equal(parseRecord(Buffer.from(line)), undefined, line);
    }
  });
});

describe("CriLogAssembler", () => {
  it("hands back lines only once their newline arrived, however the bytes are split", () => {
    const assembler = new CriLogAssembler();
    const file = "2026-11-25T20:00:01Z stdout F one\n2026-11-25T20:00:02Z stdout F two\n";
    const lines = [];
    for (const ch of file) lines.push(...assembler.push(Buffer.from(ch)));
    assert.deepEqual(text(lines), ["one", "two"]);
  });

  it("joins partial records of a stream and keeps the first record's time", () => {
    const assembler = new CriLogAssembler();
    const lines = assembler.push(
      Buffer.from(
        [
          "2026-11-25T20:00:01Z stdout P aaa",
          "2026-11-25T20:00:02Z stderr F err",
          "2026-11-25T20:00:03Z stdout P bbb",
          "2026-11-25T20:00:04Z stdout F ccc",
          "",
        ].join("\n"),
      ),
    );
    assert.deepEqual(text(lines), ["err", "aaabbbccc"]);
    assert.equal(lines[1]?.timestamp, "2026-11-25T20:00:01Z");
    assert.equal(lines[1]?.stream, "stdout");
  });

  it("joins a multi-byte character split across partial records", () => {
    const euro = Buffer.from("€");
    const assembler = new CriLogAssembler();
    const lines = assembler.push(
      Buffer.concat([Buffer.from("2026-11-25T20:00:01Z stdout P "), euro.subarray(0, 1), Buffer.from("\n2026-11-25T20:00:01Z stdout F "), euro.subarray(1), Buffer.from("\n")]),
    );
    assert.deepEqual(text(lines), ["€"]);
  });
});

describe("formatLine()", () => {
  const line = { timestamp: "2026-11-25T20:00:01.5Z", timeMs: 0, stream: "stdout" as const, text: Buffer.from("hello") };
  it("ends the text with a newline", () => assert.equal(formatLine(line, false).toString(), "hello\n"));
  it("puts the record's time in front when asked", () => assert.equal(formatLine(line, true).toString(), "2026-11-25T20:00:01.5Z hello\n"));
});

/**
 * The CRI container log format, as containerd writes it: one record per
 * line, `<RFC3339Nano time> <stdout|stderr> <tags> <text>`, where the first
 * tag is `F` (the text ends a line) or `P` (a partial line: the runtime split
 * a long line, and later records of the same stream continue it). The
 * assembler turns file bytes into whole log lines, joining partial records.
 * Bytes, not strings: a split may fall inside a multi-byte character.
 */

export type LogStream = "stdout" | "stderr";

export interface LogLine {
  /** The time of the line's first record, as written (RFC 3339 with nanoseconds). */
  readonly timestamp: string;
  /** The same time in milliseconds since the epoch, for since filters. */
  readonly timeMs: number;
  readonly stream: LogStream;
  /** The line's text without its newline. */
  readonly text: Buffer;
}

export interface CriRecord {
  readonly timestamp: string;
  readonly timeMs: number;
  readonly stream: LogStream;
  readonly partial: boolean;
  readonly text: Buffer;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;

/** One record, or undefined for a line that is not in the CRI format (skipped, as the kubelet does). */
export function parseRecord(line: Buffer): CriRecord | undefined {
  const afterTime = line.indexOf(SPACE);
  if (afterTime < 0) return undefined;
  const timestamp = line.subarray(0, afterTime).toString("latin1");
  const timeMs = Date.parse(timestamp);
  if (Number.isNaN(timeMs)) return undefined;
  const afterStream = line.indexOf(SPACE, afterTime + 1);
  if (afterStream < 0) return undefined;
  const stream = line.subarray(afterTime + 1, afterStream).toString("latin1");
  if (stream !== "stdout" && stream !== "stderr") return undefined;
  // Tags may carry more than one value (`F:x`); only the first one says whether the line is partial.
  let afterTags = line.indexOf(SPACE, afterStream + 1);
  if (afterTags < 0) afterTags = line.length;
  const tags = line.subarray(afterStream + 1, afterTags).toString("latin1");
  const partial = tags.split(":")[0] === "P";
  return { timestamp, timeMs, stream, partial, text: line.subarray(Math.min(afterTags + 1, line.length)) };
}

/** Feed it file bytes in any chunking; it hands back the lines completed so far. */
export class CriLogAssembler {
  #unterminated: Buffer = Buffer.alloc(0);
  /** Partial records waiting for their `F`, per stream (stdout and stderr interleave). */
  readonly #pending = new Map<LogStream, CriRecord[]>();

  push(chunk: Buffer): LogLine[] {
    const data = this.#unterminated.length > 0 ? Buffer.concat([this.#unterminated, chunk]) : chunk;
    const lines: LogLine[] = [];
    let start = 0;
    for (let end = data.indexOf(NEWLINE, start); end >= 0; end = data.indexOf(NEWLINE, start)) {
      const record = parseRecord(data.subarray(start, end));
      start = end + 1;
      if (record) {
        const line = this.#add(record);
        if (line) lines.push(line);
      }
    }
    // Copy: the rest may be a view into a large read buffer.
    this.#unterminated = Buffer.from(data.subarray(start));
    return lines;
  }

  #add(record: CriRecord): LogLine | undefined {
    const pending = this.#pending.get(record.stream) ?? [];
    if (record.partial) {
      pending.push(record);
      this.#pending.set(record.stream, pending);
      return undefined;
    }
    this.#pending.delete(record.stream);
    const first = pending[0] ?? record;
    const text = pending.length === 0 ? record.text : Buffer.concat([...pending.map((p) => p.text), record.text]);
    return { timestamp: first.timestamp, timeMs: first.timeMs, stream: record.stream, text };
  }
}

/** A line as the API sends it: with the record's time in front when asked. */
export function formatLine(line: LogLine, timestamps: boolean): Buffer {
  const prefix = timestamps ? `${line.timestamp} ` : "";
  return Buffer.concat([Buffer.from(prefix), line.text, Buffer.from("\n")]);
}

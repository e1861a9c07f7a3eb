/**
 * Copies one CRI log file to a response as the kubelet does: the last
 * `tailLines` lines, then the lines not older than `since`, with or without
 * timestamps, cut at `limitBytes`; when following, new lines as they are
 * written until the container stops.
 */
import { watch, type FSWatcher } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import type { Writable } from "node:stream";
import { CriLogAssembler, formatLine, type LogLine } from "./cri-log.js";
import type { LogOptions } from "./log-options.js";

const CHUNK_BYTES = 64 * 1024;
/** How often a follower looks at the file when no change event came, and at the container's state. */
const FOLLOW_POLL_MS = 1000;

export interface LogStreamOptions {
  readonly file: FileHandle;
  readonly path: string;
  readonly options: LogOptions;
  readonly out: Writable;
  readonly signal: AbortSignal;
  /** Whether the container still runs; a follower ends once it does not. */
  readonly isRunning: () => Promise<boolean>;
}

/** Writes lines to the response, honouring since and limitBytes; false once the limit is reached. */
class LineWriter {
  #written = 0;
  readonly #out: Writable;
  readonly #options: LogOptions;

  constructor(out: Writable, options: LogOptions) {
    this.#out = out;
    this.#options = options;
  }

  get full(): boolean {
    return this.#options.limitBytes !== undefined && this.#written >= this.#options.limitBytes;
  }

  async write(line: LogLine): Promise<void> {
    if (this.full) return;
    const { sinceMs, limitBytes, timestamps } = this.#options;
    if (sinceMs !== undefined && line.timeMs < sinceMs) return;
    let bytes = formatLine(line, timestamps);
    if (limitBytes !== undefined && this.#written + bytes.length > limitBytes) bytes = bytes.subarray(0, limitBytes - this.#written);
    this.#written += bytes.length;
    // Respect a slow reader instead of buffering the whole file in memory.
    if (!this.#out.write(bytes)) await new Promise<void>((resolve) => this.#out.once("drain", resolve).once("close", resolve));
  }
}

/** Reads what the file holds from `position` on; returns the new position. */
async function readFrom(file: FileHandle, position: number, onLines: (lines: LogLine[]) => Promise<void>, assembler: CriLogAssembler): Promise<number> {
  for (;;) {
    // A fresh buffer per read: the lines handed on are views into it, and a tail keeps them past the next read.
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, position);
    if (bytesRead === 0) return position;
    position += bytesRead;
    await onLines(assembler.push(buffer.subarray(0, bytesRead)));
  }
}

/** Resolves on the next change event, the poll interval or the abort, whichever comes first. */
class ChangeWaiter {
  readonly #watcher: FSWatcher | undefined;
  #wake: (() => void) | undefined;

  constructor(path: string) {
    try {
      this.#watcher = watch(path, () => this.#wake?.());
    } catch {
      // Some file systems cannot be watched; the poll interval alone then drives the follower.
      this.#watcher = undefined;
    }
  }

  next(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, FOLLOW_POLL_MS);
      signal.addEventListener("abort", done, { once: true });
      this.#wake = done;
    });
  }

  close(): void {
    this.#watcher?.close();
  }
}

export async function streamLog(stream: LogStreamOptions): Promise<void> {
  const { file, options, signal } = stream;
  const writer = new LineWriter(stream.out, options);
  const assembler = new CriLogAssembler();
  // tailLines picks the last lines of what is there now; since filters those (the kubelet's order).
  const tail: LogLine[] = [];
  const collectTail = async (lines: LogLine[]) => {
    if (options.tailLines === 0) return;
    tail.push(...lines);
    if (tail.length > (options.tailLines ?? 0)) tail.splice(0, tail.length - (options.tailLines ?? 0));
  };
  const writeAll = async (lines: LogLine[]) => {
    for (const line of lines) await writer.write(line);
  };
  let position = await readFrom(file, 0, options.tailLines === undefined ? writeAll : collectTail, assembler);
  await writeAll(tail.splice(0));
  if (!options.follow) return;

  const changes = new ChangeWaiter(stream.path);
  try {
    let checkedAt = 0;
    while (!signal.aborted && !writer.full) {
      // Ask the runtime at most once per interval, however busy the file; look before reading,
      // so the lines written just before the stop are still read.
      let running = true;
      if (Date.now() - checkedAt >= FOLLOW_POLL_MS) {
        checkedAt = Date.now();
        running = await stream.isRunning();
      }
      position = await readFrom(file, position, writeAll, assembler);
      if (!running) return;
      await changes.next(signal);
    }
  } finally {
    changes.close();
  }
}

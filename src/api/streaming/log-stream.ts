/**
 * Copies one CRI log file to a response as the kubelet does: the last
 * `tailLines` lines, then the lines not older than `since`, with or without
 * timestamps, cut at `limitBytes`; when following, new lines as they are
 * written until the container stops, across rotations of the file.
 */
import type { FileHandle } from "node:fs/promises";
import type { Writable } from "node:stream";
import { CriLogAssembler, formatLine, type LogLine } from "./cri-log.js";
import { ChangeWaiter, FOLLOW_POLL_MS, FollowedLog, readFrom, type PathOutcome } from "./log-file.js";
import type { LogOptions } from "./log-options.js";

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
  const position = await readFrom(file, 0, options.tailLines === undefined ? writeAll : collectTail, assembler);
  await writeAll(tail.splice(0));
  if (!options.follow) return;

  const log = await FollowedLog.start({ file, path: stream.path, position, assembler, onLines: writeAll });
  const changes = new ChangeWaiter(stream.path);
  try {
    let checkedAt = 0;
    let mayHaveMoved = true;
    while (!signal.aborted && !writer.full) {
      // Ask the runtime at most once per interval, however busy the file; look before reading,
      // so the lines written just before the stop are still read.
      let running = true;
      if (Date.now() - checkedAt >= FOLLOW_POLL_MS) {
        checkedAt = Date.now();
        running = await stream.isRunning();
      }
      await log.read();
      const outcome: PathOutcome = mayHaveMoved ? await log.keepUpWithPath() : "same";
      if (outcome === "moved") await log.read();
      if (!running) return;
      // While the runtime has not written to the path's new file yet, every wake-up looks again.
      mayHaveMoved = (await changes.next(signal)).mayHaveMoved || outcome === "pending";
    }
  } finally {
    changes.close();
    await log.close();
  }
}
